package org.fengqiao.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Crash test of the intake: clients submit reports with idempotency keys while the platform is killed with
 * SIGKILL (kill -9) mid-stream; the platform is restarted on the same data folder; every client then retries
 * every key it ever sent. Passes when every report that got a success answer is in the database with the id it
 * was given, and no key made two reports. Not part of the test suite; {@code scripts/crash-test.sh} runs it.
 * Arguments: {@code cp=<classpath of the app> data=<fresh folder> port=8091 pgPort=54391 clients=8 killAfter=8 killDatabase=true}.
 */
public final class IntakeCrashTest {

    record Sent(String key, String body) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Arrays.stream(args).map(s -> s.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        String cp = a.get("cp");
        Path data = Path.of(a.get("data"));
        int port = Integer.parseInt(a.getOrDefault("port", "8091"));
        int pgPort = Integer.parseInt(a.getOrDefault("pgPort", "54391"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "8"));
        int killAfter = Integer.parseInt(a.getOrDefault("killAfter", "8"));
        // also kill the embedded PostgreSQL with SIGKILL, so its crash recovery must bring back every commit
        boolean killDatabase = Boolean.parseBoolean(a.getOrDefault("killDatabase", "true"));
        String base = "http://localhost:" + port;
        String jdbc = "jdbc:postgresql://localhost:" + pgPort + "/postgres";

        Process app = start(cp, data, port, pgPort, "first");
        List<double[]> points;
        String category;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            points = IntakeLoadDriver.gridPoints(c);
            category = IntakeLoadDriver.single(c, "select code from case_category where active order by code limit 1");
        }

        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        AtomicBoolean down = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            IntakeClient client = new IntakeClient(base);
            client.login("county.intake", "Fengqiao@2026");
            threads.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    double[] p = points.get(ThreadLocalRandom.current().nextInt(points.size()));
                    String key = UUID.randomUUID().toString();
                    String body = IntakeClient.report(category, p[0], p[1], "crash test " + key);
                    sent.put(key, new Sent(key, body));
                    IntakeClient.Answer answer = client.submit(key, body);
                    if (answer.status() == 201 || answer.status() == 200) {
                        acknowledged.put(key, answer.reportId());
                    } else if (answer.status() == 0 || answer.status() >= 500) {
                        down.set(true);
                        return; // the server is gone: this key's fate is unknown until the retry
                    }
                }
            }));
        }
        Thread.sleep(killAfter * 1000L);
        int ackedBeforeKill = acknowledged.size();
        long postmaster = Long.parseLong(java.nio.file.Files.readAllLines(data.resolve("pg/postmaster.pid"))
                .getFirst().trim());
        app.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
        if (killDatabase) {
            ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
        }
        app.waitFor();
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("killed %s with SIGKILL after %d s: %d reports acknowledged, %d keys sent%n",
                killDatabase ? "the platform and its PostgreSQL" : "the platform (its PostgreSQL left orphaned)",
                killAfter, acknowledged.size(), sent.size());

        app = start(cp, data, port, pgPort, "restart");
        try {
            // every client retries everything it sent, as a phone app with a retry queue would
            IntakeClient retry = new IntakeClient(base);
            retry.login("county.intake", "Fengqiao@2026");
            int replayed = 0;
            int createdNow = 0;
            List<String> failures = new ArrayList<>();
            for (Sent s : sent.values()) {
                IntakeClient.Answer answer = retry.submit(s.key(), s.body());
                Long before = acknowledged.get(s.key());
                if (answer.status() == 200 && answer.replayed()) {
                    replayed++;
                    if (before != null && before != answer.reportId()) {
                        failures.add(s.key() + " replayed as report " + answer.reportId() + " but was " + before);
                    }
                } else if (answer.status() == 201) {
                    createdNow++;
                    if (before != null) {
                        failures.add(s.key() + " was acknowledged as " + before + " but is missing after restart");
                    }
                } else {
                    failures.add(s.key() + " retry answered " + answer.status() + ": " + answer.body());
                }
            }
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                 PreparedStatement ps = c.prepareStatement(
                         "select count(*), min(id) from report where submitted_by = 'county.intake' and idempotency_key = ?")) {
                for (Sent s : sent.values()) {
                    ps.setString(1, s.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 1) {
                            failures.add(s.key() + " has " + rs.getInt(1) + " reports");
                        }
                        Long before = acknowledged.get(s.key());
                        if (before != null && rs.getLong(2) != before) {
                            failures.add(s.key() + " acknowledged as " + before + " stored as " + rs.getLong(2));
                        }
                    }
                }
            }
            System.out.printf("after restart: %d acknowledged before the kill all checked, %d retries replayed, "
                    + "%d in-flight reports created on retry, %d failures%n", acknowledged.size(), replayed,
                    createdNow, failures.size());
            failures.stream().limit(20).forEach(f -> System.out.println("  FAIL " + f));
            if (ackedBeforeKill == 0 || !failures.isEmpty()) {
                System.out.println("CRASH TEST FAILED");
                System.exit(1);
            }
            System.out.println("CRASH TEST PASSED: no acknowledged report lost, no duplicate from retries");
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static Process start(String cp, Path data, int port, int pgPort, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", cp, "org.fengqiao.FengqiaoApplication",
                "--server.port=" + port, "--fengqiao.data-dir=" + data, "--fengqiao.embedded-db-port=" + pgPort,
                "--logging.level.root=warn")
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + "-" + name + ".log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 180; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the platform did not start (" + name + "), see its log");
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the platform did not become healthy (" + name + ")");
    }

    private IntakeCrashTest() {
    }
}
