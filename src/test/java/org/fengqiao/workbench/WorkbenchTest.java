package org.fengqiao.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.CaseView;
import org.fengqiao.cases.DeadlineUnit;
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
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One case's life in a town no other test works in (宅梧镇), seen from each person's workbench as it goes: the
 * clerk's pending report, the dispatcher's case to dispatch, returned and overdue, the department's case to sign
 * and to handle, the leader's extension and supervision, the grid worker's verification and own report. Then the
 * page, a panel refreshed by htmx and the JSON API.
 */
@IntegrationTest
class WorkbenchTest {

    static final String TOWN = "440784108";

    @Autowired
    Workbench workbench;
    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    MessageSource messages;
    @Autowired
    MediationMenu menu;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;

    String grid;
    long market;
    TestUsers.User clerk;
    TestUsers.User dispatcher;
    TestUsers.User leader;
    TestUsers.User worker;
    TestUsers.User handler;

    @BeforeEach
    void people() {
        grid = jdbc.sql("select code from area where level = 'GRID' and code like ? order by code limit 1")
                .param(TOWN + "%").query(String.class).single();
        market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class).single();
        clerk = TestUsers.with("wb.clerk", Role.INTAKE_CLERK, TOWN);
        dispatcher = TestUsers.with("wb.dispatcher", Role.DISPATCHER, TOWN);
        leader = TestUsers.with("wb.leader", Role.LEADER, TOWN);
        worker = TestUsers.with("wb.worker-" + UUID.randomUUID(), Role.GRID_WORKER, grid);
        handler = TestUsers.user("wb.handler").holding(Role.DEPARTMENT_HANDLER, "440784", market).build();
    }

    private Board.Panel panel(TestUsers.User user, String key) {
        Events.settle(jdbc);
        return workbench.board(user).panel(key).orElseThrow(() -> new AssertionError(user.username() + " has no "
                + key + " panel"));
    }

    private static List<Long> ids(Board.Panel p, String reason) {
        return p.items().stream().filter(i -> i.reason().equals(reason)).map(Board.Item::id).toList();
    }

    @Test
    void eachPersonSeesTheCaseWhenItIsTheirTurn() {
        long report = worker.call(() -> intake.submit(new SubmitReport(ReportChannel.PATROL, "MKT-UNLICENSED",
                "工作台测试 无证经营", null, null, grid, null, null, null, List.of(), false),
                UUID.randomUUID().toString())).report().id();
        assertThat(ids(panel(clerk, "intake"), "PENDING")).contains(report);
        Board.Panel mine = panel(worker, "reports");
        assertThat(mine.count("pending")).isEqualTo(1);
        assertThat(ids(mine, "PENDING")).containsExactly(report);

        CaseView c = clerk.call(() -> cases.accept(report, null, null));
        assertThat(ids(panel(clerk, "intake"), "PENDING")).doesNotContain(report);
        Board.Panel dispatch = panel(dispatcher, "dispatch");
        assertThat(ids(dispatch, "TO_DISPATCH")).contains(c.id());
        long toDispatch = dispatch.count("toDispatch");

        c = dispatcher.call(() -> cases.act(c0(report), null, new CaseCommand.Dispatch(market, List.of(), "派")));
        assertThat(ids(panel(handler, "department"), "TO_SIGN")).contains(c.id());
        assertThat(panel(dispatcher, "dispatch").count("toDispatch")).isEqualTo(toDispatch - 1);

        c = handler.call(() -> cases.act(c0(report), null, new CaseCommand.Return("不属于本局职责")));
        dispatch = panel(dispatcher, "dispatch");
        assertThat(dispatch.count("returned")).isEqualTo(1);
        assertThat(dispatch.items().getFirst().id()).isEqualTo(c.id());
        assertThat(dispatch.items().getFirst().note()).contains("不属于本局职责");
        assertThat(ids(panel(handler, "department"), "TO_SIGN")).doesNotContain(c.id());

        long id = c.id();
        dispatcher.run(() -> cases.act(id, null, new CaseCommand.Dispatch(market, List.of(), "改派")));
        dispatch = panel(dispatcher, "dispatch");
        assertThat(dispatch.count("returned")).isZero();
        assertThat(ids(panel(handler, "department"), "TO_SIGN")).contains(id);

        handler.run(() -> cases.act(id, null, new CaseCommand.Sign()));
        assertThat(ids(panel(handler, "department"), "TO_HANDLE")).contains(id);
        handler.run(() -> cases.act(id, null, new CaseCommand.RequestExtension(3, DeadlineUnit.WORKING_DAYS,
                "需要协调")));
        Board.Panel supervision = panel(leader, "supervision");
        assertThat(supervision.count("extensions")).isEqualTo(1);
        leader.run(() -> cases.act(id, null, new CaseCommand.DecideExtension(false, "先处理")));
        leader.run(() -> cases.act(id, null, new CaseCommand.Supervise("群众反映强烈")));
        supervision = panel(leader, "supervision");
        assertThat(supervision.count("extensions")).isZero();
        assertThat(ids(supervision, "SUPERVISED")).contains(id);
        long supervised = supervision.count("supervised");

        handler.run(() -> cases.act(id, null, new CaseCommand.Feedback("已取缔", List.of())));
        Board.Panel field = panel(worker, "field");
        assertThat(ids(field, "TO_VERIFY")).containsExactly(id);
        assertThat(field.count("toVerify")).isEqualTo(1);
        long open = field.count("open");

        worker.run(() -> cases.act(id, null, new CaseCommand.Verify(true, "现场已清理", List.of())));
        assertThat(panel(worker, "field").count("open")).isEqualTo(open - 1);
        assertThat(panel(leader, "supervision").count("supervised")).isEqualTo(supervised - 1);
        mine = panel(worker, "reports");
        assertThat(mine.items().getFirst().reason()).isEqualTo("ACCEPTED");
        assertThat(mine.items().getFirst().state()).isEqualTo("CLOSED");
        assertThat(mine.count("openCases")).isZero();
    }

    @Test
    void aCaseWhoseDeadlinePassedIsOverdueForItsDispatcherDepartmentAndLeader() {
        // reported, accepted and dispatched a month ago: its signing deadline has passed, which only the clock tells
        long id = DemoTime.at(Instant.now().minus(Duration.ofDays(30)), () -> {
            long report = worker.call(() -> intake.submit(new SubmitReport(ReportChannel.PATROL, "MKT-FOOD",
                    "工作台测试 过期", null, null, grid, null, null, null, List.of(), false),
                    UUID.randomUUID().toString())).report().id();
            long c = clerk.call(() -> cases.accept(report, null, null)).id();
            dispatcher.run(() -> cases.act(c, null, new CaseCommand.Dispatch(market, List.of(), "派")));
            return c;
        });
        Board.Panel dispatch = panel(dispatcher, "dispatch");
        assertThat(ids(dispatch, "OVERDUE")).contains(id);
        assertThat(dispatch.count("overdue")).isPositive();
        Board.Item item = panel(handler, "department").items().stream().filter(i -> i.id() == id).findFirst()
                .orElseThrow();
        assertThat(item.overdue()).isTrue();
        assertThat(item.reason()).isEqualTo("TO_SIGN");
        assertThat(ids(panel(leader, "supervision"), "OVERDUE")).contains(id);
        assertThat(panel(worker, "field").count("overdue")).isPositive();
    }

    @Test
    void theMediatorSeesWhatPartiesChoseAndTheSessionsAndTheLeaderTheWarnings() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        TestUsers.User keeper = TestUsers.user("wb.keeper").holding(Role.LEADER, "440784").build();
        Map<String, Object> post = jdbc.sql("""
                        select person_id, area_code from role_assignment where role = 'MEDIATOR' and area_code like ?
                          and revoked_at is null order by id limit 1""").param(TOWN + "%").query().singleRow();
        long person = ((Number) post.get("person_id")).longValue();
        TestUsers.User mediator = TestUsers.user("wb.mediator").person(person)
                .holding(Role.MEDIATOR, (String) post.get("area_code")).build();
        long site = keeper.call(() -> menu.createSite(new MenuViews.SiteInput("工作台派出所 " + tag, "POLICE_STATION",
                Tier.POLICE_TOWN.name(), null, TOWN, "测试地址")));
        long entry = keeper.call(() -> menu.createMediator(new MenuViews.MediatorInput("工作台调解员 " + tag,
                "PEOPLES_MEDIATOR", "人民调解员", site, null, TOWN, List.of("NEIGHBOUR"), List.of("CANTONESE"), null,
                "AVAILABLE", 5, person)));
        DisputeView d = keeper.call(() -> disputes.register(new NewDispute("NEIGHBOUR", "漏水 " + tag, "楼上漏水",
                null, 2, grid, "测试地点", null, null, Tier.POLICE_TOWN.name(), site, List.of(new NewDispute.NewParty(
                "APPLICANT", "PERSON", "测试甲", null, null, null, 1, null)))));
        long id = d.id();
        Board.Panel mediation = panel(mediator, "mediation");
        assertThat(ids(mediation, "WAITING")).contains(id);
        assertThat(mediation.items()).filteredOn(i -> i.id() == id).first()
                .satisfies(i -> assertThat(i.category()).isNotEqualTo("NEIGHBOUR"));

        keeper.run(() -> workflow.act(id, null, new DisputeCommand.ChooseMediator(entry)));
        mediation = panel(mediator, "mediation");
        assertThat(mediation.count("toAnswer")).isEqualTo(1);
        assertThat(ids(mediation, "TO_ANSWER")).containsExactly(id);
        assertThat(ids(mediation, "WAITING")).doesNotContain(id);

        mediator.run(() -> workflow.act(id, null, new DisputeCommand.Accept("好的")));
        // one session this morning (held below), one tomorrow
        Instant earlier = Instant.now().minus(Duration.ofHours(2));
        DisputeView booked = mediator.call(() -> workflow.act(id, null, new DisputeCommand.BookSession(null,
                "当事人家中", earlier, earlier.plus(Duration.ofHours(1)))));
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        mediator.run(() -> workflow.act(id, null, new DisputeCommand.BookSession(null, "调解室", tomorrow,
                tomorrow.plus(Duration.ofHours(1)))));
        mediation = panel(mediator, "mediation");
        assertThat(mediation.count("toAnswer")).isZero();
        assertThat(mediation.count("mediating")).isEqualTo(1);
        assertThat(mediation.count("sessions")).isEqualTo(2);
        assertThat(mediation.items()).filteredOn(i -> i.kind().equals("SESSION"))
                .extracting(Board.Item::link).contains("/mediation/" + id);

        TestUsers.User townLeader = TestUsers.with("wb.leader-w", Role.LEADER, TOWN);
        long openBefore = panel(townLeader, "warnings").count("open");
        mediator.run(() -> workflow.act(id, null, new DisputeCommand.HoldSession(booked.sessions().getFirst().id(),
                "双方", 2, "一方扬言要报复")));
        Board.Panel warnings = panel(townLeader, "warnings");
        assertThat(warnings.count("open")).isEqualTo(openBefore + 1);
        Board.Item warning = warnings.items().stream().filter(i -> i.link().equals("/mediation/" + id)).findFirst()
                .orElseThrow();
        assertThat(warning.reason()).isEqualTo("RAISED");
        assertThat(warning.note()).isEqualTo("MAJOR");
        keeper.run(() -> workflow.act(id, null, new DisputeCommand.AcknowledgeWarning(warning.id(), "已知悉")));
        assertThat(panel(townLeader, "warnings").items()).filteredOn(i -> i.id() == warning.id()).singleElement()
                .satisfies(i -> assertThat(i.reason()).isEqualTo("ACKNOWLEDGED"));
        keeper.run(() -> workflow.act(id, null, new DisputeCommand.HandleWarning(warning.id(), "民警已约谈")));
        assertThat(panel(townLeader, "warnings").count("open")).isEqualTo(openBefore);
        assertThat(panel(mediator, "mediation").count("sessions")).isEqualTo(1);
    }

    private long c0(long report) {
        return jdbc.sql("select case_id from case_report where report_id = ?").param(report).query(Long.class)
                .single();
    }

    @Test
    void aPanelAppearsOnlyForAPostThatGrantsIt() {
        TestUsers.User rider = TestUsers.with("wb.rider", Role.VOLUNTEER_REPORTER, TOWN);
        assertThat(workbench.board(rider).panels()).extracting(Board.Panel::key).containsExactly("reports");
        TestUsers.User admin = TestUsers.with("wb.admin", Role.SYSTEM_ADMIN, "440784");
        assertThat(workbench.board(admin).panels()).isEmpty();
        TestUsers.User shiftLead = TestUsers.with("wb.shift", Role.SHIFT_LEAD, TOWN);
        assertThat(workbench.board(shiftLead).panels()).extracting(Board.Panel::key)
                .containsExactly("intake", "dispatch", "supervision", "warnings");
    }

    @Test
    void thePageTheHtmxPanelAndTheApiShowTheSameWork() throws Exception {
        long report = worker.call(() -> intake.submit(new SubmitReport(ReportChannel.PATROL, "ENV-DUMPING",
                "工作台页面测试 垃圾", null, null, grid, null, null, null, List.of(), false),
                UUID.randomUUID().toString())).report().id();
        Events.settle(jdbc);
        mvc.perform(get("/").with(clerk.request())).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"panel-intake\"")))
                .andExpect(content().string(containsString("/cases/queue/" + report)))
                .andExpect(content().string(containsString("data-role=\"INTAKE_CLERK\"")));
        mvc.perform(get("/workbench/intake").with(clerk.request()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-panel=\"intake\"")))
                .andExpect(content().string(containsString("/cases/queue/" + report)))
                .andExpect(content().string(not(containsString("<html"))));
        mvc.perform(get("/workbench/intake").with(clerk.request())).andExpect(status().isOk())
                .andExpect(content().string(containsString("<html")));
        mvc.perform(get("/workbench/supervision").with(clerk.request())).andExpect(status().isNotFound());
        mvc.perform(get("/api/workbench").with(worker.request())).andExpect(status().isOk())
                .andExpect(jsonPath("$.panels[0].key").value("field"))
                .andExpect(jsonPath("$.panels[1].key").value("reports"))
                .andExpect(jsonPath("$.panels[1].items[0].id").value(report))
                .andExpect(jsonPath("$.panels[1].items[0].link").value("/intake/reports/" + report));
    }

    @Test
    void everyLabelAPanelCanShowExistsInBothLanguages() {
        TestUsers.Builder b = TestUsers.user("wb.everything");
        for (Role r : Role.values()) {
            b.holding(r, TOWN, market);
        }
        Board board = workbench.board(b.build());
        assertThat(board.panels()).extracting(Board.Panel::key).containsExactlyElementsOf(Workbench.PANELS);
        List<String> reasons = List.of("PENDING", "TO_DISPATCH", "RETURNED", "OVERDUE", "EXTENSION", "SUPERVISED",
                "TO_SIGN", "TO_HANDLE", "TO_VERIFY", "OPEN", "ACCEPTED", "MERGED", "REJECTED", "SOLVED_ON_SPOT", "TO_ANSWER",
                "SESSION", "WAITING", "RAISED", "ACKNOWLEDGED", "TO_ACCEPT", "TO_DECIDE");
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            for (Board.Panel p : board.panels()) {
                assertThat(messages.getMessage("workbench.panel." + p.key(), null, null, locale)).isNotBlank();
                for (Board.Count c : p.counts()) {
                    assertThat(messages.getMessage("workbench.count." + p.key() + "." + c.key(), null, null, locale))
                            .as(p.key() + "." + c.key()).isNotBlank();
                }
            }
            for (String level : List.of("GENERAL", "MAJOR")) {
                assertThat(messages.getMessage("workbench.level." + level, null, null, locale)).isNotBlank();
            }
            for (String reason : reasons) {
                assertThat(messages.getMessage("workbench.reason." + reason, null, null, locale)).isNotBlank();
            }
        }
    }
}
