package org.fengqiao.shell;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.Staff;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.demo.DemoAccounts.DemoAccount;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.mediation.DisputeCommand;
import org.fengqiao.mediation.DisputeView;
import org.fengqiao.mediation.DisputeWorkflow;
import org.fengqiao.mediation.Disputes;
import org.fengqiao.mediation.MediationMenu;
import org.fengqiao.mediation.MenuViews;
import org.fengqiao.mediation.NewDispute;
import org.fengqiao.mediation.Tier;
import org.fengqiao.platform.DemoTime;
import org.fengqiao.platform.Role;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * In a real browser, every demo account signs in and finds on its home page the work that waits for it — made
 * here through the facades as the demo's people would (the demo's own history is written only on a first real
 * start): the clerks a pending report, the dispatcher a returned and an overdue case, the department a case to
 * sign, the leaders supervised and overdue cases, the grid workers and the police verifications and their own
 * reports, the mediator a dispute chosen for them and a session, the court's liaison a judicial confirmation to
 * accept, the rider their report. Each item opens its record. The admins, the auditor and the building leader have
 * no such work: their home is the menu.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchJourneyTest {

    @LocalServerPort
    int port;
    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;
    @Autowired
    MediationMenu menu;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    JdbcClient jdbc;

    /** Per account: the panel and the id of an item it must show there. */
    final Map<String, Map<String, Long>> expected = new HashMap<>();

    private void expect(String username, String panel, long id) {
        expected.computeIfAbsent(username, u -> new HashMap<>()).put(panel, id);
    }

    @BeforeAll
    void workForEveryone() {
        Staff staff = new Staff(jdbc);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class)
                .single();
        long police = jdbc.sql("select id from organisation where code = '440784-DEPT-GA'").query(Long.class)
                .single();
        TestUsers.User policeBureau = TestUsers.user("journey.police-bureau")
                .holding(Role.DEPARTMENT_HANDLER, DemoAccounts.COUNTY_CODE, police).build();
        String gridA = DemoAccounts.GRID_A_CODE;
        String gridB = DemoAccounts.GRID_B_CODE;

        long pendingA = staff.as("grid.a", () -> report(ReportChannel.PATROL, gridA, "井盖缺失 " + tag));
        expect("grid.a", "reports", pendingA);
        expect("county.intake", "intake", pendingA);
        expect("shaping.intake", "intake", pendingA);
        expect("county.shiftlead", "intake", pendingA);
        long riders = staff.as("rider", () -> report(ReportChannel.PATROL, gridA, "共享单车堵塞盲道 " + tag));
        expect("rider", "reports", riders);

        // sent back by the market bureau: the dispatcher re-dispatches it
        long returned = staff.as("county.intake", () -> accept(report(ReportChannel.COUNTER, gridA, "占道 " + tag)));
        staff.run("county.dispatcher", () -> cases.act(returned, null, new CaseCommand.Dispatch(market, List.of(),
                "请市场监管处置")));
        staff.run("dept.market", () -> cases.act(returned, null, new CaseCommand.Return("属城管职责")));
        expect("county.dispatcher", "dispatch", returned);

        // the market bureau has one to sign for
        long toSign = staff.as("county.intake", () -> accept(report(ReportChannel.HOTLINE, gridA, "无证经营 " + tag)));
        staff.run("county.dispatcher", () -> cases.act(toSign, null, new CaseCommand.Dispatch(market, List.of(),
                "请核查")));
        expect("dept.market", "department", toSign);

        // dispatched a month ago and never signed: overdue for the dispatcher, supervised by the county's leader
        long overdue = DemoTime.at(Instant.now().minus(Duration.ofDays(30)), () -> {
            long c = staff.as("county.intake", () -> accept(report(ReportChannel.HOTLINE, gridA, "过期 " + tag)));
            staff.run("county.dispatcher", () -> cases.act(c, null, new CaseCommand.Dispatch(market, List.of(),
                    "派")));
            return c;
        });
        staff.run("county.leader", () -> cases.act(overdue, null, new CaseCommand.Supervise("群众多次反映")));
        expect("county.leader", "supervision", overdue);
        expect("shaping.leader", "supervision", overdue);
        expect("county.shiftlead", "supervision", overdue);
        expect("county.shiftlead", "dispatch", returned);

        // fixed by the police bureau: grid A's worker and police, grid B's worker verify on site
        for (String grid : List.of(gridA, gridB)) {
            long toVerify = staff.as(grid.equals(gridA) ? "grid.a" : "grid.b", () ->
                    report(ReportChannel.PATROL, grid, "夜间聚集 " + tag));
            if (grid.equals(gridB)) {
                expect("grid.b", "reports", toVerify);
            }
            long c = staff.as("county.intake", () -> accept(toVerify));
            staff.run("county.dispatcher", () -> cases.act(c, null, new CaseCommand.Dispatch(police, List.of(),
                    "请处置")));
            policeBureau.run(() -> {
                cases.act(c, null, new CaseCommand.Sign());
                cases.act(c, null, new CaseCommand.Feedback("已劝散", List.of()));
            });
            if (grid.equals(gridA)) {
                expect("grid.a", "field", c);
                expect("police.a", "field", c);
            } else {
                expect("grid.b", "field", c);
            }
        }

        // a party chose the demo mediator from the menu; a session is booked; a threat raised a warning in grid A
        long mediatorPerson = staff.user("mediator").personId();
        TestUsers.User keeper = TestUsers.user("journey.keeper").holding(Role.LEADER, DemoAccounts.COUNTY_CODE)
                .build();
        long site = keeper.call(() -> menu.createSite(new MenuViews.SiteInput("沙坪派出所调解室 " + tag,
                "POLICE_STATION", Tier.POLICE_TOWN.name(), null, DemoAccounts.SHAPING_CODE, "沙坪")));
        long entry = keeper.call(() -> menu.createMediator(new MenuViews.MediatorInput("演示调解员 " + tag,
                "PEOPLES_MEDIATOR", "人民调解员", site, null, DemoAccounts.SHAPING_CODE, List.of("NEIGHBOUR"),
                List.of("CANTONESE"), null, "AVAILABLE", 5, mediatorPerson)));
        DisputeView chosen = keeper.call(() -> disputes.register(new NewDispute("NEIGHBOUR", "噪音 " + tag,
                "楼上装修噪音", null, 2, gridA, "凤凰苑", null, null, Tier.POLICE_TOWN.name(), site,
                List.of(new NewDispute.NewParty("APPLICANT", "PERSON", "测试甲", null, null, null, 1, null)))));
        keeper.run(() -> workflow.act(chosen.id(), null, new DisputeCommand.ChooseMediator(entry)));
        expect("mediator", "mediation", chosen.id());
        DisputeView threatened = keeper.call(() -> disputes.register(new NewDispute("NEIGHBOUR", "漏水 " + tag,
                "楼上漏水", null, 2, gridA, "凤凰苑", null, null, Tier.POLICE_TOWN.name(), site,
                List.of(new NewDispute.NewParty("APPLICANT", "PERSON", "测试乙", null, null, null, 1, null)))));
        Instant start = Instant.now().minus(Duration.ofHours(1));
        keeper.run(() -> {
            workflow.act(threatened.id(), null, new DisputeCommand.TakeUp(null));
            DisputeView booked = workflow.act(threatened.id(), null, new DisputeCommand.BookSession(null, "凤凰苑",
                    start, start.plus(Duration.ofMinutes(30))));
            workflow.act(threatened.id(), null, new DisputeCommand.HoldSession(booked.sessions().getFirst().id(),
                    "双方", 2, "一方扬言要报复"));
        });
        // a settled debt whose parties applied to the county court for judicial confirmation
        long court = jdbc.sql("select id from organisation where code = '440784-DEPT-FY'").query(Long.class).single();
        DisputeView settled = keeper.call(() -> {
            DisputeView d = disputes.register(new NewDispute("CONTRACT_DEBT", "欠款 " + tag, "货款未付", null, 2,
                    gridA, "凤凰苑", null, null, Tier.POLICE_TOWN.name(), site, List.of(new NewDispute.NewParty(
                    "APPLICANT", "PERSON", "测试丙", null, null, null, 1, null))));
            workflow.act(d.id(), null, new DisputeCommand.TakeUp(null));
            workflow.act(d.id(), null, new DisputeCommand.DraftAgreement(false, "事实", "争议事项", "责任",
                    "分两期还款", "银行转账", java.time.LocalDate.now(org.fengqiao.cases.WorkingCalendar.ZONE)
                    .plusDays(20)));
            workflow.act(d.id(), null, new DisputeCommand.AddParty(new NewDispute.NewParty("RESPONDENT",
                    "ORGANISATION", "某某商行", null, "0750-8888888", null, 1, null)));
            workflow.act(d.id(), null, new DisputeCommand.SignAgreement("双方签字"));
            return workflow.act(d.id(), null, new DisputeCommand.ApplyConfirmation(court, "双方共同申请"));
        });
        expect("court", "court", settled.agreement().id());
        // the threat in the session record (a busy grid may also raise a repeat-place warning for the same dispute)
        long warning = jdbc.sql("select id from mediation_warning where dispute_id = ? and rule_code = 'THREAT-WORDS'")
                .param(threatened.id())
                .query(Long.class).single();
        expect("police.a", "warnings", warning);
        expect("shaping.leader", "warnings", warning);
        Events.settle(jdbc);
    }

    private long report(ReportChannel channel, String area, String text) {
        return intake.submit(new SubmitReport(channel, "MKT-UNLICENSED", text, null, null, area, null, null,
                channel == ReportChannel.PATROL ? null : "13812345678", List.of(), false),
                UUID.randomUUID().toString()).report().id();
    }

    private long accept(long report) {
        return cases.accept(report, null, null).id();
    }

    static Stream<DemoAccount> accounts() {
        return DemoAccounts.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accounts")
    void eachAccountSeesItsWorkOnItsHomeAndOpensIt(DemoAccount account) throws Exception {
        boolean onPhone = Role.FIELD.contains(Role.valueOf(account.role()))
                || account.role().equals("VOLUNTEER_REPORTER");
        String base = "http://localhost:" + port;
        try (BrowserContext context = onPhone ? Browsers.phone() : Browsers.desktop()) {
            Page page = Browsers.signIn(context, base, account.username());
            Map<String, Long> work = expected.getOrDefault(account.username(), Map.of());
            Browsers.screenshot(page, "workbench-" + account.username());
            if (work.isEmpty()) {
                assertThat(page.locator(".wb-panel")).hasCount(0);
                assertThat(page.locator(".cards .card").first()).isVisible();
                return;
            }
            // every panel with work shows figures and items; the API of the same session lists the expected record
            JsonNode board = new ObjectMapper().readTree(page.request().get(base + "/api/workbench?items=200").text());
            for (Map.Entry<String, Long> w : work.entrySet()) {
                Locator panel = page.locator("section[data-panel='" + w.getKey() + "']");
                assertThat(panel).isVisible();
                assertThat(panel.locator(".wb-count").first()).isVisible();
                assertThat(panel.locator("li").first()).isVisible();
                List<Long> ids = board.get("panels").valueStream().filter(p -> p.get("key").asString()
                        .equals(w.getKey())).flatMap(p -> p.get("items").valueStream())
                        .map(i -> i.get("id").asLong()).toList();
                assertThat(ids).as(account.username() + " " + w.getKey()).contains(w.getValue());
            }
            // an item opens its record: the expected one when the page lists it among the first, else the first
            Map.Entry<String, Long> first = work.entrySet().stream().sorted(Map.Entry.comparingByKey()).findFirst()
                    .orElseThrow();
            Locator panel = page.locator("section[data-panel='" + first.getKey() + "']");
            Locator mine = panel.locator("li[data-id='" + first.getValue() + "'] a");
            Locator item = mine.count() > 0 ? mine : panel.locator("li a").first();
            String href = item.getAttribute("href");
            if (href.startsWith("/mediation/")) {
                // a dispute's page is the mediation module's own: the link names the dispute, mediation tests the page
                assertThat(href).matches("/mediation/\\d+");
                return;
            }
            item.click();
            page.waitForURL(base + href);
            // the record's own page, not an error
            assertThat(page.locator("main")).isVisible();
            assertThat(page.locator("#error-page")).hasCount(0);
            Browsers.screenshot(page, "workbench-" + account.username() + "-opened");
        }
    }

    @Test
    void aPanelRefreshesItselfWithWhatArrivedSinceThePageOpened() {
        String base = "http://localhost:" + port;
        try (BrowserContext context = Browsers.desktop()) {
            Page page = Browsers.signIn(context, base, "shaping.intake");
            Locator pending = page.locator("section[data-panel='intake'] [data-count='pending'] strong");
            long before = Long.parseLong(pending.textContent().strip());
            new Staff(jdbc).run("grid.a", () -> report(ReportChannel.PATROL, DemoAccounts.GRID_A_CODE,
                    "刷新测试 " + UUID.randomUUID()));
            Events.settle(jdbc);
            page.locator("section[data-panel='intake'] .wb-refresh").click();
            assertThat(page.locator("section[data-panel='intake'] [data-count='pending'] strong"))
                    .hasText(String.valueOf(before + 1));
            assertThat(page).hasURL(base + "/");
        }
    }
}
