package org.fengqiao.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.YearMonth;
import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The leader's morning in a real browser: the county dashboard with its charts, drill down town → community → grid
 * → the grid's cases, then the monthly analysis report as PDF and .xlsx, whose numbers are recomputed here from the
 * raw tables of intake and cases.
 */
@IntegrationTest
class AnalyticsJourneyTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void theLeaderDrillsDownToAGridsCasesAndDownloadsTheMonthlyReport() throws Exception {
        Events.settle(jdbc);
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "county.leader");
            page.navigate(base() + "/analytics");
            page.waitForSelector("#chart-trend svg");
            assertThat(page.textContent("#dash-area-name")).isEqualTo("鹤山市");
            Browsers.screenshot(page, "analytics-county-dashboard");
            page.locator("#dash-areas a.drill", new Page.LocatorOptions().setHasText("沙坪街道")).click();
            page.waitForURL("**area=440784001&**");
            assertThat(page.textContent("#dash-area-name")).isEqualTo("沙坪街道");
            page.locator("#dash-areas a.drill", new Page.LocatorOptions().setHasText("凤凰社区")).click();
            page.waitForURL("**area=440784001001&**");
            page.locator("#dash-areas a.drill-cases").first().click();
            page.waitForURL("**/cases?area=440784001001001**");
            assertThat(page.url()).contains("/cases?area=440784001001001");

            YearMonth month = YearMonth.now(WorkingCalendar.ZONE);
            page.navigate(base() + "/analytics/reports?area=440784&month=" + month);
            Download pdf = page.waitForDownload(() -> page.click("#report-pdf"));
            byte[] pdfBytes = Files.readAllBytes(pdf.path());
            String text = new org.apache.pdfbox.text.PDFTextStripper()
                    .getText(org.apache.pdfbox.Loader.loadPDF(pdfBytes));
            assertThat(text).contains("鹤山市", "研判报告", "主要指标");
            Download xlsx = page.waitForDownload(() -> page.click("#report-xlsx"));
            var from = RollupQueries.at(month.atDay(1));
            var to = RollupQueries.at(java.time.LocalDate.now(WorkingCalendar.ZONE).plusDays(1));
            long reports = jdbc.sql("select count(*) from report where area_code like '440784%' and received_at >= ?"
                    + " and received_at < ?").params(from, to).query(Long.class).single();
            long opened = jdbc.sql("select count(*) from case_file where area_code like '440784%' and opened_at >= ?"
                    + " and opened_at < ?").params(from, to).query(Long.class).single();
            try (ReadableWorkbook wb = new ReadableWorkbook(Files.newInputStream(xlsx.path()))) {
                List<Row> rows = wb.getFirstSheet().read();
                assertThat(rows.get(3).getCellAsNumber(1).orElseThrow().longValue()).isEqualTo(reports);
                assertThat(rows.get(4).getCellAsNumber(1).orElseThrow().longValue()).isEqualTo(opened);
            }
            assertThat(text).contains(Long.toString(reports));
        }
    }
}
