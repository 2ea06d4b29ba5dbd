package org.fengqiao.intake;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Never lose what was typed (DOMAIN.md §8): on the patrol page a report submitted without network stays on the
 * phone (localStorage, with its Idempotency-Key), is shown as pending, and arrives exactly once when the network is
 * back; a report whose answer was lost on the way is sent again with the same key and not made twice.
 */
@IntegrationTest
class PatrolOfflineTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    Page signIn(BrowserContext ctx, String username) {
        return Browsers.signIn(ctx, base(), username);
    }

    long reports(String description) {
        return jdbc.sql("select count(*) from report where description = ?").param(description)
                .query(Long.class).single();
    }

    void fill(Page page, String text) {
        page.selectOption("#category", "ENV-DUMPING");
        page.fill("#description", text);
        page.fill("#areaCode", DemoAccounts.GRID_A_CODE);
    }

    Object outbox(Page page) {
        return page.evaluate("JSON.parse(localStorage.getItem('fq.patrol.outbox.v1') || '[]')");
    }

    @Test
    void aReportSubmittedOfflineArrivesOnceWhenTheNetworkIsBack() {
        String text = "巡查发现垃圾堆放(离线) " + UUID.randomUUID();
        try (BrowserContext phone = Browsers.phone()) {
            Page page = signIn(phone, "grid.a");
            page.navigate(base() + "/intake/patrol");
            String key = page.inputValue("input[name=formKey]");
            fill(page, text);

            phone.setOffline(true);
            page.click("#submit");
            assertThat(page.locator("#offline-notice")).isVisible();
            assertThat(page.locator("#pending-count")).hasText("1");
            assertThat(page.locator("#outbox-list li")).containsText(text.substring(0, 8));
            assertThat(page).hasURL(base() + "/intake/patrol");
            assertThat(outbox(page).toString()).contains(key).contains(text);
            assertThat(page.inputValue("#description")).as("the form is free for the next report").isEmpty();
            Browsers.screenshot(page, "patrol-offline-pending");
            assertThat(reports(text)).isZero();

            // the network comes back: the page sends it by itself (the browser's 'online' event)
            phone.setOffline(false);
            assertThat(page.locator("#outbox-sent")).isVisible(
                    new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
            assertThat(page.locator("#outbox")).isHidden();
            assertThat(page.locator("#offline-notice")).isHidden();
            assertThat(reports(text)).isEqualTo(1);
            assertThat(jdbc.sql("select idempotency_key from report where description = ?").param(text)
                    .query(String.class).single()).isEqualTo(key);
            assertThat(outbox(page).toString()).isEqualTo("[]");
            Browsers.screenshot(page, "patrol-offline-sent");
        }
    }

    @Test
    void aPendingReportSurvivesClosingThePageAndIsSentWhenOpenedOnline() {
        String text = "巡查发现井盖缺失(离线重开) " + UUID.randomUUID();
        try (BrowserContext phone = Browsers.phone()) {
            Page page = signIn(phone, "grid.a");
            page.navigate(base() + "/intake/patrol");
            fill(page, text);
            phone.setOffline(true);
            page.click("#submit");
            assertThat(page.locator("#pending-count")).hasText("1");

            // the page is closed while offline; later, with network, the patrol page is opened again
            page.close();
            assertThat(reports(text)).isZero();
            phone.setOffline(false);
            Page again = phone.newPage();
            again.navigate(base() + "/intake/patrol");
            assertThat(again.locator("#outbox-sent")).isVisible(
                    new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
            assertThat(reports(text)).isEqualTo(1);
        }
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameKeyAndMakesNoDuplicate() {
        String text = "巡查发现占道经营(回执丢失) " + UUID.randomUUID();
        try (BrowserContext phone = Browsers.phone()) {
            Page page = signIn(phone, "grid.a");
            page.navigate(base() + "/intake/patrol");
            String key = page.inputValue("input[name=formKey]");
            fill(page, text);
            // the server gets the report and answers, but the answer never reaches the phone
            AtomicInteger lost = new AtomicInteger();
            page.route("**/api/reports", route -> {
                if (lost.getAndIncrement() == 0) {
                    route.fetch();
                    route.abort("connectionreset");
                } else {
                    route.resume();
                }
            });
            page.click("#submit");
            assertThat(page.locator("#pending-count")).hasText("1");
            assertThat(page.locator("#offline-notice")).isVisible();
            assertThat(reports(text)).as("the server has it already").isEqualTo(1);

            page.click("#outbox-retry");
            assertThat(page.locator("#outbox-sent")).isVisible();
            assertThat(page.locator("#outbox")).isHidden();
            assertThat(lost.get()).isEqualTo(2);
            assertThat(reports(text)).as("the retry with the same key made no second report").isEqualTo(1);
            assertThat(jdbc.sql("select idempotency_key from report where description = ?").param(text)
                    .query(String.class).single()).isEqualTo(key);
        }
    }

    static byte[] png(int rgb) {
        try {
            var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 64; x++) {
                for (int y = 0; y < 48; y++) {
                    img.setRGB(x, y, rgb ^ (x * 3 + y));
                }
            }
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void photosTakenOfflineArriveWithTheReport() {
        String text = "巡查当场处置(离线带照片) " + UUID.randomUUID();
        try (BrowserContext phone = Browsers.phone()) {
            Page page = signIn(phone, "grid.a");
            page.navigate(base() + "/intake/patrol");
            fill(page, text);
            page.check("#solvedOnSpot");
            assertThat(page.locator("#afterPhotos")).isVisible();
            page.setInputFiles("#photos", new com.microsoft.playwright.options.FilePayload("before.png", "image/png",
                    png(0x336699)));
            page.setInputFiles("#afterPhotos", new com.microsoft.playwright.options.FilePayload("after.png",
                    "image/png", png(0x99cc33)));
            phone.setOffline(true);
            page.click("#submit");
            assertThat(page.locator("#pending-count")).hasText("1");
            assertThat(outbox(page).toString()).contains("data:image/");
            phone.setOffline(false);
            assertThat(page.locator("#outbox-sent")).isVisible(
                    new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
            assertThat(reports(text)).isEqualTo(1);
            assertThat(jdbc.sql("select status from report where description = ?").param(text)
                    .query(String.class).single()).isEqualTo("SOLVED_ON_SPOT");
            assertThat(jdbc.sql("""
                    select string_agg(p.role, ',' order by p.role) from report_photo p
                    join report r on r.id = p.report_id where r.description = ?""").param(text)
                    .query(String.class).single()).isEqualTo("AFTER,BEFORE");
        }
    }
}
