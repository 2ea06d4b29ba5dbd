package org.fengqiao.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Sustained report intake over HTTP against a running Fengqiao, side by side with raw PostgreSQL doing the same
 * inserts (one report row and one event-publication row per transaction, prepared, autocommit off) in the same run
 * on the same server. Not part of the test suite; {@code scripts/bench-intake.sh} runs it. Arguments:
 * {@code base=http://localhost:8090 jdbc=jdbc:postgresql://localhost:54390/postgres clients=4,16 seconds=20
 * auth=token user=county.intake password=…}: with {@code auth=token} (the default) the clients share one API token
 * (INTAKE_CLERK for the county, issued through the API by {@code secadmin}) as a hotline system would; with
 * {@code auth=session} each signs in as {@code user} and sends its session cookie and CSRF token.
 */
public final class IntakeLoadDriver {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Arrays.stream(args).map(s -> s.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        String base = a.getOrDefault("base", "http://localhost:8090");
        String jdbc = a.get("jdbc");
        String user = a.getOrDefault("user", "county.intake");
        String password = a.getOrDefault("password", "Fengqiao@2026");
        String auth = a.getOrDefault("auth", "token");
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "20"));
        firstWarmUp = Integer.parseInt(a.getOrDefault("warmup", "10"));
        List<Integer> clientCounts = Arrays.stream(a.getOrDefault("clients", "4,16").split(","))
                .map(Integer::parseInt).toList();

        List<double[]> points;
        String category;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            points = gridPoints(c);
            category = single(c, "select code from case_category where active order by code limit 1");
            // the platform first delivers what its start left to its listeners (the demo history's events): a run
            // measured meanwhile would share the cores with that backlog
            long waited = System.nanoTime();
            String backlog = BACKLOG;
            while (Long.parseLong(single(c, backlog)) > 0 && System.nanoTime() - waited < 600_000_000_000L) {
                Thread.sleep(1000);
            }
            System.out.printf("event backlog drained in %.0f s (%s left)%n", (System.nanoTime() - waited) / 1e9,
                    single(c, backlog));
        }
        String token = auth.equals("token") ? new IntakeClient(base).issueToken("secadmin", password,
                "load driver " + System.currentTimeMillis(), "INTAKE_CLERK", "440784") : null;
        System.out.printf("%d grid points, category %s, %d s per run, %s%n", points.size(), category, seconds,
                token == null ? "session + CSRF as " + user : "API token");
        System.out.println();
        System.out.println("| clients | HTTP reports/s | p50 ms | p99 ms | errors | listener backlog at end"
                + " | drained in s | raw JDBC reports/s | raw p50 ms | raw p99 ms | HTTP ÷ raw |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int clients : clientCounts) {
            Result http = runHttp(base, user, password, token, clients, seconds, points, category);
            // what the listeners had not yet handled when the clients stopped, and how long they took to catch up
            // (the raw run starts only then, so it does not share the cores with the platform's background work)
            long backlog;
            double drained;
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
                String open = BACKLOG;
                backlog = Long.parseLong(single(c, open));
                long t0 = System.nanoTime();
                while (Long.parseLong(single(c, open)) > 0 && System.nanoTime() - t0 < 180_000_000_000L) {
                    Thread.sleep(200);
                }
                drained = (System.nanoTime() - t0) / 1e9;
            }
            Result raw = runRaw(jdbc, clients, seconds, points, category);
            System.out.printf("| %d | %.0f | %.1f | %.1f | %d | %d | %.1f | %.0f | %.1f | %.1f | %.2f |%n", clients,
                    http.perSecond(), http.p50(), http.p99(), http.errors(), backlog, drained, raw.perSecond(),
                    raw.p50(), raw.p99(), http.perSecond() / raw.perSecond());
        }
    }

    record Result(long ok, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return ok / seconds;
        }

        double p50() {
            return percentile(0.50);
        }

        double p99() {
            return percentile(0.99);
        }

        private double percentile(double q) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
        }
    }

    /** What the platform has still to do in the background: undelivered publications and unannounced reports. */
    static final String BACKLOG = "select (select count(*) from event_publication where completion_date is null)"
            + " + (select count(*) from report_announcement)";

    /** Seconds of load before the first measured run (argument {@code warmup}); the JIT needs a minute or more. */
    static int firstWarmUp = 10;
    static boolean firstRun = true;

    static Result runHttp(String base, String user, String password, String token, int clients, int seconds,
                          List<double[]> points, String category) throws Exception {
        List<IntakeClient> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            IntakeClient client = new IntakeClient(base);
            if (token != null) {
                client.withToken(token);
            } else {
                client.login(user, password);
            }
            sessions.add(client);
        }
        // warm up (JIT): not counted — `warmup` seconds before the first run (default 10), ten before each later one
        int warmUp = firstRun ? firstWarmUp : 10;
        firstRun = false;
        measure(clients, warmUp, i -> {
            double[] p = points.get(ThreadLocalRandom.current().nextInt(points.size()));
            int s = sessions.get(i).submit(UUID.randomUUID().toString(),
                    IntakeClient.report(category, p[0], p[1], "warm-up")).status();
            return s == 201;
        });
        return measure(clients, seconds, i -> {
            double[] p = points.get(ThreadLocalRandom.current().nextInt(points.size()));
            int s = sessions.get(i).submit(UUID.randomUUID().toString(),
                    IntakeClient.report(category, p[0], p[1], "load driver report")).status();
            return s == 201;
        });
    }

    /** The same rows the intake writes, straight into PostgreSQL: one report and one event row per transaction. */
    static Result runRaw(String jdbc, int clients, int seconds, List<double[]> points, String category)
            throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("create table if not exists bench_raw_report (like report including all)");
            st.execute("create table if not exists bench_raw_event (like event_publication including all)");
        }
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement[]> statements = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Connection c = DriverManager.getConnection(jdbc, "postgres", "");
            c.setAutoCommit(false);
            connections.add(c);
            statements.add(new PreparedStatement[] {
                    c.prepareStatement("""
                            insert into bench_raw_report (submitted_by, idempotency_key, request_hash, channel,
                              category_code, description, lon, lat, area_code, grid_name, status, received_at)
                            values (?, ?, ?, 'COUNTER', ?, ?, ?, ?, ?, ?, 'PENDING', ?)
                            on conflict do nothing returning id"""),
                    c.prepareStatement("""
                            insert into bench_raw_event (id, listener_id, event_type, serialized_event,
                              publication_date)
                            values (?, 'org.fengqiao.cases.listener', 'org.fengqiao.intake.ReportSubmitted', ?, ?)""")});
        }
        AtomicLong seq = new AtomicLong();
        try {
            return measure(clients, seconds, i -> {
                PreparedStatement[] ps = statements.get(i);
                double[] p = points.get(ThreadLocalRandom.current().nextInt(points.size()));
                try {
                    Timestamp now = Timestamp.from(Instant.now());
                    ps[0].setString(1, "county.intake");
                    ps[0].setString(2, UUID.randomUUID().toString());
                    ps[0].setString(3, "0".repeat(64));
                    ps[0].setString(4, category);
                    ps[0].setString(5, "raw insert " + seq.incrementAndGet());
                    ps[0].setDouble(6, p[0]);
                    ps[0].setDouble(7, p[1]);
                    ps[0].setString(8, "440784001001001");
                    ps[0].setString(9, "grid");
                    ps[0].setTimestamp(10, now);
                    try (ResultSet rs = ps[0].executeQuery()) {
                        rs.next();
                        ps[1].setObject(1, UUID.randomUUID());
                        ps[1].setString(2, "{\"reportId\":" + rs.getLong(1) + "}");
                        ps[1].setTimestamp(3, now);
                        ps[1].executeUpdate();
                    }
                    connections.get(i).commit();
                    return true;
                } catch (SQLException e) {
                    return false;
                }
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                 Statement st = c.createStatement()) {
                st.execute("drop table bench_raw_report");
                st.execute("drop table bench_raw_event");
            }
        }
    }

    /** Runs {@code clients} loops for {@code seconds}, each calling {@code work} with its index. */
    static Result measure(int clients, int seconds, Function<Integer, Boolean> work) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            int index = i;
            perClient.add(null);
            Thread t = Thread.ofPlatform().start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean good = work.apply(index);
                    long took = System.nanoTime() - t0;
                    if (good) {
                        ok.incrementAndGet();
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = took;
                    } else {
                        errors.incrementAndGet();
                    }
                }
                long[] mine = Arrays.copyOf(lat, n);
                synchronized (perClient) {
                    perClient.set(index, mine);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(ok.get(), errors.get(), elapsed, all);
    }

    /** A point inside every base grid (interior point of its polygon). */
    static List<double[]> gridPoints(Connection c) throws Exception {
        List<double[]> points = new ArrayList<>();
        GeoJsonReader reader = new GeoJsonReader();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select boundary from area where level = 'GRID' and kind = 'BASE'"
                     + " and retired_at is null and boundary is not null")) {
            while (rs.next()) {
                Point p = reader.read(rs.getString(1)).getInteriorPoint();
                points.add(new double[] {p.getX(), p.getY()});
            }
        }
        return points;
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private IntakeLoadDriver() {
    }
}
