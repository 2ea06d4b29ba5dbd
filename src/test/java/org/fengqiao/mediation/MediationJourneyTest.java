package org.fengqiao.mediation;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The seeds' wage-arrears case (000): 34 workers report 300,000 yuan of unpaid wages at their factory in 镇南工业城;
 * the center refers the case to mediation; the factory tier fails and the police post escalates; at the police
 * station the workers choose a labour mediator from the menu on a phone and the mediator accepts on his; the
 * warnings raised are handled by the street's leader; a session is held in the labour-rights room; the agreement is
 * signed and printed; judicial confirmation is applied for and recorded by the court's liaison; the case closes; the
 * indicators show it.
 */
@IntegrationTest
class MediationJourneyTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    void open(Page page, long disputeId) {
        page.navigate(base() + "/mediation/" + disputeId);
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");
    }

    void act(Page page, long disputeId, String action) {
        page.click("#act-" + action);
        page.waitForURL(base() + "/mediation/" + disputeId);
        assertThat(page.locator("#action-error")).hasCount(0);
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");
    }

    int figure(Page page, String id) {
        page.navigate(base() + "/mediation/indicators?area=440784001");
        return Integer.parseInt(page.locator("#" + id + " .value").innerText().strip());
    }

    @Test
    void theWageArrearsCaseOfZhennanIndustrialCityFromTheReportToTheIndicators() throws IOException {
        // the factory: one of the demo's enterprise mediation groups in 镇南工业城, and the park's police post
        record Site(String name, String areaCode) {
        }
        Site factory = jdbc.sql("""
                        select name, area_code from mediation_site where kind = 'ENTERPRISE' and name like '鹤山市%'
                        order by id limit 1""").query(Site.class).single();
        String factoryName = factory.name().replace("调解小组", "") + "有限公司";
        String labourMediator = jdbc.sql("select p.name from account a join person p on p.id = a.person_id"
                + " where a.username = 'mediator'").query(String.class).single();
        String tag = UUID.randomUUID().toString().substring(0, 6);

        try (BrowserContext center = Browsers.desktop(); BrowserContext dispatch = Browsers.desktop();
             BrowserContext station = Browsers.desktop(); BrowserContext workers = Browsers.phone();
             BrowserContext mediatorPhone = Browsers.phone(); BrowserContext leaderDesk = Browsers.desktop();
             BrowserContext courtDesk = Browsers.desktop()) {
            Page leader = Browsers.signIn(leaderDesk, base(), "shaping.leader");
            int settledBefore = figure(leader, "fig-settled");
            int confirmedBefore = figure(leader, "fig-confirmed");

            // 1 the workers' report at the county center's counter, accepted as a case and referred to mediation
            Page clerk = Browsers.signIn(center, base(), "county.intake");
            clerk.navigate(base() + "/intake/new");
            clerk.selectOption("#category", "DSP-LABOUR");
            clerk.fill("#description", factoryName + "拖欠34名工人两个月工资共30万元，工人代表来访反映 " + tag);
            clerk.fill("#areaCode", factory.areaCode());
            clerk.fill("#address", "镇南工业城 " + factoryName);
            clerk.fill("#reporterName", "黄志强");
            clerk.fill("#reporterPhone", "13800134034");
            clerk.click("#submit");
            clerk.waitForURL(Pattern.compile(".*/intake/reports/\\d+"));
            long reportId = Long.parseLong(clerk.url().replaceAll(".*/intake/reports/(\\d+).*", "$1"));
            clerk.navigate(base() + "/cases/queue/" + reportId);
            clerk.click("#accept");
            clerk.waitForURL(Pattern.compile(".*/cases/\\d+"));
            long caseId = Long.parseLong(clerk.url().replaceAll(".*/cases/(\\d+).*", "$1"));

            Page dispatcher = Browsers.signIn(dispatch, base(), "county.dispatcher");
            dispatcher.navigate(base() + "/cases/" + caseId);
            dispatcher.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)");
            dispatcher.fill("#text-REFER_TO_MEDIATION", "劳资纠纷，先行调解：厂里和、站里调、所里解");
            dispatcher.click("#act-REFER_TO_MEDIATION");
            dispatcher.waitForURL(base() + "/cases/" + caseId);

            Long disputeId = null;
            for (int i = 0; i < 100 && disputeId == null; i++) {
                disputeId = jdbc.sql("select id from mediation_dispute where case_id = ?").param(caseId)
                        .query(Long.class).optional().orElse(null);
                if (disputeId == null) {
                    dispatcher.waitForTimeout(100);
                }
            }
            assertThat(disputeId).as("the referred case became a dispute").isNotNull();
            long id = disputeId;

            // 2 at the factory tier: the parties, the amount and head count; warnings are raised at once
            Page m = Browsers.signIn(station, base(), "mediator");
            open(m, id);
            assertThat(m.locator("#dispute-tier")).hasText("企业/村（居）");
            assertThat(m.locator("#dispute-site")).hasText(factory.name());
            assertThat(m.locator("#dispute-case")).isVisible();
            m.selectOption("#party-side", "APPLICANT");
            m.fill("#party-name", "黄志强（工人代表）");
            m.fill("#party-phone", "13800134034");
            m.fill("#party-represents", "34");
            act(m, id, "ADD_PARTY");
            m.selectOption("#party-side", "RESPONDENT");
            m.selectOption("#party-kind", "ORGANISATION");
            m.fill("#party-name", factoryName);
            act(m, id, "ADD_PARTY");
            m.fill("#assess-amount", "300000");
            m.fill("#assess-people", "34");
            m.selectOption("#assess-risk", "DIFFICULT");
            act(m, id, "ASSESS");
            assertThat(m.locator("[data-rule='MASS-30']")).isVisible();
            assertThat(m.locator("[data-rule='AMOUNT-200K']")).isVisible();

            // 3 the factory tier fails; the police post escalates to the police station
            m.selectOption("#escalate-site", new SelectOption().setLabel("镇南工业城警务站"));
            m.fill("#reason-ESCALATE", "厂方以资金周转困难为由拒绝支付，厂里协商未果");
            act(m, id, "ESCALATE");
            assertThat(m.locator("#dispute-tier")).hasText("警务站/社区解纷站");
            assertThat(m.locator("#dispute-site")).hasText("镇南工业城警务站");
            m.selectOption("#escalate-site", new SelectOption().setLabel("中山派出所"));
            m.fill("#reason-ESCALATE", "涉及34人、金额30万元，警务站调解未果，提请派出所联合人社部门调处");
            act(m, id, "ESCALATE");
            assertThat(m.locator("#dispute-tier")).hasText("派出所/镇（街）综治中心");
            String tracking = m.locator("#dispute-tracking").innerText().strip();
            String number = m.locator("#dispute-number").innerText().strip();
            Browsers.screenshot(m, "mediation-escalated");

            // 4 the workers choose a labour mediator from the menu, on a phone, through their link
            Page w = workers.newPage();
            w.navigate(base() + "/public/mediation/t/" + tracking);
            assertThat(w.locator("#public-tier")).hasText("派出所/镇（街）综治中心");
            assertThat(w.locator("body")).not().containsText("13800134034");
            w.click("#all-mediators summary");
            Locator pick = w.locator("#all-mediators form[data-mediator='" + labourMediator + "']");
            assertThat(pick).isVisible();
            pick.locator("button").click();
            w.waitForURL(Pattern.compile(".*\\?chosen"));
            assertThat(w.locator("#chosen")).isVisible();
            assertThat(w.locator("#public-state")).hasText("待调解员接受");
            Browsers.screenshot(w, "mediation-party-chose");

            // 5 the mediator accepts on his phone
            Page mp = Browsers.signIn(mediatorPhone, base(), "mediator");
            mp.navigate(base() + "/mediation/mine");
            mp.click("#awaiting a:has-text('" + number + "')");
            mp.waitForURL(base() + "/mediation/" + id);
            mp.click("#act-ACCEPT");
            mp.waitForURL(base() + "/mediation/" + id);
            assertThat(mp.locator("#dispute-state")).hasText("调解中");
            assertThat(mp.locator("#dispute-mediator")).hasText(labourMediator);
            Browsers.screenshot(mp, "mediation-accepted-on-phone");

            // 6 the street's leader, named on the warnings, acknowledges and handles them
            leader.navigate(base() + "/mediation/warnings");
            assertThat(leader.locator("#warning-list")).containsText(number);
            open(leader, id);
            while (leader.locator("#act-ACKNOWLEDGE_WARNING").count() > 0) {
                act(leader, id, "ACKNOWLEDGE_WARNING");
            }
            while (leader.locator("#act-HANDLE_WARNING").count() > 0) {
                leader.fill("#note-HANDLE_WARNING", "联合人社、派出所约谈企业负责人，工人情绪稳定，无聚集风险");
                act(leader, id, "HANDLE_WARNING");
            }
            assertThat(leader.locator("[data-state='HANDLED'][data-rule='MASS-30']")).isVisible();
            assertThat(leader.locator("[data-rule][data-state='RAISED']")).hasCount(0);

            // 7 a session in the police post's labour-rights room, then the agreement: drafted, printed, signed
            open(m, id);
            m.selectOption("#session-room", new SelectOption().setLabel("镇南工业城警务站 · 劳动权益保护咨询室"));
            LocalDateTime start = LocalDate.now(WorkingCalendar.ZONE).minusDays(1).atTime(9, 30);
            m.fill("#session-start", start.toString());
            act(m, id, "BOOK_SESSION");
            m.fill("#hold-attendees", "工人代表黄志强等34人、厂方负责人、中山派出所民警、人社局劳动监察员、调解员" + labourMediator);
            m.fill("#hold-count", "38");
            m.fill("#hold-record", "调解员释法说理，厂方承认拖欠工资30万元，同意分两期付清。");
            act(m, id, "HOLD_SESSION");
            m.fill("#agreement-facts", factoryName + "拖欠34名工人2个月工资共计人民币300,000元。");
            m.fill("#agreement-matters", "拖欠工资的数额及支付期限。");
            m.fill("#agreement-responsibilities", "厂方对拖欠工资负全部责任。");
            m.fill("#agreement-terms", "一、厂方于十日内支付150,000元；二、余款150,000元于三十日内付清；三、付清后双方无其他争议。");
            m.fill("#agreement-manner", "银行转账至各工人本人账户");
            m.fill("#agreement-deadline", LocalDate.now(WorkingCalendar.ZONE).plusDays(30).toString());
            act(m, id, "DRAFT_AGREEMENT");
            APIResponse pdf = m.request().get(m.locator("#agreement-pdf").getAttribute("href").startsWith("http")
                    ? m.locator("#agreement-pdf").getAttribute("href") : base() + m.locator("#agreement-pdf")
                    .getAttribute("href"));
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.headers().get("content-type")).isEqualTo("application/pdf");
            try (PDDocument doc = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
                assertThat(text).contains("人民调解协议书", "黄志强（工人代表）（代表34人）", factoryName,
                        "厂方于十日内支付150,000元", "中山派出所", "草稿");
            }
            act(m, id, "SIGN_AGREEMENT");
            assertThat(m.locator("#dispute-state")).hasText("调解成功");
            assertThat(m.locator("#agreement")).hasAttribute("data-status", "SIGNED");
            APIResponse signedPdf = m.request().get(base() + "/mediation/" + id + "/agreement.pdf");
            try (PDDocument doc = Loader.loadPDF(signedPdf.body())) {
                assertThat(new PDFTextStripper().getText(doc)).doesNotContain("草稿");
            }

            // 8 judicial confirmation: the parties apply (recorded by the mediator); the court's liaison records
            // its acceptance with the case number and its decision
            act(m, id, "APPLY_CONFIRMATION");
            assertThat(m.locator("#confirmation-status")).hasText("已申请");
            Page court = Browsers.signIn(courtDesk, base(), "court");
            open(court, id);
            court.fill("#court-case", "(2026)粤0784民特" + id + "号");
            act(court, id, "COURT_ACCEPT");
            act(court, id, "COURT_DECIDE");
            assertThat(court.locator("#confirmation-status")).hasText("法院确认有效");
            assertThat(court.locator("#court-case-number")).hasText("(2026)粤0784民特" + id + "号");
            Browsers.screenshot(court, "mediation-confirmed");

            // 9 the originating case closed
            String state = "";
            for (int i = 0; i < 50 && !state.equals("已结案"); i++) {
                dispatcher.navigate(base() + "/cases/" + caseId);
                state = dispatcher.locator("#case-state").innerText().strip();
                if (!state.equals("已结案")) {
                    dispatcher.waitForTimeout(200);
                }
            }
            assertThat(state).isEqualTo("已结案");

            // 10 the indicators show it
            assertThat(figure(leader, "fig-settled")).isGreaterThan(settledBefore);
            assertThat(figure(leader, "fig-confirmed")).isGreaterThan(confirmedBefore);
            assertThat(leader.locator("#by-tier")).containsText("派出所/镇（街）综治中心");
            assertThat(leader.locator("#fig-warnings .label")).isVisible();
            Browsers.screenshot(leader, "mediation-indicators");
        }
    }
}
