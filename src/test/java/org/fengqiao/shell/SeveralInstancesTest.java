package org.fengqiao.shell;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.PlatformProcess;
import org.fengqiao.support.RoundRobinProxy;
import org.fengqiao.support.StaffClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two platform processes on one PostgreSQL, as behind a load balancer for a 24-hour center: a session made on one
 * is valid on the other, a browser whose every request goes to the next instance in turn works through a whole
 * triage, the live queue on one shows a report that arrived at the other, a scheduled job runs once per period
 * across both, and an account disabled on one loses its session on the other at its next request.
 */
class SeveralInstancesTest {

    static EmbeddedPostgres pg;
    static JdbcClient db;
    static PlatformProcess a;
    static PlatformProcess b;

    @BeforeAll
    static void startTwoInstances(@TempDir Path dir) throws IOException {
        pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        JdbcClient.create(pg.getPostgresDatabase()).sql("create database fengqiao").update();
        db = JdbcClient.create(pg.getDatabase("postgres", "fengqiao"));
        // both instances must encrypt with the same keys: in production they come from the environment
        String[] common = {
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "fengqiao"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--fengqiao.crypto.key=" + randomKey(16), "--fengqiao.crypto.index-key=" + randomKey(32),
                "--fengqiao.demo.history=false",
                // the sweeper every half second on each instance, but once per 2 s across both
                "--fengqiao.cases.sweep-delay=500", "--fengqiao.cases.sweep-initial-delay=0",
                "--fengqiao.cases.sweep-lock-at-least=PT2S",
                "--logging.level.root=warn"};
        Path logs = java.nio.file.Files.createDirectories(Path.of("target", "several-instances"));
        a = PlatformProcess.start(logs.resolve("a.log"), Duration.ofMinutes(3),
                with(common, "--fengqiao.data-dir=" + dir.resolve("a"), "--fengqiao.demo.load=always"));
        b = PlatformProcess.start(logs.resolve("b.log"), Duration.ofMinutes(3),
                with(common, "--fengqiao.data-dir=" + dir.resolve("b"), "--fengqiao.demo.load=never"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aSessionMadeOnOneInstanceIsValidOnTheOther() {
        StaffClient clerk = new StaffClient().login(a.base(), "county.intake", DemoAccounts.PASSWORD);
        HttpResponse<String> list = clerk.getJson(b.base() + "/api/cases?limit=1");
        assertThat(list.statusCode()).isEqualTo(200);
        // the CSRF token from a page of A is accepted by B: it lives in the shared session
        HttpResponse<String> report = clerk.postJson(b.base() + "/api/reports",
                report("COUNTER", "会话共享 " + UUID.randomUUID()),
                UUID.randomUUID().toString());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
        assertThat(db.sql("select count(*) from spring_session where principal_name = 'county.intake'")
                .query(Long.class).single()).isPositive();
        // and a client that never signed in is turned away by both
        assertThat(new StaffClient().getJson(b.base() + "/api/cases").statusCode()).isEqualTo(401);
    }

    @Test
    void aBrowserSpreadOverBothInstancesTriagesAReportThatArrivedAtOneWhileTheQueueWasOpenOnTheOther()
            throws IOException {
        String text = "两台实例 " + UUID.randomUUID();
        try (RoundRobinProxy balancer = new RoundRobinProxy(java.util.List.of(a.base(), b.base()));
             BrowserContext onA = Browsers.desktop(); BrowserContext spread = Browsers.desktop()) {
            // the live queue open on A alone
            Page queueOnA = Browsers.signIn(onA, a.base(), "county.intake");
            queueOnA.navigate(a.base() + "/cases/queue");
            assertThat(queueOnA.locator("#queue-rows")).isVisible();
            // a shift lead whose every request goes to the next instance in turn
            Page lead = Browsers.signIn(spread, balancer.base(), "county.shiftlead");
            lead.navigate(balancer.base() + "/cases/queue");
            assertThat(lead.locator("#queue-rows")).isVisible();

            // a grid worker reports to B
            StaffClient worker = new StaffClient().login(b.base(), "grid.a", DemoAccounts.PASSWORD);
            HttpResponse<String> submitted = worker.postJson(b.base() + "/api/reports", report("PATROL", text),
                    UUID.randomUUID().toString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            long reportId = Long.parseLong(find("\"id\":(\\d+)", submitted.body()));

            // A's open queue shows it by polling A
            assertThat(queueOnA.locator("tr[data-report-id='" + reportId + "']"))
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
            // the spread browser sees it too, opens it and accepts it as a case
            var row = lead.locator("tr[data-report-id='" + reportId + "']");
            assertThat(row).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
            row.locator("a").first().click();
            assertThat(lead.locator("#report-description")).hasText(text);
            lead.click("#accept");
            assertThat(lead.locator("#case-number")).isVisible();
            String number = lead.locator("#case-number").textContent();
            lead.reload(); // served by the other instance this time
            assertThat(lead.locator("#case-number")).hasText(number);
            Browsers.screenshot(lead, "several-instances-case");
            // the report's status follows the decision's event, after the commit
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !"PENDING".equals(
                    db.sql("select status from report where id = ?").param(reportId).query(String.class).single()));
            assertThat(balancer.requests(0)).as("requests served by A").isGreaterThan(3);
            assertThat(balancer.requests(1)).as("requests served by B").isGreaterThan(3);
            assertThat(balancer.serverErrors(0) + balancer.serverErrors(1)).isZero();
        }
    }

    @Test
    void theSweeperRunsOncePerPeriodAcrossBothInstances() throws Exception {
        // each instance schedules it every 0.5 s; the lock is held at least 2 s, so over 8 s both together run it
        // about 4 times (without the lock: about 32)
        double before = runs(a) + runs(b);
        assertThat(before).as("the sweeper has run since start (initial delay 0)").isPositive();
        Thread.sleep(8_000);
        double inWindow = runs(a) + runs(b) - before;
        assertThat(inWindow).isBetween(2.0, 6.0);
        assertThat(db.sql("select count(*) from shedlock where name = 'cases.CaseSweeper'").query(Long.class).single())
                .isOne();
    }

    @Test
    void anAccountDisabledOnOneInstanceLosesItsSessionOnTheOtherAtOnce() throws Exception {
        StaffClient mediator = new StaffClient().login(b.base(), "mediator", DemoAccounts.PASSWORD);
        assertThat(mediator.get(b.base() + "/").uri().getPath()).isEqualTo("/");
        long accountId = db.sql("select id from account where username = 'mediator'").query(Long.class).single();
        StaffClient secadmin = new StaffClient().login(a.base(), "secadmin", DemoAccounts.PASSWORD);
        long start = System.currentTimeMillis();
        HttpResponse<String> disabled = secadmin.postJson(a.base() + "/api/admin/accounts/" + accountId + "/disable",
                "{\"reason\":\"离职 (several-instances test)\"}", null);
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        Thread.sleep(300);
        HttpResponse<String> after = mediator.get(b.base() + "/");
        assertThat(after.uri().toString()).endsWith("/login?error=disabled");
        // well within the one-second re-check that would catch it anyway: the shared generation did
        assertThat(System.currentTimeMillis() - start).isLessThan(1_000 + 2_000);
    }

    private static double runs(PlatformProcess instance) {
        String metrics = new StaffClient().get(instance.base() + "/actuator/prometheus", "text/plain").body();
        Matcher m = Pattern.compile("fengqiao_scheduled_runs_total\\{[^}]*job=\"cases\\.CaseSweeper\"[^}]*} ([0-9.E+-]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String report(String channel, String text) {
        return "{\"channel\":\"" + channel + "\",\"categoryCode\":\"ENV-DUMPING\",\"description\":\"" + text
                + "\",\"areaCode\":\"" + DemoAccounts.GRID_A_CODE + "\"}";
    }

    private static String find(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static String[] with(String[] common, String... more) {
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
