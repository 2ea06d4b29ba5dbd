package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.support.PlatformProcess;
import org.fengqiao.support.StaffClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An event whose listener failed, and an event whose process died between the commit and the listener, are both
 * delivered when the platform starts again: the JDBC event-publication registry keeps every publication until its
 * listener has finished. So is a report whose process died after acknowledging it and before announcing it (intake's
 * announcement row waits in the database). Two real processes on one PostgreSQL: the first breaks, the second is the restart.
 */
class EventRedeliveryTest {

    static EmbeddedPostgres pg;
    static JdbcClient db;
    static String[] common;
    static Path dir;
    static PlatformProcess first;

    @BeforeAll
    static void start(@TempDir Path tmp) throws IOException {
        dir = tmp;
        pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        JdbcClient.create(pg.getPostgresDatabase()).sql("create database fengqiao").update();
        db = JdbcClient.create(pg.getDatabase("postgres", "fengqiao"));
        common = new String[] {
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "fengqiao"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--fengqiao.crypto.key=" + randomKey(16), "--fengqiao.crypto.index-key=" + randomKey(32),
                "--fengqiao.demo.history=false", "--logging.level.root=warn"};
        first = PlatformProcess.start(logs().resolve("first.log"), Duration.ofMinutes(3),
                with("--fengqiao.data-dir=" + dir.resolve("first"), "--fengqiao.demo.load=always",
                        "--fengqiao.intake.announce-linger=3s"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (first != null) {
            first.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aFailedListenerAndOneCutOffByACrashAreBothDeliveredOnRestart() throws Exception {
        StaffClient worker = new StaffClient().login(first.base(), "grid.a", DemoAccounts.PASSWORD);

        // 1. the public tracking view's listener fails: its table is missing for a moment
        db.sql("alter table public_step rename to public_step_away").update();
        long failed = submit(worker, "监听失败 " + UUID.randomUUID());
        Awaitility.await("the listener to fail").atMost(Duration.ofSeconds(30)).until(() ->
                pending(failed, "FAILED") == 1);
        db.sql("alter table public_step_away rename to public_step").update();
        assertThat(tracked(failed)).as("nothing of the failed delivery was kept").isZero();

        // 2. the process dies after the report committed but before the listener could write: the listener waits
        //    for a lock held here, and the process is killed meanwhile
        long cutOff;
        long unannounced;
        try (Connection c = pg.getDatabase("postgres", "fengqiao").getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("lock table public_progress in access exclusive mode");
            }
            cutOff = submit(worker, "进程中断 " + UUID.randomUUID());
            Awaitility.await("the publication to be recorded").atMost(Duration.ofSeconds(30)).until(() ->
                    pending(cutOff, null) == 1);
            // and one more, acknowledged and killed before its announcement (this process lets reports gather 3 s)
            unannounced = submit(worker, "未及通告 " + UUID.randomUUID());
            first.kill();
            c.rollback();
        }
        assertThat(first.alive()).isFalse();
        assertThat(tracked(cutOff)).as("the listener never wrote").isZero();
        assertThat(db.sql("select count(*) from report_announcement where report_id = ?").param(unannounced)
                .query(Long.class).single()).as("the report waits to be announced").isEqualTo(1);
        assertThat(tracked(unannounced)).isZero();
        assertThat(pending(failed, null) + pending(cutOff, null)).as("both publications wait").isEqualTo(2);

        // 3. the platform starts again: both are delivered
        try (PlatformProcess again = PlatformProcess.start(logs().resolve("again.log"), Duration.ofMinutes(3),
                with("--fengqiao.data-dir=" + dir.resolve("again"), "--fengqiao.demo.load=never"))) {
            Awaitility.await("the redelivery").atMost(Duration.ofSeconds(60)).until(() ->
                    tracked(failed) == 1 && tracked(cutOff) == 1 && tracked(unannounced) == 1);
            assertThat(db.sql("select count(*) from report_announcement").query(Long.class).single()).isZero();
            assertThat(db.sql("select count(*) from public_step where report_id in (?, ?) and code = 'RECEIVED'")
                    .params(failed, cutOff).query(Long.class).single()).isEqualTo(2);
            Awaitility.await("nothing left to deliver").atMost(Duration.ofSeconds(30)).until(() ->
                    pending(failed, null) + pending(cutOff, null) == 0);
            // and the tracking view answers for them on the restarted platform
            StaffClient clerk = new StaffClient().login(again.base(), "county.intake", DemoAccounts.PASSWORD);
            assertThat(clerk.getJson(again.base() + "/api/reports/" + cutOff).statusCode()).isEqualTo(200);
        }
    }

    private static long submit(StaffClient worker, String text) {
        String json = "{\"channel\":\"PATROL\",\"categoryCode\":\"ENV-DUMPING\",\"description\":\"" + text
                + "\",\"areaCode\":\"" + DemoAccounts.GRID_A_CODE + "\"}";
        HttpResponse<String> r = worker.postJson(first.base() + "/api/reports", json, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(r.body());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Undelivered publications of the public tracking view's listener for this report (of a status, or any). */
    private static long pending(long reportId, String status) {
        return db.sql("""
                        select count(*) from event_publication
                        where completion_date is null and listener_id like '%PublicProgressFeed%'
                          and event_type like '%ReportsSubmitted' and serialized_event like ?
                          and (cast(? as text) is null or status = ?)""")
                .params("%\"reportId\":" + reportId + ",%", status, status).query(Long.class).single();
    }

    private static long tracked(long reportId) {
        return db.sql("select count(*) from public_progress where report_id = ?").param(reportId)
                .query(Long.class).single();
    }

    private static Path logs() throws IOException {
        return Files.createDirectories(Path.of("target", "event-redelivery"));
    }

    private static String[] with(String... more) {
        String[] all = java.util.Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    private static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
