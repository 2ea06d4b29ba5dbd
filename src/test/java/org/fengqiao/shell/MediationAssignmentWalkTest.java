package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.fengqiao.mediation.DisputeCommand;
import org.fengqiao.mediation.DisputeView;
import org.fengqiao.mediation.DisputeWorkflow;
import org.fengqiao.mediation.Disputes;
import org.fengqiao.mediation.MediationMenu;
import org.fengqiao.mediation.MenuViews;
import org.fengqiao.mediation.NewDispute;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * Mediation's permissions walked with persons holding several posts in disjoint places: every action on a dispute
 * in each record area is allowed exactly when ONE assignment both grants it and covers the dispute (for the court's
 * steps: also acts for the court applied to). The expected roles are written here, independent of
 * {@code MediationPermission}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediationAssignmentWalkTest {

    static final Set<Role> CENTER = Set.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER);
    static final Set<Role> READ = union(CENTER, Set.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE, Role.MEDIATOR,
            Role.COURT_LIAISON));
    static final Set<Role> REGISTER = union(CENTER, Set.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE, Role.MEDIATOR));
    static final Set<Role> MEDIATE = union(CENTER, Set.of(Role.MEDIATOR, Role.COMMUNITY_POLICE));
    static final Set<Role> ROUTE = Set.of(Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER, Role.MEDIATOR,
            Role.COMMUNITY_POLICE);
    static final Set<Role> RESPOND = Set.of(Role.MEDIATOR, Role.COMMUNITY_POLICE, Role.COURT_LIAISON);
    static final Set<Role> UNMASK = Set.of(Role.MEDIATOR, Role.SHIFT_LEAD, Role.LEADER);
    static final Set<Role> HANDLE_WARNING = Set.of(Role.SHIFT_LEAD, Role.LEADER, Role.COMMUNITY_POLICE);
    static final Set<Role> KEEP_MENU = Set.of(Role.LEADER, Role.SYSTEM_ADMIN);
    static final Set<Role> COURT = Set.of(Role.COURT_LIAISON);

    static final TestUsers.User COUNTY = TestUsers.with("walk.mediation-county", Role.LEADER, PostHolders.COUNTY);

    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    MediationMenu menu;
    @Autowired
    JdbcClient jdbc;

    long unlinkedMediator;
    long court;
    long otherCourt;

    @BeforeAll
    void setUp() {
        unlinkedMediator = COUNTY.call(() -> menu.createMediator(new MenuViews.MediatorInput("巡查调解员", "LAWYER",
                null, null, null, PostHolders.COUNTY, List.of("NEIGHBOUR"), List.of("MANDARIN"), null, "AVAILABLE",
                99, null)));
        court = jdbc.sql("select id from organisation where code = '440784-DEPT-FY'").query(Long.class).single();
        otherCourt = jdbc.sql("select id from organisation where code = '440784-DEPT-SF'").query(Long.class).single();
    }

    static Set<Role> union(Set<Role> a, Set<Role> b) {
        java.util.EnumSet<Role> s = java.util.EnumSet.noneOf(Role.class);
        s.addAll(a);
        s.addAll(b);
        return s;
    }

    /** The post holders of the shell plus a court liaison who is also a mediator elsewhere. */
    static List<TestUsers.User> users(long court) {
        List<TestUsers.User> all = new ArrayList<>(PostHolders.all());
        all.add(TestUsers.user("walk.court-mediator").holding(Role.COURT_LIAISON, PostHolders.GONGHE, court)
                .holding(Role.MEDIATOR, PostHolders.SHAPING).build());
        return all;
    }

    /** A fresh dispute in the area, registered by the county; 40 people raise a warning at once. */
    DisputeView dispute(String area) {
        return COUNTY.call(() -> disputes.register(new NewDispute("NEIGHBOUR", "巡查纠纷", "权限巡查用纠纷", null, 40,
                area, null, null, null, null, null, List.of(new NewDispute.NewParty("APPLICANT", "PERSON", "巡查申请人",
                null, "13700001234", null, 1, null), new NewDispute.NewParty("RESPONDENT", "PERSON", "巡查被申请人",
                null, null, null, 1, null)))));
    }

    DisputeView step(TestUsers.User who, DisputeView d, DisputeCommand c) {
        return who.call(() -> workflow.act(d.id(), null, c));
    }

    /** A dispute whose agreement was signed and for which the parties applied to {@code court}. */
    DisputeView applied(String area) {
        DisputeView d = step(COUNTY, dispute(area), new DisputeCommand.TakeUp(null));
        d = step(COUNTY, d, new DisputeCommand.DraftAgreement(false, "事实", "事项", null, "条款", "当面履行",
                LocalDate.now().plusDays(5)));
        d = step(COUNTY, d, new DisputeCommand.SignAgreement(null));
        return step(COUNTY, d, new DisputeCommand.ApplyConfirmation(court, null));
    }

    static boolean expectedForCourt(TestUsers.User u, String area, long court) {
        return u.assignments().stream().anyMatch(a -> COURT.contains(a.role()) && area.startsWith(a.areaCode())
                && Long.valueOf(court).equals(a.organisationId()));
    }

    @Test
    void everyActionIsAllowedExactlyWhenOneAssignmentGrantsItAndCoversTheDispute() {
        List<String> wrong = new ArrayList<>();
        for (TestUsers.User u : users(court)) {
            for (String area : PostHolders.RECORD_AREAS) {
                DisputeView d = dispute(area);
                check(wrong, u, area, "read", PostHolders.expected(u, READ, area),
                        () -> u.call(() -> disputes.find(d.id())) != null);
                check(wrong, u, area, "register", PostHolders.expected(u, REGISTER, area), () -> u.call(() ->
                        disputes.register(new NewDispute("FAMILY", "登记", "巡查登记", null, 2, area, null, null, null,
                                null, null, List.of(new NewDispute.NewParty(null, null, "甲", null, null, null, null,
                                        null))))) != null);
                check(wrong, u, area, "assess", PostHolders.expected(u, MEDIATE, area),
                        () -> step(u, d, new DisputeCommand.Assess(null, "COMPLEX", null, null, "巡查")) != null);
                check(wrong, u, area, "take up", PostHolders.expected(u, MEDIATE, area),
                        () -> step(u, dispute(area), new DisputeCommand.TakeUp(null)) != null);
                check(wrong, u, area, "escalate", PostHolders.expected(u, ROUTE, area),
                        () -> step(u, dispute(area), new DisputeCommand.Escalate(null, "巡查升级")) != null);
                DisputeView chosen = step(COUNTY, dispute(area), new DisputeCommand.ChooseMediator(unlinkedMediator));
                check(wrong, u, area, "accept", PostHolders.expected(u, RESPOND, area),
                        () -> step(u, chosen, new DisputeCommand.Accept(null)) != null);
                long party = d.parties().getFirst().id();
                check(wrong, u, area, "unmask", PostHolders.expected(u, UNMASK, area),
                        () -> u.call(() -> disputes.unmask(d.id(), party, "权限巡查测试")) != null);
                long warning = d.warnings().getFirst().id();
                check(wrong, u, area, "acknowledge warning", PostHolders.expected(u, HANDLE_WARNING, area),
                        () -> step(u, d, new DisputeCommand.AcknowledgeWarning(warning, null)) != null);
                check(wrong, u, area, "keep the menu", PostHolders.expected(u, KEEP_MENU, area),
                        () -> u.call(() -> menu.createMediator(new MenuViews.MediatorInput("巡查", "PEOPLES_MEDIATOR",
                                null, null, null, area, List.of(), List.of(), null, null, null, null))) > 0);
                DisputeView applied = applied(area);
                check(wrong, u, area, "court accepts", expectedForCourt(u, area, court), () -> step(u, applied,
                        new DisputeCommand.CourtAccept(true, "(2026)粤0784民特" + applied.id() + "号", null)) != null);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theWalkCanFail() {
        // a positive control: the court's liaison acts only for their own court, so a liaison of another court is
        // refused where the walk's rule (ignoring the court) would expect success
        TestUsers.User other = TestUsers.user("walk.other-court").holding(Role.COURT_LIAISON, PostHolders.COUNTY,
                otherCourt).build();
        DisputeView applied = applied(PostHolders.GRID_B);
        List<String> wrong = new ArrayList<>();
        check(wrong, other, PostHolders.GRID_B, "court accepts", PostHolders.expected(other, COURT,
                PostHolders.GRID_B), () -> step(other, applied, new DisputeCommand.CourtAccept(true, "x", null)) != null);
        assertThat(wrong).hasSize(1);
        CurrentUser.Assignment a = other.assignments().getFirst();
        assertThat(a.organisationId()).isEqualTo(otherCourt);
    }

    private static void check(List<String> wrong, TestUsers.User user, String area, String action, boolean expected,
                              Supplier<Boolean> attempt) {
        boolean allowed;
        try {
            allowed = attempt.get();
        } catch (AccessDeniedException | NotFoundException e) {
            allowed = false;
        }
        if (allowed != expected) {
            wrong.add(user.username() + " " + action + " in " + area + ": " + (allowed ? "allowed" : "refused")
                    + ", expected " + (expected ? "allowed" : "refused"));
        }
    }
}
