package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
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
import org.fengqiao.platform.Role;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.fengqiao.workbench.Board;
import org.fengqiao.workbench.Workbench;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The workbench walked with persons holding several posts in disjoint places: each panel lists a record exactly
 * when ONE assignment both grants the panel and covers the record (for a department, also leads it). The records
 * are a pending report and cases in several states in each record area; the expected panels per role are written
 * here, independent of {@code WorkbenchPermission}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchAssignmentWalkTest {

    static final Map<String, Set<Role>> PANEL_ROLES = Map.of(
            "intake", Set.of(Role.INTAKE_CLERK, Role.SHIFT_LEAD),
            "dispatch", Set.of(Role.DISPATCHER, Role.SHIFT_LEAD),
            "supervision", Set.of(Role.LEADER, Role.SHIFT_LEAD),
            "field", Set.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE),
            "mediation", Set.of(Role.MEDIATOR),
            "warnings", Set.of(Role.LEADER, Role.SHIFT_LEAD, Role.COMMUNITY_POLICE));

    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;
    @Autowired
    Workbench workbench;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MediationMenu menu;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;

    long market;
    long police;

    /** A record: its id, area, and the panels (and for a department panel, the lead) it belongs in. */
    record Record(long id, String area, String panel, Long lead) {
        /** The kind of item the workbench shows for it. */
        String kind() {
            return switch (panel) {
                case "intake" -> "REPORT";
                case "mediation" -> "DISPUTE";
                case "warnings" -> "WARNING";
                default -> "CASE";
            };
        }
    }

    final List<Record> records = new ArrayList<>();

    @BeforeAll
    void recordsInEveryArea() {
        market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class).single();
        police = jdbc.sql("select id from organisation where code = '440784-DEPT-GA'").query(Long.class).single();
        TestUsers.User county = TestUsers.user("walk.workbench-county").holding(Role.LEADER, PostHolders.COUNTY)
                .holding(Role.DEPARTMENT_HANDLER, PostHolders.COUNTY, market)
                .holding(Role.DEPARTMENT_HANDLER, PostHolders.COUNTY, police).build();
        for (String area : PostHolders.RECORD_AREAS) {
            county.run(() -> {
                records.add(new Record(report(area), area, "intake", null));
                long registered = cases.accept(report(area), null, null).id();
                records.add(new Record(registered, area, "dispatch", null));
                long returned = cases.accept(report(area), null, null).id();
                cases.act(returned, null, new CaseCommand.Dispatch(market, List.of(), "派"));
                cases.act(returned, null, new CaseCommand.Return("非本单位"));
                records.add(new Record(returned, area, "dispatch", null));
                for (long lead : List.of(market, police)) {
                    long toSign = cases.accept(report(area), null, null).id();
                    cases.act(toSign, null, new CaseCommand.Dispatch(lead, List.of(), "派"));
                    records.add(new Record(toSign, area, "department", lead));
                }
                long supervised = cases.accept(report(area), null, null).id();
                cases.act(supervised, null, new CaseCommand.Supervise("督办"));
                records.add(new Record(supervised, area, "supervision", null));
                long toVerify = cases.accept(report(area), null, null).id();
                cases.act(toVerify, null, new CaseCommand.Dispatch(police, List.of(), "派"));
                cases.act(toVerify, null, new CaseCommand.Sign());
                cases.act(toVerify, null, new CaseCommand.Feedback("已处理", List.of()));
                records.add(new Record(toVerify, area, "field", null));
            });
        }
        // in each area a dispute waiting at a site, and one whose session record raised a warning
        long site = county.call(() -> menu.createSite(new MenuViews.SiteInput("巡查派出所 " + UUID.randomUUID(),
                "POLICE_STATION", Tier.POLICE_TOWN.name(), null, PostHolders.COUNTY, "测试")));
        for (String area : PostHolders.RECORD_AREAS) {
            county.run(() -> {
                records.add(new Record(dispute(area, site, "巡查纠纷").id(), area, "mediation", null));
                long threatened = dispute(area, site, "巡查预警").id();
                workflow.act(threatened, null, new DisputeCommand.TakeUp(null));
                java.time.Instant start = java.time.Instant.now().minusSeconds(3600);
                DisputeView booked = workflow.act(threatened, null, new DisputeCommand.BookSession(null, "现场",
                        start, start.plusSeconds(1800)));
                workflow.act(threatened, null, new DisputeCommand.HoldSession(booked.sessions().getFirst().id(),
                        "双方", 2, "一方扬言要报复"));
                for (long w : jdbc.sql("select id from mediation_warning where dispute_id = ?").param(threatened)
                        .query(Long.class).list()) {
                    records.add(new Record(w, area, "warnings", null));
                }
            });
        }
        Events.settle(jdbc);
    }

    private DisputeView dispute(String area, long site, String title) {
        return disputes.register(new NewDispute("NEIGHBOUR", title + " " + area, "测试", null, 2, area, "现场", null,
                null, Tier.POLICE_TOWN.name(), site, List.of(new NewDispute.NewParty("APPLICANT", "PERSON", "测试人",
                null, null, null, 1, null))));
    }

    private long report(String area) {
        return intake.submit(new SubmitReport(ReportChannel.COUNTER, "SEC-ORDER", "工作台巡查 " + area, null, null,
                area, null, null, "13812345678", List.of(), false), UUID.randomUUID().toString()).report().id();
    }

    /** Two department posts: the market bureau's in 沙坪 and the police's in 共和. */
    TestUsers.User twoDepartments() {
        return TestUsers.user("walk.two-departments").holding(Role.DEPARTMENT_HANDLER, PostHolders.SHAPING, market)
                .holding(Role.DEPARTMENT_HANDLER, PostHolders.GONGHE, police).build();
    }

    @Test
    void eachPanelListsARecordExactlyWhenOneAssignmentGrantsAndCoversIt() {
        List<String> wrong = new ArrayList<>();
        List<TestUsers.User> users = new ArrayList<>(PostHolders.all());
        users.add(twoDepartments());
        for (TestUsers.User user : users) {
            Board board = workbench.board(user, Workbench.MAX_ITEMS);
            for (String panel : List.of("intake", "dispatch", "supervision", "field", "department", "mediation",
                    "warnings")) {
                Set<Long> expected = new TreeSet<>();
                for (Record r : records) {
                    if (shows(user, panel, r)) {
                        expected.add(r.id());
                    }
                }
                Set<Long> shown = shown(board, panel);
                // a full panel (the demo county's year of disputes fills a town leader's warnings) lists the first
                // MAX_ITEMS by urgency: then what it shows of this walk's records must be expected, and no more
                boolean full = board.panel(panel).map(p -> p.items().size() >= Workbench.MAX_ITEMS).orElse(false);
                if (full ? !expected.containsAll(shown) : !shown.equals(expected)) {
                    wrong.add(user.username() + " " + panel + ": shows " + shown + ", expected " + expected
                            + " (" + board.panel(panel).map(p -> p.items().size()).orElse(0) + " items listed)");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theWalkCanFail() {
        // the flawed rule — a role held somewhere, an area held anywhere — would show 共和's dispatch work to a
        // dispatcher of 共和 who is a grid worker in 沙坪's grid A, and 沙坪's market cases to a police handler of 共和
        TestUsers.User dispatcher = PostHolders.townDispatcherAndGridWorker();
        assertThat(flawed(dispatcher, "dispatch")).isNotEqualTo(shown(workbench.board(dispatcher,
                Workbench.MAX_ITEMS), "dispatch"));
        TestUsers.User departments = twoDepartments();
        assertThat(flawed(departments, "department")).isNotEqualTo(shown(workbench.board(departments,
                Workbench.MAX_ITEMS), "department"));
    }

    /** The walk's own rule: one assignment of a role for the panel, covering the record, leading it if a case. */
    private boolean shows(TestUsers.User user, String panel, Record r) {
        if (!belongs(panel, r)) {
            return false;
        }
        if (panel.equals("department")) {
            return user.assignments().stream().anyMatch(a -> a.role() == Role.DEPARTMENT_HANDLER
                    && r.lead().equals(a.organisationId()) && r.area().startsWith(a.areaCode()));
        }
        return PostHolders.expected(user, PANEL_ROLES.get(panel), r.area());
    }

    /**
     * Whether the record is work of that panel at all: the supervised case waits for dispatch too, and the field
     * panel lists every open case of the grid.
     */
    private static boolean belongs(String panel, Record r) {
        return switch (panel) {
            case "dispatch" -> r.panel().equals("dispatch") || r.panel().equals("supervision");
            case "field" -> r.kind().equals("CASE");
            default -> r.panel().equals(panel);
        };
    }

    /** What a panel would list under the flawed rule. */
    private Set<Long> flawed(TestUsers.User user, String panel) {
        Set<Long> ids = new TreeSet<>();
        boolean holds = user.assignments().stream().anyMatch(a -> panel.equals("department")
                ? a.role() == Role.DEPARTMENT_HANDLER : PANEL_ROLES.get(panel).contains(a.role()));
        Set<Long> orgs = new TreeSet<>();
        user.assignments().forEach(a -> {
            if (a.organisationId() != null) {
                orgs.add(a.organisationId());
            }
        });
        for (Record r : records) {
            boolean inUnion = user.assignments().stream().anyMatch(a -> r.area().startsWith(a.areaCode()));
            if (holds && inUnion && belongs(panel, r) && (r.lead() == null || orgs.contains(r.lead()))) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    private Set<Long> shown(Board board, String panel) {
        // reports and cases have ids of their own: a record is known by its kind and id
        Map<String, Record> mine = new HashMap<>();
        records.forEach(r -> mine.put(r.kind() + ":" + r.id(), r));
        Set<Long> ids = new TreeSet<>();
        board.panel(panel).ifPresent(p -> p.items().forEach(i -> {
            if (mine.containsKey(i.kind() + ":" + i.id())) {
                ids.add(i.id());
            }
        }));
        return ids;
    }
}
