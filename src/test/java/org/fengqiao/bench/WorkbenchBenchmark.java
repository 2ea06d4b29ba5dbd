package org.fengqiao.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.fengqiao.FengqiaoApplication;
import org.fengqiao.cases.CaseQueries;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.fengqiao.workbench.Board;
import org.fengqiao.workbench.Workbench;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worklists and the workbenches at scale (docs/benchmarks.md, "Workbench"): starts the platform without a web
 * server on a data folder loaded by the scale run (docs/DEMO.md), then measures, warm, each role's workbench and the
 * cases module's worklist pages with data scope, for a random county, grid or department each time — and the
 * province leader's workbench. When the workbench's read models are empty (a load that wrote the raw tables only),
 * they are derived first through the bulk path ({@code ScaleWorkbench}) and timed.
 * Usage: {@code WorkbenchBenchmark <data-dir> [iterations]}.
 */
public final class WorkbenchBenchmark {

    private WorkbenchBenchmark() {
    }

    public static void main(String[] args) {
        String dataDir = args[0];
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ConfigurableApplicationContext ctx = new SpringApplication(FengqiaoApplication.class).run(
                "--spring.main.web-application-type=none", "--fengqiao.data-dir=" + dataDir,
                "--fengqiao.demo.load=never", "--logging.level.root=warn", "--logging.level.org.fengqiao=info",
                "--spring.task.scheduling.enabled=false", "--fengqiao.cases.sweep-initial-delay=86400000");
        try {
            run(ctx, iterations);
        } finally {
            ctx.close();
        }
        System.exit(0);
    }

