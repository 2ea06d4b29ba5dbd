package org.fengqiao.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.cases.CaseEvents;
import org.fengqiao.cases.Indicators;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.demo.internal.CountyGenerator;
import org.fengqiao.demo.internal.CountyWriter;
import org.fengqiao.demo.internal.DemoCounty;
import org.fengqiao.demo.internal.HistoryGenerator;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.platform.Role;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Two county copies live through randomized histories written at the same time (two threads, random seeds, every
 * step through the real facades; the events of 25 reports' lives commit together and are heard by concurrent
 * listener threads in any order). Then the read models must equal the raw tables, the rollups must equal a full
 * recomputation, and the dashboards' figures must equal {@link Indicators}' (computed from the raw tables) for
 * counties, towns, villages, categories, departments, whole months and odd periods.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsReadModelsTest {

    @Autowired
    HistoryGenerator history;
    @Autowired
    CountyWriter writer;
    @Autowired
    FengqiaoProperties properties;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Dashboards dashboards;
    @Autowired
    Indicators indicators;
    @Autowired
    Rollups rollups;
    @Autowired
    CaseFacts caseFacts;
    @Autowired
    DispatchSuggestions suggestions;
    @Autowired
    MonthlyReports monthlyReports;
    @Autowired
    MonthlyReportSchedule schedule;
    @Autowired
    HotspotMap hotspots;
    @Autowired
    AreaWarnings warnings;
    @Autowired
    OpenData openData;
    @Autowired
    RepeatReports repeats;
    @Autowired
    org.fengqiao.geography.AreaDirectory areaDirectory;
    @Autowired
    org.fengqiao.demo.internal.ScaleCases scaleCases;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("applicationTaskExecutor")
    org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor listenerThreads;

    final List<String> counties = new ArrayList<>();

    @BeforeAll
    void twoCountiesLiveAtOnce() throws Exception {
        CountyGenerator generator = new CountyGenerator(properties.demo().seed());
        DemoCounty base = generator.generate();
        int index = 1100;
        while (counties.size() < 2) {
            if (jdbc.sql("select count(*) from area where code = ?").param(CountyGenerator.countyCode(index))
                    .query(Long.class).single() == 0) {
                DemoCounty county = generator.copy(base, index);
                new TransactionTemplate(transactions).executeWithoutResult(s -> writer.write(county, null));
                counties.add(county.code());
            }
            index++;
        }
        long seed = ThreadLocalRandom.current().nextLong();
        System.out.println("AnalyticsReadModelsTest seed " + seed);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<HistoryGenerator.Summary>> runs = new ArrayList<>();
        for (int i = 0; i < counties.size(); i++) {
            String code = counties.get(i);
            long s = seed + i;
            runs.add(pool.submit(() -> history.generate(code, s, 300, 400)));
        }
        for (Future<HistoryGenerator.Summary> f : runs) {
            assertThat(f.get().cases()).isGreaterThan(200);
        }
        pool.shutdown();
        // two histories' worth of events: give the listeners longer than Events.settle's 20 s
        org.awaitility.Awaitility.await("event listeners").atMost(java.time.Duration.ofSeconds(180))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> Events.pending(jdbc) == 0);
        var listeners = listenerThreads.getThreadPoolExecutor();
        System.out.println("AnalyticsReadModelsTest: publications done; deliveries still queued " + listeners.getQueue()
                .size() + ", running " + listeners.getActiveCount());
        // deliveries of a publication already completed (a redelivery) may still wait in the listeners' queue: the
        // tests below rewrite read models and must not meet them
        org.awaitility.Awaitility.await("listener threads idle").atMost(java.time.Duration.ofSeconds(180))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> listeners.getQueue().isEmpty() && listeners.getActiveCount() == 0);
        assertThat(jdbc.sql("select count(*) from event_publication where status = 'FAILED'"
                + " and listener_id like '%analytics%'").query(Long.class)
                .single()).as("failed event publications").isZero();
    }

    @Test
    void theReadModelsEqualTheRawTables() {
        for (String county : counties) {
            String like = county + "%";
            assertThat(rows("""
                    select report_id, area_code, category_code, channel, received_at, accept_due, status, decided_at
                    from analytics_report where area_code like ? order by 1""", like))
                    .isEqualTo(rows("""
                            select id, area_code, category_code, channel, received_at, accept_due, status,
                                   case when status in ('ACCEPTED', 'MERGED', 'REJECTED') then decided_at end
                            from report where area_code like ? order by 1""", like));
            assertThat(rows("""
                    select case_id, number, area_code, category_code, dispute, state, opened_at, lead_org_id,
                           first_dispatched_at, handle_due, closed_at, closing_kind, rating, rated_at, supervised,
                           dispatch_count, return_count, rework_count
                    from analytics_case where area_code like ? order by 1""", like))
                    .as(() -> "steps heard vs the case's events: " + stepsOfDifferingCases(like))
                    .isEqualTo(rows("""
                            select id, number, area_code, category_code, dispute, state, opened_at, lead_org_id,
                                   first_dispatched_at, handle_due, closed_at, closing_kind, rating, rated_at, supervised,
                                   dispatch_count, return_count, rework_count
                            from case_file where area_code like ? order by 1""", like));
            assertThat(rows("""
                    select case_id, org_id, dispatched_at, returned_at from analytics_dispatch
                    where area_code like ? order by 1, 3""", like))
                    .isEqualTo(rows("""
                            select d.case_id, d.org_id, d.dispatched_at, d.returned_at from case_dispatch d
                            join case_file c on c.id = d.case_id
                            where d.role = 'LEAD' and c.area_code like ? order by 1, 3""", like));
            assertThat(rows("""
                    select case_id, at, passed from analytics_verification where area_code like ? order by 1, 2""",
                    like))
                    .isEqualTo(rows("""
                            select e.case_id, e.at, e.action = 'VERIFY_PASS' from case_event e
                            join case_file c on c.id = e.case_id
                            where e.action in ('VERIFY_PASS', 'VERIFY_FAIL') and c.area_code like ?
                            order by 1, 2""", like));
        }
    }

    @Test
    void theRollupsEqualAFullRecomputation() {
        // the snapshot and the rebuild in one transaction that holds the rollups still: a listener that committed in
        // between (the supervision sweep supervises overdue cases on its own schedule) made the listeners' rollups
        // before the rebuild differ from the read models the rebuild then read — a race of the test, not a difference
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("lock table analytics_rollup, analytics_rollup_org, analytics_case_now in exclusive mode")
                    .update();
            Map<String, List<Object>> rollup = rollupRows();
            Map<String, List<Object>> now = nowRows();
            Map<String, List<Object>> org = orgRows();
            rollups.rebuild();
            assertThat(rollupRows()).isEqualTo(rollup);
            assertThat(nowRows()).isEqualTo(now);
            assertThat(orgRows()).isEqualTo(org).isNotEmpty();
            assertThat(rollup.keySet()).anyMatch(k -> k.startsWith("T|9|" + counties.getFirst()));
            assertThat(rollup.keySet()).anyMatch(k -> k.startsWith("M|6|" + counties.getFirst()));
        });
    }

    @Test
    void theDashboardsEqualTheIndicatorsComputedFromTheRawTables() {
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        List<Dashboards.Query> queries = new ArrayList<>();
        for (String county : counties) {
            String town = county + "001";
            String village = jdbc.sql("select area_code from case_file where area_code like ? limit 1")
                    .param(town + "%").query(String.class).single().substring(0, 12);
            String category = jdbc.sql("select category_code from case_file where area_code like ?"
                    + " group by 1 order by count(*) desc limit 1").param(county + "%").query(String.class).single();
            Long org = jdbc.sql("select lead_org_id from case_file where area_code like ? and lead_org_id is not null"
                    + " group by 1 order by count(*) desc limit 1").param(county + "%").query(Long.class).single();
            for (String area : List.of(county, town, village, county.substring(0, 4))) {
                queries.add(new Dashboards.Query(area, null, null, today.minusDays(400), today));
                queries.add(new Dashboards.Query(area, null, null, today.withDayOfMonth(1), today));
                queries.add(new Dashboards.Query(area, null, null, today.minusDays(45), today.minusDays(3)));
                for (int m = 1; m <= 13; m += 3) {
                    LocalDate first = today.withDayOfMonth(1).minusMonths(m);
                    queries.add(new Dashboards.Query(area, null, null, first, first.plusMonths(1).minusDays(1)));
                }
                queries.add(new Dashboards.Query(area, category, null, today.minusDays(200), today));
            }
            queries.add(new Dashboards.Query(county, null, org, today.minusDays(400), today));
            queries.add(new Dashboards.Query(county, category, org, today.minusDays(100), today.minusDays(10)));
        }
        TestUsers.User leader = TestUsers.user("analytics.leader").holding(Role.LEADER, "44").build();
        leader.run(() -> {
            for (Dashboards.Query q : queries) {
                Indicators.Figures mine = dashboards.figures(q);
                if (q.area().length() < 6) {
                    // Indicators knows no prefecture: it holds at least what both counties hold for the same query
                    // (other tests may add counties under the same prefix), and over the 400 days both histories
                    long both = 0;
                    for (String c : counties) {
                        both += indicators.figures(new Indicators.Query(c, q.orgId(), q.category(),
                                RollupQueries.at(q.from()).toInstant(),
                                RollupQueries.at(q.to().plusDays(1)).toInstant())).reports();
                    }
                    assertThat(mine.reports()).as(q.toString()).isGreaterThanOrEqualTo(both);
                    if (q.category() == null && q.from().equals(today.minusDays(400))) {
                        assertThat(mine.reports()).isGreaterThan(400);
                    }
                    continue;
                }
                Indicators.Figures theirs = indicators.figures(new Indicators.Query(q.area(), q.orgId(),
                        q.category(), RollupQueries.at(q.from()).toInstant(),
                        RollupQueries.at(q.to().plusDays(1)).toInstant()));
                assertThat(counts(mine)).as(q.toString()).isEqualTo(counts(theirs));
            }
            // a whole county's months and towns add up to the same as the county
            Dashboards.Query year = new Dashboards.Query(counties.getFirst(), null, null, today.minusDays(400), today);
            long byTown = dashboards.byArea(year).stream().mapToLong(Indicators.Figures::opened).sum();
            assertThat(byTown).isEqualTo(dashboards.figures(year).opened()).isPositive();
            assertThat(dashboards.byCategory(year, java.util.Locale.CHINA).stream()
                    .mapToLong(Indicators.Figures::reports).sum()).isEqualTo(dashboards.figures(year).reports());
        });
    }

    @Test
    void dispatchSuggestionsNameTheDepartmentsWithTheBestRecordForTheCategoryHere() {
        String county = counties.getFirst();
        String category = jdbc.sql("select category_code from analytics_dispatch where area_code like ?"
                + " group by 1 order by count(*) desc limit 1").param(county + "%").query(String.class).single();
        String grid = jdbc.sql("select area_code from analytics_dispatch where area_code like ? and category_code = ?"
                + " limit 1").params(county + "%", category).query(String.class).single();
        TestUsers.User dispatcher = TestUsers.with("analytics.dispatcher", Role.DISPATCHER, county);
        List<DispatchSuggestions.Suggestion> list = dispatcher.call(() -> suggestions.forCase(category, grid, 3));
        assertThat(list).isNotEmpty();
        assertThat(list.getFirst().dispatches()).isPositive();
        for (int i = 1; i < list.size(); i++) {
            assertThat(list.get(i - 1).score()).isGreaterThanOrEqualTo(list.get(i).score());
        }
        long dispatches = jdbc.sql("select count(*) from case_dispatch d join case_file c on c.id = d.case_id"
                        + " where d.role = 'LEAD' and d.org_id = ? and c.category_code = ? and c.area_code like ?"
                        + " and d.dispatched_at >= now() - interval '365 days'")
                .params(list.getFirst().orgId(), category, grid.substring(0, "county".equals(list.getFirst().scope())
                        ? 6 : 9) + "%").query(Long.class).single();
        assertThat(list.getFirst().dispatches()).isEqualTo(dispatches);
        TestUsers.User elsewhere = TestUsers.with("analytics.dispatcher2", Role.DISPATCHER, counties.get(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> elsewhere.call(() -> suggestions.forCase(category,
                grid, 3))).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    void theBulkPathDerivesTheSameReadModelsAsTheListeners() {
        // the case files must not change between the listeners' snapshot and the bulk path's reading of them: the
        // supervision sweeper (which marks overdue cases supervised) waits, and what it did before has been heard
        try (var sweeper = org.fengqiao.support.ScheduledJobPause.of(jdbc, "cases.CaseSweeper")) {
            Events.settle(jdbc);
            bulkPathAgainstListeners();
        }
    }

    private void bulkPathAgainstListeners() {
        String county = counties.get(1);
        String like = county + "%";
        List<List<List<Object>>> before = readModels(like);
        assertThat(stepsOfDifferingCases(like)).as("the listeners' rows equal the case files before the bulk path")
                .isEmpty();
        Map<String, List<Object>> rollup = rollupRows();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            // as the scale run leaves them: rows without a step log (a bulk-loaded case's history is its rows; the
            // steps heard here would otherwise be folded a second time on top of them)
            for (String t : List.of("analytics_case_step", "analytics_case_baseline")) {
                jdbc.sql("delete from " + t + " where case_id in (select case_id from analytics_case"
                        + " where area_code like ?)").param(like).update();
            }
            for (String t : List.of("analytics_report", "analytics_case", "analytics_dispatch",
                    "analytics_verification")) {
                jdbc.sql("delete from " + t + " where area_code like ?").param(like).update();
            }
            scaleCases.deriveAnalytics(county, 0, 0);
            rollups.rebuild();
        });
        assertThat(readModels(like)).isEqualTo(before);
        assertThat(rollupRows()).isEqualTo(rollup);
        // an event for a case the bulk path wrote folds on top of its rows (they have no steps of their own)
        long caseId = jdbc.sql("select case_id from analytics_case where area_code like ? and closed_at is not null"
                + " and return_count > 0 order by case_id limit 1").param(like).query(Long.class).single();
        assertThat(jdbc.sql("select bulk from analytics_case where case_id = ?").param(caseId).query(Boolean.class)
                .single()).isTrue();
        List<List<Object>> row = rows("select (to_jsonb(c) - 'bulk')::text from analytics_case c where case_id = ?",
                caseId);
        var c = jdbc.sql("select number, area_code, category_code, state, lead_org_id from analytics_case"
                + " where case_id = ?").param(caseId).query((rs, n) -> new CaseEvents.CaseUrged(caseId,
                rs.getString(1), rs.getString(2), rs.getString(3), java.time.Instant.now(), "test",
                org.fengqiao.cases.CaseState.valueOf(rs.getString(4)), "bulk", (Long) rs.getObject(5))).single();
        Boolean heard = new TransactionTemplate(transactions).execute(s -> caseFacts.heard(c));
        assertThat(heard).isTrue();
        assertThat(rows("select (to_jsonb(c) - 'bulk')::text from analytics_case c where case_id = ?", caseId))
                .isEqualTo(row);
        assertThat(rollupRows()).isEqualTo(rollup);
    }

    private List<List<List<Object>>> readModels(String like) {
        return List.of(
                rows("select * from analytics_report where area_code like ? order by report_id", like),
                rows("select (to_jsonb(c) - 'bulk')::text from analytics_case c where area_code like ?"
                        + " order by case_id", like),
                rows("select * from analytics_dispatch where area_code like ? order by case_id, seq", like),
                rows("select * from analytics_verification where area_code like ? order by case_id, seq", like));
    }

    @Test
    void aRedeliveredOrLateEventChangesNothing() {
        long caseId = jdbc.sql("select case_id from analytics_case where area_code like ? and return_count > 0"
                + " and closed_at is not null order by case_id limit 1").param(counties.getFirst() + "%")
                .query(Long.class).single();
        Map<String, List<Object>> rollup = rollupRows();
        List<List<Object>> row = rows("select * from analytics_case where case_id = ?", caseId);
        JsonMapper json = JsonMapper.builder().build();
        List<CaseEvents.CaseEvent> steps = jdbc.sql("select kind, payload from analytics_case_step where case_id = ?"
                        + " order by at, rank, id").param(caseId)
                .query((rs, n) -> {
                    try {
                        return (CaseEvents.CaseEvent) json.readValue(rs.getString(2),
                                Class.forName(CaseEvents.class.getName() + "$" + rs.getString(1)));
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }).list();
        assertThat(steps.size()).isGreaterThan(5);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        // delivered again: nothing happens
        for (CaseEvents.CaseEvent e : steps) {
            Boolean heard = tx.execute(s -> caseFacts.heard(e));
            assertThat(heard).isFalse();
        }
        assertThat(rows("select * from analytics_case where case_id = ?", caseId)).isEqualTo(row);
        // heard once more from scratch, newest first: the same row and the same rollups in the end
        tx.executeWithoutResult(s -> jdbc.sql("delete from analytics_case_step where case_id = ?").param(caseId)
                .update());
        for (CaseEvents.CaseEvent e : steps.reversed()) {
            Boolean heard = tx.execute(s -> caseFacts.heard(e));
            assertThat(heard).isTrue();
        }
        assertThat(rows("select * from analytics_case where case_id = ?", caseId)).isEqualTo(row);
        assertThat(rollupRows()).isEqualTo(rollup);
    }

    @Test
    void theMonthlyReportsNumbersAreTheRawTablesNumbers() throws Exception {
        String county = counties.getFirst();
        java.time.YearMonth month = java.time.YearMonth.now(WorkingCalendar.ZONE).minusMonths(1);
        TestUsers.User leader = TestUsers.with("analytics.report-leader", Role.LEADER, county);
        MonthlyReports.Report r = leader.call(() -> monthlyReports.build(county, month, java.util.Locale.CHINA));
        byte[] xlsx = leader.call(() -> monthlyReports.xlsx(r, java.util.Locale.CHINA));
        byte[] pdf = leader.call(() -> monthlyReports.pdf(r, java.util.Locale.CHINA));
        var from = RollupQueries.at(month.atDay(1));
        var to = RollupQueries.at(month.plusMonths(1).atDay(1));
        var yFrom = RollupQueries.at(month.minusYears(1).atDay(1));
        var yTo = RollupQueries.at(month.minusYears(1).plusMonths(1).atDay(1));
        String like = county + "%";
        Map<String, long[]> raw = new java.util.LinkedHashMap<>();
        for (var p : List.of(new Object[] {from, to}, new Object[] {yFrom, yTo})) {
            long[] v = {
                    count("select count(*) from report where area_code like ? and received_at >= ? and received_at < ?",
                            like, p[0], p[1]),
                    count("select count(*) from case_file where area_code like ? and opened_at >= ? and opened_at < ?",
                            like, p[0], p[1]),
                    count("select count(*) from case_file where area_code like ? and handle_due >= ? and handle_due < ?",
                            like, p[0], p[1]),
                    count("select count(*) from case_file where area_code like ? and handle_due >= ? and handle_due < ?"
                            + " and closed_at is not null", like, p[0], p[1]),
                    count("select count(*) from case_file where area_code like ? and handle_due >= ? and handle_due < ?"
                            + " and closed_at <= handle_due", like, p[0], p[1])};
            raw.put(raw.isEmpty() ? "current" : "yearBefore", v);
        }
        assertThat(raw.get("current")[1]).isPositive();
        try (org.dhatim.fastexcel.reader.ReadableWorkbook wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx))) {
            List<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().read();
            // rows 3..7: reports, opened, due, closed, closed on time; columns: this month, month before, year before
            for (int i = 0; i < 5; i++) {
                assertThat(rows.get(3 + i).getCellAsNumber(1).orElseThrow().longValue()).as("row " + i)
                        .isEqualTo(raw.get("current")[i]);
                assertThat(rows.get(3 + i).getCellAsNumber(3).orElseThrow().longValue()).as("row " + i)
                        .isEqualTo(raw.get("yearBefore")[i]);
            }
            List<org.dhatim.fastexcel.reader.Row> problems = wb.getSheets().toList().get(2).read();
            String top = problems.get(1).getCellText(0);
            assertThat(problems.get(1).getCellAsNumber(2).orElseThrow().longValue()).isEqualTo(count(
                    "select count(*) from report where area_code like ? and received_at >= ? and received_at < ?"
                            + " and category_code = ?", like, from, to, top));
            assertThat(problems.get(1).getCellAsNumber(2).orElseThrow().longValue()).isEqualTo(count(
                    "select max(n) from (select count(*) as n from report where area_code like ? and received_at >= ?"
                            + " and received_at < ? group by category_code) x", like, from, to));
        }
        String text = new org.apache.pdfbox.text.PDFTextStripper().getText(org.apache.pdfbox.Loader.loadPDF(pdf));
        assertThat(text).contains("研判报告", "主要指标", "突出问题", "重点案件",
                Long.toString(raw.get("current")[0]), Long.toString(raw.get("current")[1]));
    }

    @Test
    void theScheduleSendsEachAreasReportOnceToItsLeaders() {
        java.time.Instant firstOfMonth = java.time.YearMonth.now(WorkingCalendar.ZONE).atDay(1).atTime(9, 0)
                .atZone(WorkingCalendar.ZONE).toInstant();
        int sent = schedule.sendDue(firstOfMonth);
        int again = schedule.sendDue(firstOfMonth.plusSeconds(3600));
        assertThat(again).isZero();
        String month = java.time.YearMonth.now(WorkingCalendar.ZONE).minusMonths(1).toString();
        long notices = count("select count(*) from notification_outbox where message_key = 'analytics.report.ready'"
                + " and recipient = ? and link like ?", counties.getFirst(), "%area=" + counties.getFirst() + "&month="
                + month);
        assertThat(notices).isEqualTo(1);
        assertThat(sent).isGreaterThanOrEqualTo(0);
        assertThat(count("select count(*) from analytics_report_sent where area_code like ?", counties.getFirst() + "%"))
                .isEqualTo(1 + areaDirectory.children(counties.getFirst()).stream()
                        .filter(a -> "BASE".equals(a.kind())).count());
    }

    @Test
    void theHotspotMapPutsEveryCaseInATownAndCountsTheRegistrysResidents() {
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        String county = counties.getFirst();
        TestUsers.User leader = TestUsers.with("analytics.map-leader", Role.LEADER, county);
        HotspotMap.Heat heat = leader.call(() -> hotspots.heat(new Dashboards.Query(county, null, null,
                today.minusDays(400), today)));
        assertThat(heat.childLevel()).isEqualTo("TOWN");
        assertThat(heat.areas().stream().mapToLong(HotspotMap.AreaHeat::opened).sum()).isEqualTo(count(
                "select count(*) from case_file where area_code like ? and opened_at >= ?", county + "%",
                RollupQueries.at(today.minusDays(400))));
        assertThat(heat.points()).isNotEmpty();
        // the demo county's residents came through the registry's bulk path: every town counts its own
        Events.settle(jdbc);
        TestUsers.User heshan = TestUsers.with("analytics.map-heshan", Role.LEADER, "440784");
        HotspotMap.Heat h = heshan.call(() -> hotspots.heat(new Dashboards.Query("440784", null, null,
                today.minusDays(30), today)));
        for (HotspotMap.AreaHeat a : h.areas()) {
            assertThat(a.residents()).as(a.code()).isEqualTo(count("select count(*) from registry_resident"
                    + " where area_code like ? and moved_out_at is null", a.code() + "%"));
        }
        assertThat(h.areas().stream().mapToLong(HotspotMap.AreaHeat::residents).sum()).isPositive();
    }

    @Test
    void warningRulesRaiseOnceAndANamedPersonHandlesThemInTime() {
        String county = counties.getFirst();
        TestUsers.User admin = TestUsers.with("analytics.rules-admin", Role.SYSTEM_ADMIN, county);
        long rule = admin.call(() -> warnings.save(new AreaWarnings.RuleEdit(null, "SURGE", "测试：任何上报",
                9, 30, java.math.BigDecimal.ZERO, 1, null, 24, true, null)));
        java.time.Instant now = java.time.Instant.now();
        Events.settle(jdbc);
        warnings.evaluate(now);
        long first = count("select count(*) from analytics_warning where rule_id = ?", rule);
        warnings.evaluate(now.plusSeconds(60));
        assertThat(count("select count(*) from analytics_warning where rule_id = ?", rule)).as("once per window")
                .isEqualTo(first);
        // every town and category with a report in the last 30 days got exactly one warning of this rule
        // (in this test's counties: other tests write reports of their own, some straight into intake's table)
        String[] ours = counties.stream().map(c -> c + "%").toArray(String[]::new);
        long expected = count("select count(*) from (select left(area_code, 9), category_code from report"
                + " where received_at >= ? and received_at < ? and area_code like any (?) group by 1, 2) x",
                RollupQueries.at(now.minus(java.time.Duration.ofDays(30))), RollupQueries.at(now), ours);
        assertThat(count("select count(*) from analytics_warning where rule_id = ? and area_code like any (?)", rule,
                ours)).isEqualTo(expected);
        TestUsers.User leader = TestUsers.with("analytics.warning-leader", Role.LEADER, county);
        List<AreaWarnings.Warning> mine = leader.call(() -> warnings.list(county, 500)).stream()
                .filter(w -> w.ruleId() == rule).toList();
        assertThat(mine).isNotEmpty().allMatch(w -> w.areaCode().startsWith(county));
        long id = mine.getFirst().id();
        leader.run(() -> warnings.acknowledge(id));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> leader.run(() -> warnings.acknowledge(id)))
                .isInstanceOf(org.fengqiao.platform.ConflictException.class);
        leader.run(() -> warnings.handle(id, "已安排网格员上门核实"));
        AreaWarnings.Warning done = leader.call(() -> warnings.list(county, 500)).stream()
                .filter(w -> w.id() == id).findFirst().orElseThrow();
        assertThat(done.state()).isEqualTo("HANDLED");
        assertThat(done.handledBy()).isEqualTo("analytics.warning-leader");
        assertThat(done.acknowledgedBy()).isEqualTo("analytics.warning-leader");
        AreaWarnings.HandlingRate rate = leader.call(() -> warnings.handlingRate(county, now.minusSeconds(60),
                java.time.Instant.now().plusSeconds(60)));
        assertThat(rate.handledOnTime()).isGreaterThanOrEqualTo(1);
        assertThat(rate.raised()).isEqualTo(count("select count(*) from analytics_warning where area_code like ?"
                + " and raised_at >= ?", county + "%", RollupQueries.at(now.minusSeconds(60))));
        // someone elsewhere finds nothing to handle here
        TestUsers.User other = TestUsers.with("analytics.warning-other", Role.LEADER, counties.get(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.run(() -> warnings.handle(id, "x")))
                .isInstanceOf(org.fengqiao.platform.NotFoundException.class);
        admin.run(() -> warnings.save(new AreaWarnings.RuleEdit(rule, "SURGE", "测试：任何上报", 9, 30,
                java.math.BigDecimal.ZERO, 1, null, 24, false, 0)));
    }

    @Test
    void openDataShowsTownsMonthlyFiguresWithoutPersonsAndSuppressesSmallCounts() {
        String county = counties.getFirst();
        // the finished month in which one town opened the most cases (a random history may leave last month quiet)
        java.time.YearMonth thisMonth = java.time.YearMonth.now(WorkingCalendar.ZONE);
        record Busiest(String month, long cases) {
        }
        Busiest busiest = jdbc.sql("""
                        select to_char(opened_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*) as cases
                        from case_file where area_code like ? and opened_at >= ? and opened_at < ?
                        group by 1, left(area_code, 9) order by 2 desc, 1 desc limit 1""")
                .params(county + "%", RollupQueries.at(thisMonth.minusMonths(12).atDay(1)),
                        RollupQueries.at(thisMonth.atDay(1)))
                .query(Busiest.class).single();
        java.time.YearMonth month = java.time.YearMonth.parse(busiest.month());
        List<OpenData.TownMonth> rows = openData.indicators(county, month);
        assertThat(rows).isNotEmpty().allMatch(r -> r.townCode().length() == 9);
        for (OpenData.TownMonth r : rows) {
            long raw = count("select count(*) from case_file where area_code like ? and opened_at >= ?"
                    + " and opened_at < ?", r.townCode() + "%", RollupQueries.at(month.atDay(1)),
                    RollupQueries.at(month.plusMonths(1).atDay(1)));
            if (raw > 0 && raw < OpenData.SMALLEST) {
                assertThat(r.opened()).as(r.townCode()).isNull();
            } else {
                assertThat(r.opened()).as(r.townCode()).isEqualTo(raw);
            }
        }
        if (busiest.cases() >= OpenData.SMALLEST) {
            assertThat(rows).anyMatch(r -> r.opened() != null && r.opened() >= OpenData.SMALLEST);
        } else {
            assertThat(rows).allMatch(r -> r.opened() == null || r.opened() == 0);
        }
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void repeatReportsGroupTheSamePlacesReportsAsTheRawTableDoes() {
        String county = counties.getFirst();
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        TestUsers.User leader = TestUsers.with("analytics.repeat-leader", Role.LEADER, county);
        List<RepeatReports.Place> places = leader.call(() -> repeats.places(new Dashboards.Query(county, null, null,
                today.minusDays(400), today), 2));
        assertThat(places).isNotEmpty();
        for (RepeatReports.Place p : places.subList(0, Math.min(5, places.size()))) {
            long raw = count("""
                    select count(*) from report where area_code like ? and category_code = ? and received_at >= ?
                      and (case when submitted_by like 'qr:%' then submitted_by
                                else round(lat::numeric, 3) || ',' || round(lon::numeric, 3) end) = ?""",
                    county + "%", p.categoryCode(), RollupQueries.at(today.minusDays(400)), p.key());
            assertThat(p.reports()).as(p.key()).isEqualTo(raw).isGreaterThanOrEqualTo(2);
            assertThat(p.lastSixMonths()).hasSize(6);
            assertThat(p.caseIds()).allMatch(id -> count("select count(*) from report where case_id = ?"
                    + " and area_code like ?", id, county + "%") > 0);
        }
    }

    @Test
    void departmentsAndTownsOfACountyEqualTheIndicatorsPerDepartmentAndTown() {
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        TestUsers.User leader = TestUsers.user("analytics.dept-leader").holding(Role.LEADER, "44").build();
        leader.run(() -> {
            for (String county : counties) {
                for (Dashboards.Query q : List.of(new Dashboards.Query(county, null, null, today.minusDays(45), today),
                        new Dashboards.Query(county, null, null, today.withDayOfMonth(1).minusMonths(3),
                                today.withDayOfMonth(1).minusDays(1)))) {
                    Indicators.Query iq = new Indicators.Query(county, null, null, RollupQueries.at(q.from())
                            .toInstant(), RollupQueries.at(q.to().plusDays(1)).toInstant());
                    Map<String, Indicators.Figures> theirs = new java.util.HashMap<>();
                    indicators.byDepartment(iq).forEach(f -> theirs.put(f.key(), f));
                    List<Indicators.Figures> mine = dashboards.byDepartment(q);
                    assertThat(mine).isNotEmpty();
                    for (Indicators.Figures f : mine) {
                        assertThat(counts(f)).as(q + " department " + f.key())
                                .isEqualTo(counts(theirs.get(f.key())));
                        // named from the organisation's owner, as the indicators name it from the dispatches
                        assertThat(f.label()).as(q + " department " + f.key()).isEqualTo(theirs.get(f.key()).label());
                    }
                    Map<String, Indicators.Figures> towns = new java.util.HashMap<>();
                    indicators.byArea(iq).forEach(f -> towns.put(f.key(), f));
                    for (Indicators.Figures f : dashboards.byArea(q)) {
                        assertThat(counts(f)).as(q + " town " + f.key()).isEqualTo(counts(towns.get(f.key())));
                    }
                }
            }
        });
    }

    private static List<Long> counts(Indicators.Figures f) {
        return List.of(f.reports(), f.opened(), f.due(), f.closed(), f.closedOnTime(), f.acceptedInTime(),
                f.dispatches(), f.returns(), f.verifications(), f.failedVerifications(), f.ratings(), f.satisfied(),
                f.merged(), f.solvedOnSpot(), f.disputesClosed(), f.disputesResolved(),
                f.meanHandlingHours() == null ? -1L : Math.round(f.meanHandlingHours() * 10));
    }

    /** For a failure's message: the steps analytics heard and the case's own events, of cases that differ. */
    private String stepsOfDifferingCases(String like) {
        List<Long> differing = jdbc.sql("""
                        select a.case_id from analytics_case a join case_file c on c.id = a.case_id
                        where c.area_code like ? and (a.return_count <> c.return_count
                          or a.dispatch_count <> c.dispatch_count or a.rework_count <> c.rework_count
                          or a.state <> c.state) limit 3""").param(like).query(Long.class).list();
        StringBuilder out = new StringBuilder();
        for (long id : differing) {
            out.append("\ncase ").append(id).append(" heard: ").append(jdbc.sql("""
                    select string_agg(kind || '@' || at::text || ' ' || left(payload, 160), ' | ' order by at, rank)
                    from analytics_case_step where case_id = ?""").param(id).query(String.class).single())
                    .append("\n  events: ").append(jdbc.sql("""
                    select string_agg(action || '@' || at::text, ' | ' order by at, id) from case_event
                    where case_id = ?""").param(id).query(String.class).single());
        }
        return out.toString();
    }

    private List<List<Object>> rows(String sql, Object param) {
        return jdbc.sql(sql).param(param).query((rs, n) -> {
            List<Object> r = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object v = rs.getObject(i);
                r.add(v instanceof java.sql.Timestamp t ? t.toInstant() : v);
            }
            return r;
        }).list();
    }

    /** The rollup rows that are not all zero, by key. */
    private Map<String, List<Object>> rollupRows() {
        Map<String, List<Object>> out = new TreeMap<>();
        jdbc.sql("select grain, level, area, bucket, category_code, " + Measures.columns("")
                + " from analytics_rollup").query((rs, n) -> {
                    List<Object> m = new ArrayList<>();
                    boolean any = false;
                    for (int i = 6; i <= 5 + Measures.ALL.size(); i++) {
                        m.add(rs.getLong(i));
                        any |= rs.getLong(i) != 0;
                    }
                    if (any) {
                        out.put(rs.getString(1) + "|" + rs.getInt(2) + "|" + rs.getString(3) + "|"
                                + rs.getString(4) + "|" + rs.getString(5), m);
                    }
                    return null;
                }).list();
        return out;
    }

    private Map<String, List<Object>> orgRows() {
        Map<String, List<Object>> out = new TreeMap<>();
        jdbc.sql("select grain, area, bucket, org_id, " + Measures.columns("") + " from analytics_rollup_org")
                .query((rs, n) -> {
                    List<Object> m = new ArrayList<>();
                    boolean any = false;
                    for (int i = 5; i <= 4 + Measures.ALL.size(); i++) {
                        m.add(rs.getLong(i));
                        any |= rs.getLong(i) != 0;
                    }
                    if (any) {
                        out.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                                + rs.getLong(4), m);
                    }
                    return null;
                }).list();
        return out;
    }

    private Map<String, List<Object>> nowRows() {
        Map<String, List<Object>> out = new TreeMap<>();
        jdbc.sql("select level, area, category_code, state, due_day, supervised, n from analytics_case_now"
                + " where n <> 0").query((rs, n) -> out.put(rs.getInt(1) + "|" + rs.getString(2) + "|"
                + rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5) + "|" + rs.getBoolean(6),
                List.of(rs.getLong(7)))).list();
        return out;
    }
}
