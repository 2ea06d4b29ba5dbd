package org.fengqiao.intake.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for the intake, run by hand against a running app (not part of the test suite); see
 * docs/benchmarks.md "Intake" and scripts/intake-crash-test.sh.
 *
 * <pre>
 * bench  --url U --jdbc J [--seconds 30] [--concurrency 32]   HTTP submissions, then the same rows by raw JDBC
 * crash  --url U --log FILE [--seconds 20] [--concurrency 16] submit until killed; log every send and every ack
 * verify --url U --jdbc J --log FILE                          retry every logged request with its key; check
 * </pre>
 */
public final class IntakeLoadDriver {

    static String arg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return def;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "bench" : args[0];
        String url = arg(args, "url", "http://localhost:8085");
        String user = arg(args, "user", "county.intake");
        String password = arg(args, "password", "Fengqiao@2026");
        switch (mode) {
            case "bench" -> bench(url, user, password, arg(args, "jdbc", null),
                    Integer.parseInt(arg(args, "seconds", "30")), Integer.parseInt(arg(args, "concurrency", "32")));
            case "crash" -> crash(url, user, password, Path.of(arg(args, "log", "target/crash.log")),
                    Integer.parseInt(arg(args, "seconds", "20")), Integer.parseInt(arg(args, "concurrency", "16")));
            case "verify" -> System.exit(verify(url, user, password, arg(args, "jdbc", null),
                    Path.of(arg(args, "log", "target/crash.log"))) ? 0 : 1);
            default -> throw new IllegalArgumentException("mode is bench, crash or verify");
        }
    }

    // ---- a signed-in HTTP client ----

    record Session(HttpClient http, String csrf) {
    }

    static Session login(String base, String user, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        String loginPage = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String token = find(loginPage, "name=\"_csrf\"\\s+value=\"([^\"]+)\"", "value=\"([^\"]+)\"\\s+name=\"_csrf\"");
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(token);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        if (location.contains("error")) {
            throw new IllegalStateException("login failed for " + user);
        }
        String home = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = find(home, "name=\"_csrf\"\\s+content=\"([^\"]+)\"", "content=\"([^\"]+)\"\\s+name=\"_csrf\"");
        return new Session(http, csrf);
    }

    static String find(String html, String... patterns) {
        for (String p : patterns) {
            Matcher m = Pattern.compile(p).matcher(html);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no CSRF token in the page");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Point(String grid, double lon, double lat) {
    }

    /** Grid centroids, so every report goes through the GridLocator. */
    static List<Point> points(String jdbc) throws Exception {
        List<Point> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("""
                     select code, centroid_lon, centroid_lat from area
                     where level = 'GRID' and kind = 'BASE' and centroid_lon is not null and retired_at is null""")) {
            while (rs.next()) {
                out.add(new Point(rs.getString(1), rs.getDouble(2), rs.getDouble(3)));
            }
        }
        return out;
    }

    static String json(String key, Point p, int n) {
        return """
                {"channel":"COUNTER","categoryCode":"ENV-DUMPING","description":"load %s","lon":%s,"lat":%s,
                 "reporterPhone":"139%08d"}""".formatted(key, p.lon(), p.lat(), n % 100_000_000);
    }

    static HttpRequest submit(String base, Session s, String key, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/api/reports")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .header("X-CSRF-TOKEN", s.csrf()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    // ---- bench ----

    static void bench(String base, String user, String password, String jdbc, int seconds, int concurrency)
            throws Exception {
        Session s = login(base, user, password);
        List<Point> points = points(jdbc);
        System.out.printf("Grids: %d; concurrency %d; %d s after a 5 s warm-up%n", points.size(), concurrency,
                seconds);
        run(base, s, points, concurrency, 5, null);
        long[] lat = run(base, s, points, concurrency, seconds, null);
        double rate = lat.length / (double) seconds;
        System.out.printf("HTTP      : %d reports in %d s = %.0f reports/s, p50 %.1f ms, p99 %.1f ms%n",
                lat.length, seconds, rate, pct(lat, 50), pct(lat, 99));
        double raw1 = rawSingle(jdbc, points, concurrency, seconds);
        double rawBatch = rawBatch(jdbc, points, seconds);
        System.out.printf("JDBC 1/tx : %.0f rows/s (same rows, %d connections, one commit per row)%n", raw1,
                concurrency);
        System.out.printf("JDBC batch: %.0f rows/s (same rows, batches of 500, one connection)%n", rawBatch);
        System.out.printf("Ratio HTTP / JDBC 1/tx = %.2f; HTTP / JDBC batch = %.2f%n", rate / raw1, rate / rawBatch);
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Submits for {@code seconds} with {@code concurrency} clients; returns the sorted latencies of 2xx answers. */
    static long[] run(String base, Session s, List<Point> points, int concurrency, int seconds,
                      BufferedWriter log) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    long[] mine = new long[1 << 20];
                    int n = 0;
                    try {
                        while (System.nanoTime() < end) {
                            int i = (int) seq.incrementAndGet();
                            String key = UUID.randomUUID().toString();
                            Point p = points.get(i % points.size());
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> r = s.http().send(submit(base, s, key, json(key, p, i)),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() / 100 == 2) {
                                    if (n < mine.length) {
                                        mine[n++] = System.nanoTime() - t0;
                                    }
                                } else if (errors.incrementAndGet() < 5) {
                                    System.err.println(r.statusCode() + " " + r.body());
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        all.add(Arrays.copyOf(mine, n));
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        if (errors.get() > 0) {
            System.err.println("errors: " + errors.get());
        }
        return all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    static final String RAW_INSERT = """
            insert into report (submitted_by, idempotency_key, request_hash, channel, category_code, description, lon,
              lat, area_code, grid_name, reporter_phone_enc, reporter_phone_index, reporter_phone_masked, status,
              received_at, accept_due)
            values ('raw-jdbc', ?, ?, 'COUNTER', 'ENV-DUMPING', ?, ?, ?, ?, 'raw', ?, ?, '139****0000', 'PENDING', ?, ?)""";

    static void bind(PreparedStatement ps, Point p, SecureRandom random) throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] enc = new byte[40];
        byte[] idx = new byte[32];
        random.nextBytes(enc);
        random.nextBytes(idx);
        ps.setString(1, key);
        ps.setString(2, "0".repeat(64));
        ps.setString(3, "load " + key);
        ps.setDouble(4, p.lon());
        ps.setDouble(5, p.lat());
        ps.setString(6, p.grid());
        ps.setBytes(7, enc);
        ps.setBytes(8, idx);
        Timestamp now = new Timestamp(System.currentTimeMillis());
        ps.setTimestamp(9, now);
        ps.setTimestamp(10, now);
    }

    /** The same rows, one INSERT and one COMMIT per row, from as many connections as HTTP clients. */
    static double rawSingle(String jdbc, List<Point> points, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong rows = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                int offset = t;
                pool.submit(() -> {
                    SecureRandom random = new SecureRandom();
                    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                         PreparedStatement ps = c.prepareStatement(RAW_INSERT)) {
                        int i = offset;
                        while (System.nanoTime() < end) {
                            bind(ps, points.get(i++ % points.size()), random);
                            ps.executeUpdate();
                            rows.incrementAndGet();
                        }
                    } catch (Exception e) {
                        System.err.println("raw: " + e.getMessage());
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        return rows.get() / (double) seconds;
    }

    /** The same rows as JDBC batches of 500 per commit on one connection: the database's ceiling. */
    static double rawBatch(String jdbc, List<Point> points, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long rows = 0;
        SecureRandom random = new SecureRandom();
        try (Connection c = DriverManager.getConnection(jdbc + (jdbc.contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true", "postgres", "");
             PreparedStatement ps = c.prepareStatement(RAW_INSERT)) {
            c.setAutoCommit(false);
            int i = 0;
            while (System.nanoTime() < end) {
                for (int b = 0; b < 500; b++) {
                    bind(ps, points.get(i++ % points.size()), random);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                rows += 500;
            }
        }
        return rows / (double) seconds;
    }

    // ---- crash and verify ----

    static void crash(String base, String user, String password, Path logFile, int seconds, int concurrency)
            throws Exception {
        Session s = login(base, user, password);
        // points from the app itself is not possible without JDBC; grid centroids are read by verify; here we
        // submit by grid code, taken from a list the script passes, or the demo grid A
        List<Point> points = List.of(new Point("440784001001001", 0, 0), new Point("440784106200001", 0, 0));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        AtomicBoolean down = new AtomicBoolean();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong seq = new AtomicLong();
        try (BufferedWriter log = Files.newBufferedWriter(logFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch done = new CountDownLatch(concurrency);
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    try {
                        int failures = 0;
                        while (System.nanoTime() < end && failures < 20) {
                            long i = seq.incrementAndGet();
                            String key = "crash-" + UUID.randomUUID();
                            Point p = points.get((int) (i % points.size()));
                            String body = """
                                    {"channel":"COUNTER","categoryCode":"ENV-DUMPING","description":"crash %s",
                                     "areaCode":"%s"}""".formatted(key, p.grid());
                            write(log, "SENT " + key + " " + p.grid());
                            try {
                                HttpResponse<String> r = s.http().send(submit(base, s, key, body),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() / 100 == 2) {
                                    Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(r.body());
                                    m.find();
                                    write(log, "ACK " + key + " " + m.group(1));
                                }
                            } catch (IOException e) {
                                failures++;
                                down.set(true);
                                Thread.sleep(100);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            done.await();
        }
        System.out.println("crash driver stopped; app went down: " + down.get());
    }

    static synchronized void write(BufferedWriter log, String line) {
        try {
            log.write(line);
            log.newLine();
            log.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean verify(String base, String user, String password, String jdbc, Path logFile) throws Exception {
        Map<String, String> sent = new HashMap<>();
        Map<String, Long> acked = new HashMap<>();
        for (String line : Files.readAllLines(logFile)) {
            String[] f = line.split(" ");
            if (f[0].equals("SENT")) {
                sent.put(f[1], f[2]);
            } else if (f[0].equals("ACK")) {
                acked.put(f[1], Long.parseLong(f[2]));
            }
        }
        System.out.printf("log: %d sent, %d acknowledged before the kill%n", sent.size(), acked.size());
        int lost = 0;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             PreparedStatement ps = c.prepareStatement(
                     "select id from report where submitted_by = ? and idempotency_key = ?")) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                ps.setString(1, user);
                ps.setString(2, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != e.getValue()) {
                        lost++;
                    }
                }
            }
        }
        System.out.printf("acknowledged reports missing or changed after restart: %d%n", lost);
        // every client retries everything it sent, with the same key
        Session s = login(base, user, password);
        int replayed = 0;
        int created = 0;
        int mismatched = 0;
        for (Map.Entry<String, String> e : sent.entrySet()) {
            String body = """
                    {"channel":"COUNTER","categoryCode":"ENV-DUMPING","description":"crash %s",
                     "areaCode":"%s"}""".formatted(e.getKey(), e.getValue());
            HttpResponse<String> r = s.http().send(submit(base, s, e.getKey(), body),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(r.body());
            if (r.statusCode() == 200) {
                replayed++;
            } else if (r.statusCode() == 201) {
                created++;
            }
            if (m.find() && acked.containsKey(e.getKey()) && acked.get(e.getKey()) != Long.parseLong(m.group(1))) {
                mismatched++;
            }
        }
        System.out.printf("retries: %d answered as replays (already stored), %d stored now (never committed "
                + "before the kill), %d acknowledged ids changed%n", replayed, created, mismatched);
        long duplicates;
        long rows;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("""
                     select count(*), count(*) - count(distinct description) from report
                     where description like 'crash crash-%'""")) {
            rs.next();
            rows = rs.getLong(1);
            duplicates = rs.getLong(2);
        }
        System.out.printf("rows: %d for %d distinct requests; duplicates: %d%n", rows, sent.size(), duplicates);
        boolean ok = lost == 0 && mismatched == 0 && duplicates == 0 && rows == sent.size();
        System.out.println(ok ? "CRASH TEST PASSED" : "CRASH TEST FAILED");
        return ok;
    }
}
