package org.fengqiao.cases;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * In a real browser: a grid worker reports from a phone, the center accepts and dispatches, the department sends it
 * back, the center re-dispatches, the department signs and feeds back, the grid worker fails and then passes the
 * verification, the center rates the call-back, and the leader sees it on the indicators page.
 */
@IntegrationTest
class CaseJourneyTest {

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

    void step(Page page, long caseId, String action, String text) {
        page.navigate(base() + "/cases/" + caseId);
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");
        if (text != null) {
            page.fill("#text-" + action, text);
        }
        page.click("#act-" + action);
        page.waitForURL(base() + "/cases/" + caseId);
        assertThat(page.locator("#action-error")).hasCount(0);
    }

    @Test
    void fromAPhoneReportToTheIndicators() {
        String text = "流动摊贩占道 " + UUID.randomUUID();
        long market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class).single();
        try (BrowserContext phone = Browsers.phone(); BrowserContext center = Browsers.desktop();
             BrowserContext dispatcher = Browsers.desktop(); BrowserContext dept = Browsers.desktop();
             BrowserContext leader = Browsers.desktop()) {
            // the grid worker's phone
            Page worker = signIn(phone, "grid.a");
            worker.navigate(base() + "/intake/patrol");
            worker.selectOption("#category", "MKT-UNLICENSED");
            worker.fill("#description", text);
            worker.fill("#areaCode", DemoAccounts.GRID_A_CODE);
            Browsers.screenshot(worker, "journey-01-phone-report");
            worker.click("#submit");
            assertThat(worker.locator("#submitted")).isVisible();
            long reportId = Long.parseLong(worker.locator("#intake-report").getAttribute("data-report-id"));
            Browsers.screenshot(worker, "journey-02-phone-received");

            // the center's queue shows it without a reload; the clerk accepts it
            Page clerk = signIn(center, "county.intake");
            clerk.navigate(base() + "/cases/queue");
            assertThat(clerk.locator("tr[data-report-id='" + reportId + "']")).isVisible();
            Browsers.screenshot(clerk, "journey-03-queue");
            clerk.navigate(base() + "/cases/queue/" + reportId);
            clerk.click("#accept");
            clerk.waitForURL(url -> url.matches(".*/cases/\\d+$"));
            long caseId = Long.parseLong(clerk.locator("#case-detail").getAttribute("data-case-id"));

            Page d = signIn(dispatcher, "county.dispatcher");
            d.navigate(base() + "/cases/" + caseId);
            d.selectOption("#leadOrgId", Long.toString(market));
            d.click("#act-DISPATCH");
            assertThat(d.locator("#case-state")).hasText("已派遣待签收");

            Page h = signIn(dept, "dept.market");
            step(h, caseId, "RETURN", "需先核实摊位位置");
            assertThat(h.locator("#case-state")).hasText("已退单待改派");

            d.navigate(base() + "/cases/" + caseId);
            d.selectOption("#leadOrgId", Long.toString(market));
            d.click("#act-DISPATCH");
            assertThat(d.locator("#case-state")).hasText("已派遣待签收");

            step(h, caseId, "SIGN", null);
            assertThat(h.locator("#case-state")).hasText("处置中");
            step(h, caseId, "FEEDBACK", "已劝离摊贩");
            Browsers.screenshot(h, "journey-04-fed-back");

            worker.navigate(base() + "/cases/" + caseId);
            step(worker, caseId, "VERIFY_FAIL", "摊贩仍在原处");
            assertThat(worker.locator("#case-state")).hasText("返工");
            Browsers.screenshot(worker, "journey-05-phone-verify-failed");

            step(h, caseId, "FEEDBACK", "已依法取缔,现场清理完毕");
            step(worker, caseId, "VERIFY_PASS", "现场已清理");
            assertThat(worker.locator("#case-state")).hasText("已结案");

            clerk.navigate(base() + "/cases/" + caseId);
            clerk.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");
            clerk.selectOption("#rating", "SATISFIED");
            clerk.fill("#text-RATE", "回访:群众满意");
            clerk.click("#act-RATE");
            assertThat(clerk.locator("#case-rating")).hasText("满意");
            assertThat(clerk.locator("#timeline li")).hasCount(10); // open, dispatch, return, dispatch, sign, feedback, fail, feedback, pass, rate
            Browsers.screenshot(clerk, "journey-06-closed-rated");

            // the leader's indicators: the case is due within the next months, closed, rated satisfied
            Page l = signIn(leader, "county.leader");
            LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
            l.navigate(base() + "/cases/indicators?area=440784&from=" + today + "&to=" + today.plusMonths(2)
                    + "&category=MKT-UNLICENSED");
            Browsers.screenshot(l, "journey-07-indicators");
            // other tests of the shared database add cases of this category, so only the shape is fixed here
            assertThat(l.locator("#ind-satisfactionRate")).hasText(java.util.regex.Pattern.compile("\\d+\\.\\d\\d%"));
            assertThat(l.locator("#ind-completionRate")).hasText(java.util.regex.Pattern.compile("\\d+\\.\\d\\d%"));
            assertThat(l.locator("#ind-returnRate")).not().hasText("—");
            assertThat(l.locator("#ind-reworkRate")).not().hasText("—");
            String counts = l.locator("#ind-counts").textContent();
            assertThat(counts).doesNotContain("已结案 0 件");
        }
    }
}
