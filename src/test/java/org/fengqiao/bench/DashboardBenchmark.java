package org.fengqiao.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.fengqiao.FengqiaoApplication;
import org.fengqiao.analytics.Dashboards;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboards at scale (docs/benchmarks.md, "Analytics"): starts the platform without a web server on a data
 * folder loaded by the scale run (docs/DEMO.md), then measures, warm, in the same run:
 * <ul>
 *   <li>the county dashboard — every figure the page shows (indicators with the same days a month and a year
 *   earlier, sources, 13-month trend, towns, categories, departments, cases by state, overdue and supervised, the
 *   cases needing attention) — for a random county each time;</li>
 *   <li>the same for the whole province (prefix {@code 44});</li>
 *   <li>the indicators for a random area (county, town, village or grid) and a random period of 1 to 90 days;</li>
 *   <li>the same county and province dashboards computed by plain GROUP BYs over the raw tables.</li>
 * </ul>
 * Usage: {@code DashboardBenchmark <data-dir> [iterations]}. When the load was stopped before it added up the
 * rollups, they are added up first (and timed).
 */
public final class DashboardBenchmark {

    private DashboardBenchmark() {
    }

    public static void main(String[] args) {
        String dataDir = args[0];
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ConfigurableApplicationContext ctx = new SpringApplication(FengqiaoApplication.class).run(
                "--spring.main.web-application-type=none", "--fengqiao.data-dir=" + dataDir,
                "--fengqiao.demo.load=never", "--logging.level.root=warn", "--logging.level.org.fengqiao=info",
                "--fengqiao.analytics.warnings=false", "--fengqiao.analytics.monthly-reports=false");
        try {
            run(ctx, iterations);
        } finally {
            ctx.close();
        }
        System.exit(0);
    }

    static void run(ConfigurableApplicationContext ctx, int iterations) {
        Dashboards dashboards = ctx.getBean(Dashboards.class);
        JdbcClient jdbc = ctx.getBean(JdbcClient.class);
        if (count(jdbc, "select count(*) from analytics_rollup") == 0
                && count(jdbc, "select count(*) from analytics_case") > 0) {
            // a load stopped before its last step: add the rollups up now (the bulk path's last step)
            long t = System.nanoTime();
            ctx.getBean(org.fengqiao.analytics.AnalyticsBulk.class).rebuildRollups();
            System.out.printf(Locale.ROOT, "rollups added up from the read models in %.1f s%n",
                    (System.nanoTime() - t) / 1e9);
        }
        System.out.printf(Locale.ROOT, "data: %d cases, %d reports, %d case events, %d rollup rows%n",
                count(jdbc, "select count(*) from case_file"), count(jdbc, "select count(*) from report"),
                count(jdbc, "select count(*) from case_event"), count(jdbc, "select count(*) from analytics_rollup"));
        List<String> counties = jdbc.sql("select code from area where level = 'COUNTY' order by code")
                .query(String.class).list();
        List<String> fine = jdbc.sql("""
                select code from area where level in ('TOWN', 'VILLAGE', 'GRID') and kind = 'BASE'
                order by random() limit 2000""").query(String.class).list();
        TestUsers.User leader = TestUsers.user("bench.leader").holding(Role.LEADER, "44").build();
        LocalDate today = dashboards.today();
        Random rnd = new Random(42);
        RawDashboard raw = new RawDashboard(jdbc);

        leader.run(() -> {
            Row county = measure("county dashboard (rollups)", iterations, () -> dashboard(dashboards,
                    counties.get(rnd.nextInt(counties.size())), today));
            Row province = measure("province dashboard (rollups)", iterations, () -> dashboard(dashboards, "44",
                    today));
            measure("indicators, random area and period (rollups)", iterations * 5, () -> {
                String area = rnd.nextInt(4) == 0 ? counties.get(rnd.nextInt(counties.size()))
                        : fine.get(rnd.nextInt(fine.size()));
                LocalDate from = today.minusDays(rnd.nextInt(5 * 365 - 100));
                return dashboards.figures(new Dashboards.Query(area, null, null, from, from.plusDays(rnd.nextInt(90))))
                        .reports();
            });
            // where the county dashboard's time goes: each of its parts alone, for a random county each time
            for (Map.Entry<String, java.util.function.BiFunction<Dashboards.Query, Dashboards, Long>> part
                    : PARTS.entrySet()) {
                measure("  county part: " + part.getKey(), iterations, () -> part.getValue().apply(
                        new Dashboards.Query(counties.get(rnd.nextInt(counties.size())), null, null,
                                today.withDayOfMonth(1), today), dashboards));
            }
            if (!Boolean.parseBoolean(System.getProperty("bench.raw", "true"))) {
                return;
            }
            int rawRuns = Math.max(5, iterations / 20);
            Row rawCounty = measure("county dashboard (plain GROUP BY over raw tables)", rawRuns, () -> raw.dashboard(
                    counties.get(rnd.nextInt(counties.size())), today));
            Row rawProvince = measure("province dashboard (plain GROUP BY over raw tables)", Math.max(3, rawRuns / 3),
                    () -> raw.dashboard("44", today));
            System.out.printf(Locale.ROOT, "ratio county: %.0fx (p50), %.0fx (p95); province: %.0fx (p50), %.0fx"
                            + " (p95)%n", rawCounty.p50 / county.p50, rawCounty.p95 / county.p95,
                    rawProvince.p50 / province.p50, rawProvince.p95 / province.p95);
            // the two ways agree (the month so far of the first county)
            String c = counties.getFirst();
            Dashboards.Query q = new Dashboards.Query(c, null, null, today.withDayOfMonth(1), today);
            long[] mine = {dashboards.figures(q).reports(), dashboards.figures(q).opened(), dashboards.figures(q).due(),
                    dashboards.figures(q).closed()};
            long[] plain = raw.totals(c, today.withDayOfMonth(1), today.plusDays(1));
            System.out.println("check " + c + " reports/opened/due/closed: rollups " + Arrays.toString(mine)
                    + ", raw " + Arrays.toString(plain));
        });
    }

