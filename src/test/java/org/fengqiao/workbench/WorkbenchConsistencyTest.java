package org.fengqiao.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.DeadlineUnit;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.Role;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read models against a full recomputation from the raw tables of intake and cases, after a randomized stream
 * of reports, decisions and case steps applied by four threads at once on a small set of cases (so steps collide,
 * and their events are handled concurrently and in whatever order the listeners' threads take them). Then the
 * boards' counts of each kind of person against the same counts computed by plain SQL over the raw tables.
 */
@IntegrationTest
class WorkbenchConsistencyTest {

    private static final String COUNTY = "440784";

    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;
    @Autowired
    Workbench workbench;
    @Autowired
    JdbcClient jdbc;

    @Test
    void readModelsEqualTheRawTablesAfterAConcurrentRandomStream() throws Exception {
        String town = "440784102"; // 雅瑶镇: no other test works there
        List<String> grids = jdbc.sql("select code from area where level = 'GRID' and code like ? order by code")
                .param(town + "%").query(String.class).list();
        List<Long> departments = jdbc.sql("select id from organisation where kind = 'DEPARTMENT' and area_code = ?"
                + " order by id").param(COUNTY).query(Long.class).list();
        TestUsers.Builder b = TestUsers.user("wb.stream").holding(Role.LEADER, town);
        departments.forEach(d -> b.holding(Role.DEPARTMENT_HANDLER, town, d));
        TestUsers.User boss = b.build();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Random seedRandom = new Random();
        long seed = seedRandom.nextLong();
        Random random = new Random(seed);

        List<Long> reports = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 48; i++) {
            String grid = grids.get(random.nextInt(grids.size()));
            int n = i;
            reports.add(boss.call(() -> intake.submit(new SubmitReport(ReportChannel.COUNTER, "ENV-DUMPING",
                    "一致性测试 " + tag + " " + n, null, null, grid, null, null, "13812345678", List.of(), false),
                    UUID.randomUUID().toString())).report().id());
        }
        List<Long> caseIds = Collections.synchronizedList(new ArrayList<>());
        for (Long r : reports.subList(0, 24)) {
            caseIds.add(boss.call(() -> cases.accept(r, null, null)).id());
        }

        AtomicInteger done = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random r = new Random(seed + t);
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int step = 0; step < 120; step++) {
                    try {
                        if (thread == 0 && step % 6 == 0) {
                            decideAReport(boss, reports, caseIds, r);
                        } else {
                            stepACase(boss, caseIds.get(r.nextInt(caseIds.size())), departments, r);
                        }
                        done.incrementAndGet();
                    } catch (RuntimeException refusedOrCollided) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Events.settle(jdbc);
        assertThat(done.get()).as("steps taken (seed %d, %d refused)", seed, refused.get()).isGreaterThan(250);

        assertThat(readModelCases(caseIds)).as("wb_case (seed %d)", seed).isEqualTo(rawCases(caseIds));
        assertThat(readModelReports(reports)).as("wb_report (seed %d)", seed).isEqualTo(rawReports(reports));
        assertThat(jdbc.sql("select count(distinct state) from case_file where id = any(?)")
                .param(caseIds.toArray(Long[]::new)).query(Long.class).single())
                .as("the stream visited several states").isGreaterThan(3);

        // every person's counts against plain SQL over the raw tables
        Board leader = workbench.board(TestUsers.with("wb.c-leader", Role.LEADER, town));
        Instant now = leader.at();
        assertThat(counts(leader, "supervision")).isEqualTo(rawSupervision(town, now));
        Board dispatcher = workbench.board(TestUsers.with("wb.c-dispatcher", Role.DISPATCHER, town));
        assertThat(counts(dispatcher, "dispatch")).isEqualTo(rawDispatch(town, dispatcher.at()));
        Board clerk = workbench.board(TestUsers.with("wb.c-clerk", Role.INTAKE_CLERK, town));
        assertThat(counts(clerk, "intake")).isEqualTo(rawIntake(town, clerk.at()));
        String grid = jdbc.sql("select area_code from case_file where id = any(?) and state <> 'CLOSED' limit 1")
                .param(caseIds.toArray(Long[]::new)).query(String.class).optional().orElse(grids.getFirst());
        Board worker = workbench.board(TestUsers.with("wb.c-grid", Role.GRID_WORKER, grid));
        assertThat(counts(worker, "field")).isEqualTo(rawField(grid, worker.at()));
        for (Long dept : departments) {
            Board handler = workbench.board(TestUsers.user("wb.c-dept").holding(Role.DEPARTMENT_HANDLER, town, dept)
                    .build());
            assertThat(counts(handler, "department")).as("department %d", dept)
                    .isEqualTo(rawDepartment(town, dept, handler.at()));
        }
    }

    private void decideAReport(TestUsers.User boss, List<Long> reports, List<Long> caseIds, Random r) {
        List<Long> pending = jdbc.sql("""
                        select r.id from report r where r.id = any(?)
                          and not exists (select 1 from case_report d where d.report_id = r.id) order by r.id""")
                .param(reports.toArray(Long[]::new)).query(Long.class).list();
        if (pending.isEmpty()) {
            return;
        }
        long report = pending.get(r.nextInt(pending.size()));
        switch (r.nextInt(3)) {
            case 0 -> caseIds.add(boss.call(() -> cases.accept(report, null, null)).id());
            case 1 -> boss.run(() -> cases.reject(report, "不属于受理范围"));
            default -> boss.call(() -> cases.merge(report, caseIds.get(r.nextInt(caseIds.size()))));
        }
    }

    private void stepACase(TestUsers.User boss, long caseId, List<Long> departments, Random r) {
        Map<String, Object> c = jdbc.sql("select state, extension_pending, rating, handling_level from case_file"
                + " where id = ?").param(caseId).query().singleRow();
        String state = (String) c.get("state");
        boolean pending = (Boolean) c.get("extension_pending");
        long lead = departments.get(r.nextInt(departments.size()));
        List<Long> assist = r.nextBoolean() ? List.of() : departments.stream().filter(d -> d != lead)
                .skip(r.nextInt(departments.size() - 1)).limit(1).toList();
        CaseCommand cmd = switch (state) {
            case "REGISTERED" -> pick(r, new CaseCommand.Dispatch(lead, assist, "派"),
                    new CaseCommand.Dispatch(lead, List.of(), "派"), new CaseCommand.Supervise("督办"),
                    "TOWN".equals(c.get("handling_level")) ? new CaseCommand.Escalate("上交") : null);
            case "DISPATCHED" -> pick(r, new CaseCommand.Sign(), new CaseCommand.Sign(), new CaseCommand.Return("非本单位"),
                    new CaseCommand.Urge("快"), new CaseCommand.Supervise("督办"));
            case "RETURNED" -> pick(r, new CaseCommand.Dispatch(lead, assist, "改派"), new CaseCommand.Supervise("督办"));
            case "IN_PROGRESS", "REWORK" -> pick(r, new CaseCommand.Feedback("已处理", List.of()),
                    pending ? new CaseCommand.DecideExtension(r.nextBoolean(), "决定")
                            : new CaseCommand.RequestExtension(2, DeadlineUnit.WORKING_DAYS, "需要时间"),
                    new CaseCommand.Backlog("挂账"), new CaseCommand.Supervise("督办"), new CaseCommand.Urge("快"));
            case "BACKLOG" -> pick(r, new CaseCommand.Resume("继续"), new CaseCommand.Feedback("已处理", List.of()),
                    pending ? new CaseCommand.DecideExtension(r.nextBoolean(), "决定") : null);
            case "FED_BACK" -> pick(r, new CaseCommand.Verify(true, "通过", List.of()),
                    new CaseCommand.Verify(false, "未通过", List.of()), new CaseCommand.Supervise("督办"));
            case "CLOSED" -> pick(r, new CaseCommand.Reopen("复发"), c.get("rating") == null
                    ? new CaseCommand.Rate("SATISFIED", null) : null);
            default -> null;
        };
        if (cmd != null) {
            boss.call(() -> cases.act(caseId, null, cmd));
        }
    }

    private static CaseCommand pick(Random r, CaseCommand... options) {
        List<CaseCommand> some = java.util.Arrays.stream(options).filter(java.util.Objects::nonNull).toList();
        return some.get(r.nextInt(some.size()));
    }

    // ---- the read models and the raw tables, side by side ----

    private Map<Long, List<Object>> readModelCases(List<Long> ids) {
        return byId("""
                select case_id as id, state, lead_org_id, assist_org_ids::text as assist, due, supervised,
                       extension_pending and state in ('IN_PROGRESS', 'REWORK', 'BACKLOG') as extension, area_code,
                       number
                from wb_case where case_id = any(?)""", ids);
    }

    private Map<Long, List<Object>> rawCases(List<Long> ids) {
        return byId("""
                select id, state, lead_org_id, assist_org_ids::text as assist,
                       case when state = 'DISPATCHED' then sign_due when state in ('IN_PROGRESS', 'REWORK')
                            then handle_due when state = 'FED_BACK' then verify_due end as due, supervised,
                       extension_pending and state in ('IN_PROGRESS', 'REWORK', 'BACKLOG') as extension, area_code,
                       number
                from case_file where id = any(?)""", ids);
    }

    private Map<Long, List<Object>> readModelReports(List<Long> ids) {
        return byId("""
                select report_id as id, status, case_id, area_code, accept_due, submitted_by
                from wb_report where report_id = any(?)""", ids);
    }

    private Map<Long, List<Object>> rawReports(List<Long> ids) {
        return byId("""
                select r.id, coalesce(d.decision, 'PENDING') as status, d.case_id, r.area_code, r.accept_due,
                       r.submitted_by
                from report r left join case_report d on d.report_id = r.id where r.id = any(?)""", ids);
    }

    private Map<Long, List<Object>> byId(String sql, List<Long> ids) {
        Map<Long, List<Object>> rows = new TreeMap<>();
        jdbc.sql(sql).param(ids.toArray(Long[]::new)).query((rs, n) -> {
            List<Object> values = new ArrayList<>();
            for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getObject(i));
            }
            rows.put(rs.getLong(1), values);
            return null;
        }).list();
        return rows;
    }

    private static Map<String, Long> counts(Board board, String panel) {
        Map<String, Long> counts = new TreeMap<>();
        board.panel(panel).orElseThrow().counts().forEach(c -> counts.put(c.key(), c.value()));
        return counts;
    }

    private static final String DUE = """
            (case when state = 'DISPATCHED' then sign_due when state in ('IN_PROGRESS', 'REWORK') then handle_due
                  when state = 'FED_BACK' then verify_due end)""";

    private Map<String, Long> rawSupervision(String area, Instant now) {
        return rawCounts("""
                select count(*) filter (where supervised) as supervised, count(*) filter (where %1$s < :now) as overdue,
                       count(*) filter (where extension_pending and state in ('IN_PROGRESS', 'REWORK', 'BACKLOG'))
                         as extensions,
                       count(*) filter (where state = 'BACKLOG') as backlog
                from case_file where state <> 'CLOSED' and area_code like :area""".formatted(DUE), area, null, now);
    }

    private Map<String, Long> rawDispatch(String area, Instant now) {
        return rawCounts("""
                select count(*) filter (where state = 'REGISTERED') as "toDispatch",
                       count(*) filter (where state = 'RETURNED') as returned,
                       count(*) filter (where state in ('DISPATCHED', 'IN_PROGRESS', 'REWORK') and %1$s < :now)
                         as overdue
                from case_file where area_code like :area""".formatted(DUE), area, null, now);
    }

    private Map<String, Long> rawField(String area, Instant now) {
        return rawCounts("""
                select count(*) filter (where state = 'FED_BACK') as "toVerify", count(*) as open,
                       count(*) filter (where %1$s < :now) as overdue
                from case_file where state <> 'CLOSED' and area_code like :area""".formatted(DUE), area, null, now);
    }

    private Map<String, Long> rawDepartment(String area, long org, Instant now) {
        return rawCounts("""
                select count(*) filter (where lead_org_id = :org and state = 'DISPATCHED') as "toSign",
                       count(*) filter (where lead_org_id = :org and state in ('IN_PROGRESS', 'REWORK', 'BACKLOG'))
                         as "toHandle",
                       count(*) filter (where lead_org_id = :org and state in ('DISPATCHED', 'IN_PROGRESS', 'REWORK')
                                          and %1$s >= :now and %1$s < :soon) as "nearDeadline",
                       count(*) filter (where lead_org_id = :org and state in ('DISPATCHED', 'IN_PROGRESS', 'REWORK')
                                          and %1$s < :now) as overdue,
                       count(*) filter (where :org = any(assist_org_ids)) as assisting
                from case_file where state <> 'CLOSED' and area_code like :area""".formatted(DUE), area, org, now);
    }

    private Map<String, Long> rawIntake(String area, Instant now) {
        return rawCounts("""
                select count(*) as pending,
                       count(*) filter (where accept_due >= :now and accept_due < :soonIntake) as "nearLimit",
                       count(*) filter (where accept_due < :now) as "pastLimit"
                from report r where area_code like :area and r.status <> 'SOLVED_ON_SPOT'
                  and not exists (select 1 from case_report d where d.report_id = r.id)""", area, null, now);
    }

    private Map<String, Long> rawCounts(String sql, String area, Long org, Instant now) {
        var spec = jdbc.sql(sql).param("area", area + "%")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (sql.contains(":soonIntake")) {
            spec = spec.param("soonIntake", OffsetDateTime.ofInstant(now.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        }
        if (java.util.regex.Pattern.compile(":soon\\b").matcher(sql).find()) {
            spec = spec.param("soon", OffsetDateTime.ofInstant(now.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        }
        if (org != null) {
            spec = spec.param("org", org);
        }
        Map<String, Long> counts = new TreeMap<>();
        spec.query().singleRow().forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
        return counts;
    }
}
