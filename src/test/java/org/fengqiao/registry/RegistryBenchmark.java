package org.fengqiao.registry;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.fengqiao.FengqiaoApplication;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry's two measured goals (docs/benchmarks.md), on the platform itself with its embedded PostgreSQL and the
 * demo county, no web server: (1) a 100,000-row households workbook parsed, validated and stored — the import job's
 * own code path ({@link HouseholdSheet#read}, then {@link RegistryBulk#write} in one transaction); (2) name search at
 * a million residents with the grams index, against a sequential scan and pg_trgm. Not part of the test suite: run by
 * hand (see docs/benchmarks.md).
 */
public final class RegistryBenchmark {

    private static final String[] SURNAMES = {"陈", "李", "黄", "梁", "吴", "冯", "张", "林", "何", "罗", "区", "麦", "谭",
            "邓", "叶", "温", "胡", "刘", "杨", "周", "莫", "余", "关", "钟", "朱", "徐", "苏", "卢", "伍", "王"};
    private static final String GIVEN = "伟强志明俊杰健国华军斌辉荣锦家浩文永德嘉振耀丽敏静燕婷芳玲霞娟慧美雪琳洁红秀晓颖欣淑月凤桂玉佩"
            + "昊晨阳博远峰磊涛毅航泽坤铭轩睿涵萱琪怡妍娜蕾璐蓉薇茜莉瑶";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int residents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        // the parts each import run stores in: 0 = as the import job decides (one per core from 20,000 residents),
        // 1 = one transaction; e.g. "1,1,1,0,0,0" compares both in one process
        int[] parts = Arrays.stream((args.length > 2 ? args[2] : "0,0,0").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        // -Dbench.data-dir: a data folder to start from (e.g. a copy of one with the demo county loaded already)
        Path dir = System.getProperty("bench.data-dir") != null ? Path.of(System.getProperty("bench.data-dir"))
                : Files.createTempDirectory("fq-registry-bench");
        ConfigurableApplicationContext ctx = new SpringApplication(FengqiaoApplication.class).run(
                "--spring.main.web-application-type=none", "--fengqiao.data-dir=" + dir,
                "--fengqiao.demo.load=auto", "--fengqiao.demo.history=false", "--logging.level.root=warn",
                "--spring.task.scheduling.pool.size=1", "--fengqiao.registry.import-poll=1h");
        try {
            if (rows > 0) {
                importBenchmark(ctx, rows, parts);
                explainIdSearch(ctx.getBean(JdbcTemplate.class));
            }
            if (residents > 0) {
                searchBenchmark(ctx, residents);
            }
        } finally {
            ctx.close();
        }
    }

    static void importBenchmark(ConfigurableApplicationContext ctx, int n, int[] parts) throws Exception {
        AreaDirectory areas = ctx.getBean(AreaDirectory.class);
        List<AreaView> buildings = areas.atLevel("BUILDING", DataScope.of("440784"));
        Random random = new Random(42);
        List<String[]> rows = new ArrayList<>(n);
        int household = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        while (rows.size() < n) {
            household++;
            AreaView b = buildings.get(household % buildings.size());
            String room = "B" + household;
            int members = 1 + random.nextInt(4);
            for (int m = 0; m < members && rows.size() < n; m++) {
                String id;
                do {
                    String first17 = String.format(Locale.ROOT, "440784%04d%02d%02d%03d", 1940 + random.nextInt(80),
                            1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(1000));
                    id = first17 + IdNumbers.checkCharacter(first17);
                } while (!ids.add(id));
                String[] r = Workbooks.row(b.code(), room, "K" + household, name(random), id, m == 0 ? "02" : "20",
                        "户籍人口");
                r[HouseholdSheet.PHONE] = "13" + (5 + random.nextInt(5)) + String.format("%08d",
                        random.nextInt(100_000_000));
                rows.add(r);
            }
        }
        byte[] xlsx = Workbooks.households(rows);
        System.out.printf(Locale.ROOT, "workbook: %,d rows, %,d households, %.1f MB%n", n, household,
                xlsx.length / 1e6);
        RegistryImports imports = ctx.getBean(RegistryImports.class);
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        int backend = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
        for (int run = 1; run <= parts.length; run++) {
            // every run imports other people: the ID numbers' 17th digit block shifted, so none lives here yet
            byte[] book = run == 1 ? xlsx : Workbooks.households(shift(rows, run));
            // the job the import runs as, claimed by this benchmark (the runner polls only hourly here)
            long jobId = jdbc.queryForObject("""
                    insert into registry_import_job (kind, file_name, status, mode, scope, created_by, created_at,
                                                     claimed_by, heartbeat_at)
                    values ('HOUSEHOLDS', 'benchmark.xlsx', 'IMPORTING', 'ALL', '{440784}', 'bench', now(), 'bench',
                            now()) returning id""", Long.class);
            RegistryImports.Claimed job = new RegistryImports.Claimed(jobId, "HOUSEHOLDS", "IMPORTING", "bench",
                    new String[] {"440784"}, "bench");
            // -Dbench.settle: start when no autovacuum worker runs (the previous run's 100,000 inserts set one off,
            // which competes for the cores with the next import when the runs follow each other seconds apart)
            double settled = Boolean.getBoolean("bench.settle") ? awaitNoAutovacuum(jdbc) : 0;
            int vacuumingAtStart = autovacuumWorkers(jdbc);
            if (Boolean.getBoolean("bench.checkpoint")) {
                // the worst case for the WAL: every page the store touches first gets a full-page image
                jdbc.execute("checkpoint");
            }
            Map<String, Object> wal0 = wal(jdbc);
            long t0 = System.nanoTime();
            long cpu0 = jvmCpu();
            HouseholdSheet.Result result = HouseholdSheet.read(new ByteArrayInputStream(book), DataScope.of("440784"),
                    LocalDate.now(), imports.context(), x -> { });
            long t1 = System.nanoTime();
            long cpu1 = jvmCpu();
            // the CPU the store costs PostgreSQL (all its processes: the backends of every part, the WAL writer, the
            // checkpointer) and the JVM: unlike the wall-clock time, not inflated by other work on the machine
            double pg0 = serverCpu(backend);
            int written = imports.storeHouseholds(job, result.goodRows(), result.rows(), result.invalidRows(),
                    parts[run - 1]);
            double pg1 = serverCpu(backend);
            long t2 = System.nanoTime();
            long cpu2 = jvmCpu();
            Map<String, Object> wal1 = wal(jdbc);
            String status = jdbc.queryForObject("select status from registry_import_job where id = ?", String.class,
                    jobId);
            System.out.printf(Locale.ROOT, "import run %d (%s): %,d rows, %d problems: read+validate %.2f s, store %.2f s,"
                            + " total %.2f s (%,d residents written, job %s)%n", run,
                    parts[run - 1] == 1 ? "one transaction" : "parts " + (parts[run - 1] == 0 ? ImportParts.parts()
                            : parts[run - 1]), result.rows(), result.problems().size(), (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, (t2 - t0) / 1e9, written, status);
            System.out.printf(Locale.ROOT, "  CPU: read+validate %.2f s JVM; store %.2f s JVM + %.2f s PostgreSQL"
                    + " (all its processes)%n", (cpu1 - cpu0) / 1e9, (cpu2 - cpu1) / 1e9, pg1 - pg0);
            System.out.printf(Locale.ROOT, "  autovacuum workers running at the start: %d (waited %.1f s for them),"
                    + " at the end: %d%n", vacuumingAtStart, settled, autovacuumWorkers(jdbc));
            System.out.printf(Locale.ROOT, "  WAL: %,d records, %,d full-page images, %.1f MB; checkpoints %s -> %s%n",
                    ((Number) wal1.get("wal_records")).longValue() - ((Number) wal0.get("wal_records")).longValue(),
                    ((Number) wal1.get("wal_fpi")).longValue() - ((Number) wal0.get("wal_fpi")).longValue(),
                    (((Number) wal1.get("wal_bytes")).doubleValue() - ((Number) wal0.get("wal_bytes")).doubleValue())
                            / 1e6, wal0.get("checkpoints"), wal1.get("checkpoints"));
        }
    }

    /**
     * How a search by ID number finds the resident after the runs (one of them moved out): through the one-home index
     * for the living and the moved-out index for the others, as {@link Residents#search} asks.
     */
    static void explainIdSearch(JdbcTemplate jdbc) {
        byte[] index = jdbc.queryForObject("select id_number_index from registry_resident where moved_out_at is null"
                + " and id_number_index is not null order by id desc limit 1", byte[].class);
        jdbc.update("update registry_resident set moved_out_at = now(), moved_out_by = 'bench', moved_out_reason ="
                + " 'benchmark' where id_number_index = ? and moved_out_at is null", (Object) index);
        jdbc.execute("analyze registry_resident");
        List<String> plan = jdbc.queryForList("""
                explain (analyze, buffers, costs off, timing off, summary off)
                select p.id from registry_resident p where p.id = any (array(
                  select id from registry_resident where id_number_index = ? and moved_out_at is null
                  union all
                  select id from registry_resident where id_number_index = ? and moved_out_at is not null))""",
                String.class, index, index);
        System.out.println("  search by ID number (moved out included):");
        plan.forEach(l -> System.out.println("    " + l));
    }

    /** How many autovacuum workers are running now. */
    static int autovacuumWorkers(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'",
                Integer.class);
    }

    /** Waits (at most two minutes) until no autovacuum worker runs; the seconds waited. */
    static double awaitNoAutovacuum(JdbcTemplate jdbc) throws InterruptedException {
        long t0 = System.nanoTime();
        while (autovacuumWorkers(jdbc) > 0 && System.nanoTime() - t0 < 120_000_000_000L) {
            Thread.sleep(200);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The WAL written so far and the checkpoints done (PostgreSQL 17: pg_stat_wal, pg_stat_checkpointer). */
    static Map<String, Object> wal(JdbcTemplate jdbc) {
        return jdbc.queryForMap("""
                select w.wal_records, w.wal_fpi, w.wal_bytes,
                       (select num_timed || ' timed, ' || num_requested || ' requested' from pg_stat_checkpointer)
                         as checkpoints
                from pg_stat_wal w""");
    }

    /**
     * The CPU seconds of the PostgreSQL server so far: its postmaster and every process it started (backends, WAL
     * writer, checkpointer, background writer, autovacuum), found from one backend's parent; Linux only, NaN elsewhere.
     */
    static double serverCpu(int backendPid) {
        try {
            long postmaster = Long.parseLong(stat(backendPid)[1]);
            double sum = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String[] f = stat(Integer.parseInt(name));
                        if (Long.parseLong(name) == postmaster || Long.parseLong(f[1]) == postmaster) {
                            sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // ended meanwhile
                    }
                }
            }
            return sum;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The fields of /proc/<pid>/stat after the command name (state, ppid, …). */
    private static String[] stat(int pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** The JVM's CPU time so far, in nanoseconds (all threads). */
    static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<String[]> shift(List<String[]> rows, int run) {
        List<String[]> out = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            String[] c = Arrays.copyOf(r, r.length);
            String id = c[HouseholdSheet.ID];
            String first17 = id.substring(0, 14) + (char) ('0' + (id.charAt(14) - '0' + run) % 10) + id.substring(15, 17);
            c[HouseholdSheet.ID] = first17 + IdNumbers.checkCharacter(first17);
            c[HouseholdSheet.KEY] = c[HouseholdSheet.KEY] + "-" + run;
            c[HouseholdSheet.ROOM] = c[HouseholdSheet.ROOM] + "-" + run;
            out.add(c);
        }
        return out;
    }

    static String name(Random random) {
        StringBuilder sb = new StringBuilder(SURNAMES[random.nextInt(SURNAMES.length)]);
        int given = random.nextInt(100) < 75 ? 2 : 1;
        for (int i = 0; i < given; i++) {
            sb.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return sb.toString();
    }

    static void searchBenchmark(ConfigurableApplicationContext ctx, int target) {
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        Long have = jdbc.queryForObject("select count(*) from registry_resident", Long.class);
        int missing = (int) Math.max(0, target - have);
        long t0 = System.nanoTime();
        // a million residents, 4 to a household, spread over the county's grids and buildings, in SQL
        List<String> codes = jdbc.queryForList("select distinct area_code from registry_room", String.class);
        String surnames = "{" + String.join(",", SURNAMES) + "}";
        jdbc.update("""
                insert into registry_room (area_code, room, door_plate, created_at, created_by)
                select (?::text[])[1 + (g % ?)], 'S' || g, 'bench ' || g, now(), 'bench'
                from generate_series(1, ?) g""", codes.toArray(String[]::new), codes.size(), missing / 4 + 1);
        jdbc.update("""
                insert into registry_household (room_id, area_code, kind, registered_at, registered_by, changed_at,
                                                changed_by)
                select r.id, r.area_code, 'REGISTERED', now(), 'bench', now(), 'bench' from registry_room r
                where r.created_by = 'bench'""");
        jdbc.update("""
                insert into registry_resident (household_id, area_code, name, name_grams, relationship,
                  population_kind, registered_here, lives_here, moved_in_at, moved_in_by, changed_at, changed_by)
                select id, area_code, name, registry_name_grams(name), '02', 'REGISTERED', true, true, now(), 'bench',
                       now(), 'bench'
                from (select h.id, h.area_code,
                             (?::text[])[1 + floor(random() * ?)::int]
                               || substr(?, 1 + floor(random() * ?)::int, 1)
                               || case when random() < 0.75 then substr(?, 1 + floor(random() * ?)::int, 1)
                                  else '' end as name
                      from registry_household h cross join generate_series(1, 4) k
                      where h.registered_by = 'bench') people""", surnames, SURNAMES.length, GIVEN, GIVEN.length(), GIVEN,
                GIVEN.length());
        jdbc.execute("analyze registry_resident");
        long t1 = System.nanoTime();
        Long total = jdbc.queryForObject("select count(*) from registry_resident", Long.class);
        System.out.printf(Locale.ROOT, "search: %,d residents (%,d added in %.1f s)%n", total, missing,
                (t1 - t0) / 1e9);
        String county = "440784%";
        String town = "440784001%";
        String grid = jdbc.queryForObject("select area_code from registry_resident group by area_code"
                + " order by count(*) desc limit 1", String.class) + "%";
        String[][] queries = {{"晨阳", county}, {"晨阳", town}, {"晨阳", grid}, {"陈", county}, {"陈晨阳", county},
                {"欧阳娜", county}};
        for (String[] q : queries) {
            time(jdbc, "grams index", q[0], q[1], false);
        }
        jdbc.execute("create extension if not exists pg_trgm");
        jdbc.execute("create index bench_trgm on registry_resident using gin (name gin_trgm_ops)");
        jdbc.execute("set enable_bitmapscan = on");
        for (String[] q : queries) {
            time(jdbc, "pg_trgm, like", q[0], q[1], true);
        }
        jdbc.execute("drop index bench_trgm");
        jdbc.execute("drop index registry_resident_name");
        for (String[] q : queries) {
            time(jdbc, "no name index, like", q[0], q[1], true);
        }
        jdbc.execute("create index registry_resident_name on registry_resident using gin (name_grams)");
    }

    /** The search's own SQL (Residents.search by name), median of 7 runs after 2 warm-ups. */
    static void time(JdbcTemplate jdbc, String how, String q, String scope, boolean likeOnly) {
        String[] grams = Residents.Query.grams(q);
        String pattern = "%" + q + "%";
        String sql = likeOnly ? Residents.SUMMARY + """
                 where p.area_code like any (?) and p.name like ? and p.moved_out_at is null
                 order by p.id limit 50""" : Residents.SUMMARY + """
                 where p.area_code like any (?) and p.name_grams @> ?::text[]
                   and (?::text is null or p.name like ?) and p.moved_out_at is null
                 order by p.id limit 50""";
        long[] ms = new long[7];
        int found = 0;
        Object[] args = likeOnly ? new Object[] {new String[] {scope}, pattern}
                : new Object[] {new String[] {scope}, grams, q.length() > 2 ? pattern : null,
                        q.length() > 2 ? pattern : null};
        for (int i = -2; i < 7; i++) {
            long t = System.nanoTime();
            List<Long> ids = jdbc.query(sql, (rs, n) -> rs.getLong(1), args);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t) / 1000;
                found = ids.size();
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %-22s %-6s in %-12s %3d found  median %8.2f ms%n", how, q, scope, found,
                ms[3] / 1000.0);
    }
}