    /** The parts of {@link #dashboard}, each measured alone. */
    static final Map<String, java.util.function.BiFunction<Dashboards.Query, Dashboards, Long>> PARTS =
            new java.util.LinkedHashMap<>();

    static {
        PARTS.put("compared (month so far, month and year before)", (q, d) -> d.compared(q).current().reports());
        PARTS.put("reports by channel", (q, d) -> (long) d.reportsByChannel(q).size());
        PARTS.put("13 months", (q, d) -> (long) d.byMonth(q, 13).size());
        PARTS.put("by area (towns)", (q, d) -> (long) d.byArea(q).size());
        PARTS.put("by category", (q, d) -> (long) d.byCategory(q, Locale.CHINA).size());
        PARTS.put("by department", (q, d) -> (long) d.byDepartment(q).size());
        PARTS.put("cases by state", (q, d) -> (long) d.casesByState(q).size());
        PARTS.put("disputes", (q, d) -> d.disputes(q).registered());
        PARTS.put("overdue and supervised", (q, d) -> d.overdueAndSupervised(q).overdue());
        PARTS.put("needing attention (20)", (q, d) -> (long) d.needingAttention(q, 20).size());
    }

    /** Everything the dashboard page asks for. */
    static long dashboard(Dashboards d, String area, LocalDate today) {
        Dashboards.Query q = new Dashboards.Query(area, null, null, today.withDayOfMonth(1), today);
        long n = d.compared(q).current().reports();
        n += d.reportsByChannel(q).size();
        n += d.byMonth(q, 13).size();
        n += d.byArea(q).size();
        n += d.byCategory(q, Locale.CHINA).size();
        n += d.byDepartment(q).size();
        n += d.casesByState(q).size();
        n += d.disputes(q).registered();
        n += d.overdueAndSupervised(q).overdue();
        n += d.needingAttention(q, 20).size();
        return n;
    }

    record Row(double p50, double p95) {
    }