    static void run(ConfigurableApplicationContext ctx, int iterations) {
        Workbench workbench = ctx.getBean(Workbench.class);
        CaseQueries worklists = ctx.getBean(CaseQueries.class);
        JdbcClient jdbc = ctx.getBean(JdbcClient.class);
        // derived when the load wrote only the raw tables: the demo county's own listeners may have written a few
        // rows already (a test of "empty" measured the boards over 101 cases of 1,000,000), and deriving is idempotent
        if (count(jdbc, "select count(*) from wb_case") < count(jdbc, "select count(*) from case_file")) {
            long t = System.nanoTime();
            long[] n = ctx.getBean(org.fengqiao.demo.internal.ScaleWorkbench.class).derive("", 0, 0);
            jdbc.sql("analyze wb_case").update();
            jdbc.sql("analyze wb_report").update();
            System.out.printf(Locale.ROOT, "workbench read models derived from the raw tables: %d cases, %d reports"
                    + " in %.1f s%n", n[0], n[1], (System.nanoTime() - t) / 1e9);
        }
        System.out.printf(Locale.ROOT, "data: %d cases (%d open), %d reports (%d pending); read models: %d cases,"
                        + " %d reports%n", count(jdbc, "select count(*) from case_file"),
                count(jdbc, "select count(*) from case_file where state <> 'CLOSED'"),
                count(jdbc, "select count(*) from report"),
                count(jdbc, "select count(*) from report where status = 'PENDING'"),
                count(jdbc, "select count(*) from wb_case"), count(jdbc, "select count(*) from wb_report"));
        List<String> counties = jdbc.sql("select code from area where level = 'COUNTY' order by code")
                .query(String.class).list();
        List<String> grids = jdbc.sql("""
                select code from area where level = 'GRID' and kind = 'BASE' order by random() limit 2000""")
                .query(String.class).list();
        record Dept(long id, String areaCode) {
        }
        List<Dept> departments = jdbc.sql("""
                select id, area_code from organisation where kind = 'DEPARTMENT' and length(area_code) = 6
                order by id""").query(Dept.class).list();
        Random rnd = new Random(42);

        System.out.println("-- workbenches (the whole board, every panel of the role)");
        measure("intake clerk, a county", iterations, () -> board(workbench,
                TestUsers.with("b.clerk", Role.INTAKE_CLERK, pick(rnd, counties))));
        measure("dispatcher, a county", iterations, () -> board(workbench,
                TestUsers.with("b.dispatcher", Role.DISPATCHER, pick(rnd, counties))));
        measure("shift lead, a county (intake + dispatch + supervision + warnings)", iterations, () -> board(
                workbench, TestUsers.with("b.shift", Role.SHIFT_LEAD, pick(rnd, counties))));
        measure("leader, a county", iterations, () -> board(workbench,
                TestUsers.with("b.leader", Role.LEADER, pick(rnd, counties))));
        measure("leader, the province (prefix 44)", iterations, () -> board(workbench,
                TestUsers.with("b.province", Role.LEADER, "44")));
        measure("department handler, a county department", iterations, () -> {
            Dept d = pick(rnd, departments);
            return board(workbench, TestUsers.user("b.dept").holding(Role.DEPARTMENT_HANDLER, d.areaCode(), d.id())
                    .build());
        });
        measure("grid worker, a grid (field + own reports)", iterations, () -> board(workbench,
                TestUsers.with("b.grid", Role.GRID_WORKER, pick(rnd, grids))));
        measure("community police, a grid (field + warnings + own reports)", iterations, () -> board(workbench,
                TestUsers.with("b.police", Role.COMMUNITY_POLICE, pick(rnd, grids))));
        measure("mediator, a town", iterations, () -> board(workbench,
                TestUsers.with("b.mediator", Role.MEDIATOR, pick(rnd, grids).substring(0, 9))));

        System.out.println("-- worklist pages with data scope (cases.CaseQueries, 50 rows, keyset)");
        for (CaseQueries.WorkList list : List.of(CaseQueries.WorkList.TO_DISPATCH, CaseQueries.WorkList.OVERDUE,
                CaseQueries.WorkList.SUPERVISED, CaseQueries.WorkList.ALL)) {
            measure("leader, a county: " + list, iterations, () -> page(worklists, list,
                    TestUsers.with("b.leader", Role.LEADER, pick(rnd, counties)), 1));
        }
        // page 21 alone: the keyset after page 20 is found first (untimed) for 25 counties
        List<Object[]> deep = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            TestUsers.User leader = TestUsers.with("b.leader", Role.LEADER, pick(rnd, counties));
            deep.add(new Object[] {leader, keysetAfter(worklists, CaseQueries.WorkList.ALL, leader, 20)});
        }
        measure("leader, a county: ALL, page 21 (keyset after page 20)", iterations, () -> {
            Object[] d = pick(rnd, deep);
            return ((TestUsers.User) d[0]).call(() -> (long) worklists.list(CaseQueries.WorkList.ALL, null,
                    (Long) d[1], 50).size());
        });
        for (CaseQueries.WorkList list : List.of(CaseQueries.WorkList.TO_SIGN, CaseQueries.WorkList.TO_HANDLE)) {
            measure("department handler: " + list, iterations, () -> {
                Dept d = pick(rnd, departments);
                return page(worklists, list, TestUsers.user("b.dept").holding(Role.DEPARTMENT_HANDLER, d.areaCode(),
                        d.id()).build(), 1);
            });
        }
        for (CaseQueries.WorkList list : List.of(CaseQueries.WorkList.TO_VERIFY, CaseQueries.WorkList.ALL)) {
            measure("grid worker, a grid: " + list, iterations, () -> page(worklists, list,
                    TestUsers.with("b.grid", Role.GRID_WORKER, pick(rnd, grids)), 1));
        }
    }

    static long board(Workbench workbench, TestUsers.User user) {
        Board b = workbench.board(user);
        return b.panels().stream().mapToLong(p -> p.counts().stream().mapToLong(Board.Count::value).sum()
                + p.items().size()).sum();
    }

    /** Page {@code n} of a worklist, following the keyset from page 1. */
    static long page(CaseQueries worklists, CaseQueries.WorkList list, TestUsers.User user, int n) {
        return user.call(() -> {
            Long before = null;
            List<CaseQueries.Row> rows = List.of();
            for (int i = 0; i < n; i++) {
                rows = worklists.list(list, null, before, 50);
                if (rows.size() < 50) {
                    break;
                }
                before = rows.getLast().id();
            }
            return (long) rows.size();
        });
    }

    /** The keyset (last id) after {@code n} pages of a worklist. */
    static Long keysetAfter(CaseQueries worklists, CaseQueries.WorkList list, TestUsers.User user, int n) {
        return user.call(() -> {
            Long before = null;
            for (int i = 0; i < n; i++) {
                List<CaseQueries.Row> rows = worklists.list(list, null, before, 50);
                if (rows.isEmpty()) {
                    break;
                }
                before = rows.getLast().id();
            }
            return before;
        });
    }

    static <T> T pick(Random rnd, List<T> list) {
        return list.get(rnd.nextInt(list.size()));
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
        System.out.printf(Locale.ROOT, "%-66s n=%4d  p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", what, n, r.p50,
                r.p95, ms.getLast());
        return r;
    }

    static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
