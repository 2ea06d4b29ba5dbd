package org.fengqiao.cases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The indicators page draws its charts with the locally served ECharts (CSP: scripts only from 'self'): rates by
 * area and a monthly trend, from the same figures as the tables, on a desktop and on a phone.
 */
@IntegrationTest
class IndicatorChartsTest {

    @LocalServerPort
    int port;

    String base() {
        return "http://localhost:" + port;
    }

    Page signIn(BrowserContext ctx, String username, List<String> problems) {
        Page page = ctx.newPage();
        // script errors and CSP violations show in the console; failed loads are checked by URL (the browser's own
        // favicon request may 404)
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) {
                problems.add(m.text());
            }
        });
        page.onResponse(r -> {
            if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) {
                problems.add(r.status() + " " + r.url());
            }
        });
        page.onPageError(problems::add);
        page.navigate(base() + "/login");
        page.fill("#username", username);
        page.fill("#password", DemoAccounts.PASSWORD);
        page.click("#login-submit");
        page.waitForURL(base() + "/");
        return page;
    }

    @Test
    void chartsAreDrawnFromTheTablesOnADesktop() {
        List<String> problems = new ArrayList<>();
        try (BrowserContext ctx = Browsers.desktop()) {
            Page page = signIn(ctx, "county.leader", problems);
            var script = page.request().get(base() + "/webjars/echarts/dist/echarts.min.js");
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.text()).contains("echarts");

            page.navigate(base() + "/cases/indicators?area=" + DemoAccounts.COUNTY_CODE);
            // the bar chart by area: an SVG whose category labels are the areas of the table
            assertThat(page.locator("#chart-area svg")).hasCount(1);
            int areaRows = page.locator("#ind-byArea tbody tr").count();
            assertThat(areaRows).as("the demo county has towns").isGreaterThan(0);
            String firstArea = page.locator("#ind-byArea tbody tr").first().getAttribute("data-label");
            assertThat(page.locator("#chart-area svg text", new Page.LocatorOptions().setHasText(firstArea)))
                    .not().hasCount(0);

            // the trend: twelve months ending with the chosen period's month, drawn as an SVG
            assertThat(page.locator("#chart-trend svg")).hasCount(1);
            assertThat(page.locator("#ind-trend tbody tr")).hasCount(CasePages.TREND_MONTHS);
            String thisMonth = YearMonth.from(LocalDate.now(WorkingCalendar.ZONE)).toString();
            assertThat(page.locator("#ind-trend tbody tr").last()).hasAttribute("data-label", thisMonth);
            assertThat(page.locator("#chart-trend svg text", new Page.LocatorOptions().setHasText(thisMonth)))
                    .not().hasCount(0);
            // the trend's last month is the page's period: the same cases due as the counts line above
            String due = page.locator("#ind-trend tbody tr").last().getAttribute("data-due");
            assertThat(page.locator("#ind-counts").textContent()).contains(due);
            Browsers.screenshot(page, "indicators-charts-desktop");
        }
        assertThat(problems).as("no script or CSP errors").isEmpty();
    }

    @Test
    void chartsFitAPhone() {
        List<String> problems = new ArrayList<>();
        try (BrowserContext ctx = Browsers.phone()) {
            Page page = signIn(ctx, "county.leader", problems);
            page.navigate(base() + "/cases/indicators?area=" + DemoAccounts.COUNTY_CODE + "&from="
                    + LocalDate.now(WorkingCalendar.ZONE).minusMonths(3).withDayOfMonth(1));
            assertThat(page.locator("#chart-area svg")).hasCount(1);
            assertThat(page.locator("#chart-trend svg")).hasCount(1);
            double chartWidth = ((Number) page.evaluate(
                    "document.querySelector('#chart-trend svg').getBoundingClientRect().width")).doubleValue();
            assertThat(chartWidth).isGreaterThan(200).isLessThanOrEqualTo(360);
            // the page itself does not scroll sideways; wide tables scroll inside their own box
            Number overflow = (Number) page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
            Browsers.screenshot(page, "indicators-charts-phone");
        }
        assertThat(problems).as("no script or CSP errors").isEmpty();
    }
}