    static Row measure(String what, int n, Supplier<Long> work) {
        for (int i = 0; i < Math.max(3, n / 5); i++) {
            work.get();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            work.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        Row r = new Row(ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.95) - 1)));
        System.out.printf(Locale.ROOT, "%-58s n=%4d  p50 %8.1f ms  p95 %8.1f ms  max %8.1f ms%n", what, n, r.p50,
                r.p95, ms.getLast());
        return r;
    }

    static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /**
     * The same dashboard by plain GROUP BYs over the raw tables of intake and cases (what cases.Indicators does per
     * figure, here one statement per breakdown): the baseline of docs/benchmarks.md.
     */
    static final class RawDashboard {
        private final JdbcClient jdbc;

        RawDashboard(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        long dashboard(String area, LocalDate today) {
            LocalDate from = today.withDayOfMonth(1);
            LocalDate to = today.plusDays(1);
            long n = 0;
            for (int shift : new int[] {0, -1, -12}) {
                n += grouped(area, from.plusMonths(shift), to.plusMonths(shift), "''");
            }
            LocalDate first = from.minusMonths(12);
            n += grouped(area, first, from.plusMonths(1), "to_char(%s at time zone 'Asia/Shanghai', 'YYYY-MM')");
            n += grouped(area, from, to, "left(area_code, " + (area.length() == 2 ? 6 : area.length() + 3) + ")");
            n += grouped(area, from, to, "category_code");
            n += jdbc.sql("select state, count(*) from case_file where area_code like ? group by 1")
                    .param(area + "%").query((rs, i) -> 1).list().size();
            n += count(jdbc, "select count(*) from case_file where closed_at is null and handle_due < now()"
                    + " and area_code like '" + area + "%'");
            return n;
        }

        /** Reports, opened, due/closed/on time, ratings, dispatches and verifications of [from, to), grouped. */
        private long grouped(String area, LocalDate from, LocalDate to, String group) {
            var f = at(from);
            var t = at(to);
            String like = area + "%";
            long n = 0;
            n += jdbc.sql("select " + group.formatted("received_at") + ", count(*), count(*) filter (where status ="
                            + " 'MERGED') from report where area_code like ? and received_at >= ? and received_at < ?"
                            + " group by 1").params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            n += jdbc.sql("select " + group.formatted("opened_at") + ", count(*) from case_file"
                            + " where area_code like ? and opened_at >= ? and opened_at < ? group by 1")
                    .params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            n += jdbc.sql("select " + group.formatted("handle_due") + ", count(*), count(closed_at),"
                            + " count(*) filter (where closed_at <= handle_due) from case_file"
                            + " where area_code like ? and handle_due >= ? and handle_due < ? group by 1")
                    .params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            n += jdbc.sql("select " + group.formatted("rated_at") + ", count(*) filter (where rating <> 'UNREACHABLE'),"
                            + " count(*) filter (where rating in ('SATISFIED', 'BASICALLY_SATISFIED')) from case_file"
                            + " where area_code like ? and rated_at >= ? and rated_at < ? group by 1")
                    .params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            n += jdbc.sql("select " + group.formatted("closed_at") + ", count(*), avg(closed_at - first_dispatched_at)"
                            + " from case_file where area_code like ? and closed_at >= ? and closed_at < ? group by 1")
                    .params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            n += jdbc.sql("select " + group.replace("area_code", "c.area_code").replace("category_code",
                            "c.category_code").formatted("d.dispatched_at") + ", count(*), count(d.returned_at)"
                            + " from case_dispatch d join case_file c on c.id = d.case_id where d.role = 'LEAD'"
                            + " and c.area_code like ? and d.dispatched_at >= ? and d.dispatched_at < ? group by 1")
                    .params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            n += jdbc.sql("select " + group.replace("area_code", "c.area_code").replace("category_code",
                            "c.category_code").formatted("e.at") + ", count(*), count(*) filter (where e.action ="
                            + " 'VERIFY_FAIL') from case_event e join case_file c on c.id = e.case_id"
                            + " where e.action in ('VERIFY_PASS', 'VERIFY_FAIL') and c.area_code like ? and e.at >= ?"
                            + " and e.at < ? group by 1")
                    .params(like, f, t).query((rs, i) -> rs.getLong(2)).list().size();
            return n;
        }

        long[] totals(String area, LocalDate from, LocalDate to) {
            String like = area + "%";
            var f = at(from);
            var t = at(to);
            return new long[] {
                    jdbc.sql("select count(*) from report where area_code like ? and received_at >= ? and received_at < ?")
                            .params(like, f, t).query(Long.class).single(),
                    jdbc.sql("select count(*) from case_file where area_code like ? and opened_at >= ? and opened_at < ?")
                            .params(like, f, t).query(Long.class).single(),
                    jdbc.sql("select count(*) from case_file where area_code like ? and handle_due >= ?"
                            + " and handle_due < ?").params(like, f, t).query(Long.class).single(),
                    jdbc.sql("select count(*) from case_file where area_code like ? and handle_due >= ?"
                            + " and handle_due < ? and closed_at is not null").params(like, f, t).query(Long.class)
                            .single()};
        }

        private static java.time.OffsetDateTime at(LocalDate d) {
            return java.time.OffsetDateTime.ofInstant(d.atStartOfDay(WorkingCalendar.ZONE).toInstant(),
                    java.time.ZoneOffset.UTC);
        }
    }
}
