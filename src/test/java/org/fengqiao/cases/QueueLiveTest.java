package org.fengqiao.cases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

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
 * The center's queue is open in a browser; a grid worker reports from a phone meanwhile; the new report shows up in
 * the open page (htmx polling) without any navigation, first in the list and marked new.
 */
@IntegrationTest
class QueueLiveTest {

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

    @Test
    void aNewReportAppearsInTheOpenQueueWithoutAReload() {
        String text = "深夜施工噪音 " + UUID.randomUUID();
        try (BrowserContext center = Browsers.desktop(); BrowserContext phone = Browsers.phone()) {
            Page clerk = signIn(center, "county.intake");
            clerk.navigate(base() + "/cases/queue");
            assertThat(clerk.locator("#queue-rows")).isVisible();
            // a marker that a navigation or reload would wipe out
            clerk.evaluate("window.__stillTheSamePage = true");
            int navigations[] = {0};
            clerk.onFrameNavigated(f -> {
                if (f == clerk.mainFrame()) {
                    navigations[0]++;
                }
            });
            assertThat(clerk.locator(".queue-row", new Page.LocatorOptions().setHasText(text))).hasCount(0);

            Page worker = signIn(phone, "grid.a");
            worker.navigate(base() + "/intake/patrol");
            worker.selectOption("#category", "ENV-DUMPING");
            worker.fill("#description", text);
            worker.fill("#areaCode", DemoAccounts.GRID_A_CODE);
            worker.click("#submit");
            assertThat(worker.locator("#submitted")).isVisible();
            long reportId = Long.parseLong(worker.locator("#intake-report").getAttribute("data-report-id"));

            // within a few polls, without navigation: first row, marked new
            var row = clerk.locator("tr[data-report-id='" + reportId + "']");
            assertThat(row).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
            assertThat(row).hasClass(java.util.regex.Pattern.compile("\\bfresh\\b"));
            assertThat(row).containsText(text.substring(0, 6));
            assertThat(clerk.locator("#queue-rows tbody tr").first()).hasAttribute("data-report-id",
                    Long.toString(reportId));
            assertThat(clerk.evaluate("window.__stillTheSamePage === true")).isEqualTo(true);
            assertThat(navigations[0]).isZero();
            assertThat(clerk.url()).isEqualTo(base() + "/cases/queue");
            Browsers.screenshot(clerk, "queue-live");

            // the count follows as well
            long waiting = jdbc.sql("select count(*) from report where status = 'PENDING' and area_code like '440784%'")
                    .query(Long.class).single();
            assertThat(clerk.locator("#queue-count"))
                    .hasText(java.util.regex.Pattern.compile("(^|\\D)" + waiting + "(\\D|$)"));
        }
    }
}
