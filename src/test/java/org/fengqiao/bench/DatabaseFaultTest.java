package org.fengqiao.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.fengqiao.support.PlatformProcess;
import org.fengqiao.support.StaffClient;

/**
 * Database faults under load: the platform runs on an external PostgreSQL while clients submit reports (each one
 * retried with its idempotency key until acknowledged, as a phone app's queue would) and a person keeps the live
 * queue page open; PostgreSQL is then stopped ({@code mode=restart}: a fast shutdown, down for {@code down} s) or
 * killed with SIGKILL ({@code mode=crash}: crash recovery at restart), and started again on the same folder.
 * Passes when every answer during the outage was a 503 with a clear message (a problem detail for the API, a page
 * for the browser; no 500, no trace, no SQL), the platform served again by itself, and every acknowledged report is
 * in the database once with the id it was given. Not part of the test suite; {@code scripts/db-fault-test.sh} runs it.
 * Arguments: {@code data=<fresh folder> port=8092 pgPort=54392 clients=8 warm=6 down=10 after=5 mode=restart}.
 */
public final class DatabaseFaultTest {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Arrays.stream(args).map(s -> s.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        Path data = Path.of(a.get("data"));
        int pgPort = Integer.parseInt(a.getOrDefault("pgPort", "54392"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "8"));
        int warm = Integer.parseInt(a.getOrDefault("warm", "6"));
        int down = Integer.parseInt(a.getOrDefault("down", "10"));
        int after = Integer.parseInt(a.getOrDefault("after", "5"));
        boolean crash = "crash".equals(a.getOrDefault("mode", "restart"));
        Path pgDir = Files.createDirectories(data.resolve("pg"));
        Thread.ofPlatform().daemon().start(() -> { // bounded in time whatever happens
            pause(Duration.ofMinutes(10).toMillis());
            System.out.println("DATABASE FAULT TEST FAILED: still running after 10 minutes");
            System.exit(2);
        });
        String jdbc = "jdbc:postgresql://localhost:" + pgPort + "/fengqiao";

        EmbeddedPostgres pg = startDatabase(pgDir, pgPort);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "postgres", "")) {
            c.createStatement().execute("create database fengqiao");
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("db-fault-" + a.getOrDefault("mode", "restart")
                + ".log");
        System.out.println("platform log: " + log);
        PlatformProcess app = PlatformProcess.start(log, Duration.ofMinutes(3),
                "--spring.datasource.url=" + jdbc, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--fengqiao.data-dir=" + data.resolve("app"),
                "--fengqiao.demo.load=always", "--fengqiao.demo.history=false",
                "--fengqiao.crypto.key=" + randomKey(16), "--fengqiao.crypto.index-key=" + randomKey(32),
                "--logging.level.root=warn");
        Runtime.getRuntime().addShutdownHook(new Thread(app::close)); // never leave the platform running
        String base = app.base();
        List<double[]> points;
        String category;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            points = IntakeLoadDriver.gridPoints(c);
            category = IntakeLoadDriver.single(c, "select code from case_category where active order by code limit 1");
        }

        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger connectionsLost = new AtomicInteger();
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger pagesUnavailable = new AtomicInteger();
        AtomicLong slowestMillis = new AtomicLong();
        AtomicLong firstAckAfterRestart = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong giveUpAt = new AtomicLong(Long.MAX_VALUE);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            IntakeClient client = new IntakeClient(base);
            client.login("county.intake", "Fengqiao@2026");
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                while (!stop.get()) {
                    double[] p = points.get(ThreadLocalRandom.current().nextInt(points.size()));
                    String key = UUID.randomUUID().toString();
                    String body = IntakeClient.report(category, p[0], p[1], "fault test " + key);
                    sent.incrementAndGet();
                    while (true) { // this key until it is acknowledged (or long after the end: a failure)
                        if (stop.get() && System.nanoTime() > giveUpAt.get()) {
                            failures.add(key + " never acknowledged");
                            break;
                        }
                        long t0 = System.nanoTime();
                        IntakeClient.Answer answer = client.submit(key, body);
                        slowestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        if (answer.status() == 201 || answer.status() == 200) {
                            acknowledged.put(key, answer.reportId());
                            if (System.nanoTime() > restartedAt.get()) {
                                firstAckAfterRestart.compareAndSet(0, System.nanoTime());
                            }
                            break;
                        }
                        if (answer.status() == 503) {
                            unavailable.incrementAndGet();
                            check(answer.body(), "\"status\":503", failures);
                        } else if (answer.status() == 0) {
                            // the connection broke mid-answer (the report may be committed): its fate is known only
                            // from the retry, which must replay it or create it once
                            connectionsLost.incrementAndGet();
                        } else {
                            failures.add(key + " answered " + answer.status() + ": " + snippet(answer.body()));
                        }
                        pause(250);
                    }
                }
            }));
        }
        StaffClient person = new StaffClient().login(base, "county.shiftlead", "Fengqiao@2026");
        threads.add(Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> page = person.get(base + "/cases/queue", "text/html");
                    pages.incrementAndGet();
                    if (page.statusCode() == 503) {
                        pagesUnavailable.incrementAndGet();
                        check(page.body(), "暂时不可用", failures);
                    } else if (page.statusCode() != 200 || !page.uri().getPath().equals("/cases/queue")) {
                        failures.add("queue page answered " + page.statusCode() + " at " + page.uri() + ": "
                                + snippet(page.body()));
                    }
                } catch (java.io.UncheckedIOException e) {
                    connectionsLost.incrementAndGet(); // broken mid-answer: the next load shows what it is
                } catch (RuntimeException e) {
                    failures.add("queue page: " + e);
                }
                pause(300);
            }
        }));

        Thread.sleep(warm * 1000L);
        int ackedBefore = acknowledged.size();
        long stoppedAt = System.nanoTime();
        if (crash) {
            long postmaster = Long.parseLong(Files.readAllLines(pgDir.resolve("postmaster.pid")).getFirst().trim());
            ProcessHandle.of(postmaster).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
                h.onExit().join();
            });
            try {
                pg.close(); // releases this process's lock on the folder; the server is already gone
            } catch (java.io.IOException | RuntimeException alreadyDead) {
                // pg_ctl stop finds no server
            }
        } else {
            pg.close();
        }
        // answers to requests that were already being committed as it stopped may still arrive: count from here
        Thread.sleep(500);
        int ackedAtStop = acknowledged.size();
        System.out.printf("%s PostgreSQL after %d s of load (%d reports acknowledged); down for %d s%n",
                crash ? "killed (SIGKILL)" : "stopped (fast shutdown)", warm, ackedAtStop, down);
        Thread.sleep(down * 1000L - 500);
        int ackedWhileDown = acknowledged.size() - ackedAtStop;
        pg = startDatabase(pgDir, pgPort);
        restartedAt.set(System.nanoTime());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (firstAckAfterRestart.get() == 0 && System.nanoTime() < deadline) {
            pause(50);
        }
        Thread.sleep(after * 1000L);
        giveUpAt.set(System.nanoTime() + Duration.ofSeconds(30).toNanos());
        stop.set(true);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(40));
        }

        int checked = 0;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             PreparedStatement ps = c.prepareStatement("select count(*), min(id) from report"
                     + " where submitted_by = 'county.intake' and idempotency_key = ?")) {
            for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
                ps.setString(1, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    checked++;
                    if (rs.getInt(1) != 1 || rs.getLong(2) != e.getValue()) {
                        failures.add(e.getKey() + " acknowledged as " + e.getValue() + ": " + rs.getInt(1)
                                + " reports, first " + rs.getLong(2));
                    }
                }
            }
        } finally {
            app.close();
            pg.close();
        }
        double recovery = firstAckAfterRestart.get() == 0 ? -1
                : (firstAckAfterRestart.get() - restartedAt.get()) / 1e9;
        System.out.printf("during the outage: %d API answers 503 (problem detail), %d of %d queue page loads 503"
                        + " (page), %d reports acknowledged (must be 0), %d connections broken mid-answer (retried);"
                        + " slowest answer %.1f s%n", unavailable.get(), pagesUnavailable.get(), pages.get(),
                ackedWhileDown, connectionsLost.get(), slowestMillis.get() / 1000.0);
        System.out.printf("after PostgreSQL was back: first report acknowledged after %.1f s; outage to first"
                + " acknowledgement %.1f s%n", recovery, (restartedAt.get() - stoppedAt) / 1e9 + recovery);
        System.out.printf("in all: %d reports sent, %d acknowledged, all %d checked in the database: %d failures%n",
                sent.get(), acknowledged.size(), checked, failures.size());
        failures.stream().limit(20).forEach(f -> System.out.println("  FAIL " + f));
        if (ackedBefore == 0 || unavailable.get() == 0 || pagesUnavailable.get() == 0 || recovery < 0
                || ackedWhileDown != 0 || !failures.isEmpty()) {
            System.out.println("DATABASE FAULT TEST FAILED");
            System.exit(1);
        }
        System.out.println("DATABASE FAULT TEST PASSED: 503 with a clear message while down, served again by itself,"
                + " no acknowledged report lost or doubled");
    }

    /** Starts PostgreSQL on the folder (initdb if it is empty); never cleaned on close, so it can start again. */
    private static EmbeddedPostgres startDatabase(Path dir, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
    }

    /** A 503 body must carry its message and nothing of the inside: no stack trace, no SQL, no exception name. */
    private static void check(String body, String expected, List<String> failures) {
        if (!body.contains(expected) || body.contains("\tat ") || body.contains("Exception")
                || body.toLowerCase(java.util.Locale.ROOT).contains("select ") || body.contains("SQL")) {
            failures.add("503 body not clear: " + snippet(body));
        }
    }

    private static String snippet(String s) {
        return s == null ? "" : s.substring(0, Math.min(200, s.length())).replace('\n', ' ');
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private DatabaseFaultTest() {
    }
}
