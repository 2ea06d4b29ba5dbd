package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.CaseView;
import org.fengqiao.cases.DeadlineUnit;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks every action of the case workflow (triage of reports included) for persons holding posts in disjoint places,
 * against records inside and outside each post: allowed exactly when one assignment both grants the action and covers
 * the record. The expectation comes from this test's own table of who may do what, not from the production
 * permission table. Each attempt runs in a transaction that is rolled back, so every attempt meets the record in the
 * state it was prepared in.
 */
@IntegrationTest
class CasesAssignmentWalkTest {

    private static final Set<Role> CENTER = EnumSet.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD,
            Role.LEADER);
    private static final Set<Role> DISPATCHERS = EnumSet.of(Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER);
    private static final Set<Role> LEADS = EnumSet.of(Role.SHIFT_LEAD, Role.LEADER);
    private static final Set<Role> CENTER_AND_FIELD = EnumSet.of(Role.INTAKE_CLERK, Role.DISPATCHER,
            Role.SHIFT_LEAD, Role.LEADER, Role.GRID_WORKER, Role.COMMUNITY_POLICE);

    /** What a prepared record must be for an action. */
    enum Prepared { PENDING_REPORT, REGISTERED, DISPATCHED, IN_PROGRESS, EXTENSION_PENDING, BACKLOG, FED_BACK, CLOSED }

    /** One action of the walk: the roles this test says may do it, the record it needs, the call. */
    record Action(String name, Set<Role> mayDo, boolean asLeadDepartment, Prepared on,
                  Function<Records, Runnable> call) {
    }

    /** The records prepared in one area. */
    record Records(String area, long pendingReport, long mergeTarget, Map<Prepared, CaseView> cases,
                   CaseManagement cm) {
        long id(Prepared p) {
            return cases.get(p).id();
        }
    }

    @Autowired
    CaseManagement cases;
    @Autowired
    ReportIntake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    long market;

    @BeforeEach
    void departments() {
        market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class).single();
    }

    private TestUsers.User center() {
        return TestUsers.user("walk.center").holding(Role.INTAKE_CLERK, PostHolders.COUNTY)
                .holding(Role.DISPATCHER, PostHolders.COUNTY).holding(Role.SHIFT_LEAD, PostHolders.COUNTY).build();
    }

    private TestUsers.User marketHandler() {
        return TestUsers.user("walk.market").holding(Role.DEPARTMENT_HANDLER, PostHolders.COUNTY, market).build();
    }

    private long report(String area) {
        return TestUsers.with("walk.patrol", Role.GRID_WORKER, area).call(() -> intake.submit(new SubmitReport(
                ReportChannel.PATROL, "MKT-UNLICENSED", "权限走查 " + UUID.randomUUID(), null, null, area, null, null,
                null, List.of(), false), UUID.randomUUID().toString())).report().id();
    }

    private Records prepare(String area) {
        TestUsers.User c = center();
        TestUsers.User h = marketHandler();
        Map<Prepared, CaseView> made = new LinkedHashMap<>();
        for (Prepared p : Prepared.values()) {
            if (p == Prepared.PENDING_REPORT) {
                continue;
            }
            CaseView v = c.call(() -> cases.accept(report(area), null, null));
            if (p != Prepared.REGISTERED) {
                CaseView d = v;
                v = c.call(() -> cases.act(d.id(), null, new CaseCommand.Dispatch(market, List.of(), null)));
            }
            if (p == Prepared.IN_PROGRESS || p == Prepared.EXTENSION_PENDING || p == Prepared.BACKLOG
                    || p == Prepared.FED_BACK || p == Prepared.CLOSED) {
                CaseView d = v;
                v = h.call(() -> cases.act(d.id(), null, new CaseCommand.Sign()));
            }
            if (p == Prepared.EXTENSION_PENDING) {
                CaseView d = v;
                v = h.call(() -> cases.act(d.id(), null, new CaseCommand.RequestExtension(2,
                        DeadlineUnit.WORKING_DAYS, "等检测")));
            }
            if (p == Prepared.BACKLOG) {
                CaseView d = v;
                v = c.call(() -> cases.act(d.id(), null, new CaseCommand.Backlog("需要立项")));
            }
            if (p == Prepared.FED_BACK || p == Prepared.CLOSED) {
                CaseView d = v;
                v = h.call(() -> cases.act(d.id(), null, new CaseCommand.Feedback("已处理", List.of())));
            }
            if (p == Prepared.CLOSED) {
                CaseView d = v;
                v = c.call(() -> cases.act(d.id(), null, new CaseCommand.Verify(true, "已核查", List.of())));
            }
            made.put(p, v);
        }
        long mergeTarget = made.get(Prepared.REGISTERED).id();
        return new Records(area, report(area), mergeTarget, made, cases);
    }

    private List<Action> actions() {
        List<Action> a = new ArrayList<>();
        a.add(new Action("ACCEPT", CENTER, false, Prepared.PENDING_REPORT,
                r -> () -> r.cm().accept(r.pendingReport(), null, null)));
        a.add(new Action("REJECT", CENTER, false, Prepared.PENDING_REPORT,
                r -> () -> r.cm().reject(r.pendingReport(), "不属实")));
        a.add(new Action("MERGE", CENTER, false, Prepared.PENDING_REPORT,
                r -> () -> r.cm().merge(r.pendingReport(), r.mergeTarget())));
        a.add(act("DISPATCH", DISPATCHERS, false, Prepared.REGISTERED,
                new CaseCommand.Dispatch(market, List.of(), null)));
        a.add(act("ESCALATE", DISPATCHERS, false, Prepared.REGISTERED, new CaseCommand.Escalate("需县里协调")));
        a.add(act("REFER_TO_MEDIATION", DISPATCHERS, false, Prepared.REGISTERED,
                new CaseCommand.ReferToMediation("先行调解")));
        a.add(act("CLOSE", LEADS, false, Prepared.REGISTERED, new CaseCommand.Close("电话已答复")));
        a.add(act("URGE", DISPATCHERS, false, Prepared.DISPATCHED, new CaseCommand.Urge("请尽快")));
        a.add(act("SUPERVISE", EnumSet.of(Role.LEADER), false, Prepared.DISPATCHED,
                new CaseCommand.Supervise("重点督办")));
        a.add(act("NOTE", CENTER_AND_FIELD, false, Prepared.DISPATCHED,
                new CaseCommand.Note("补充情况", List.of())));
        a.add(act("SIGN", EnumSet.of(Role.DEPARTMENT_HANDLER), true, Prepared.DISPATCHED, new CaseCommand.Sign()));
        a.add(act("RETURN", EnumSet.of(Role.DEPARTMENT_HANDLER), true, Prepared.DISPATCHED,
                new CaseCommand.Return("非本单位职责")));
        a.add(act("FEEDBACK", EnumSet.of(Role.DEPARTMENT_HANDLER), true, Prepared.IN_PROGRESS,
                new CaseCommand.Feedback("已处理", List.of())));
        a.add(act("REQUEST_EXTENSION", EnumSet.of(Role.DEPARTMENT_HANDLER), true, Prepared.IN_PROGRESS,
                new CaseCommand.RequestExtension(1, DeadlineUnit.WORKING_DAYS, "需要时间")));
        a.add(act("BACKLOG_IT", LEADS, false, Prepared.IN_PROGRESS, new CaseCommand.Backlog("挂账")));
        a.add(act("APPROVE_EXTENSION", LEADS, false, Prepared.EXTENSION_PENDING,
                new CaseCommand.DecideExtension(true, "同意")));
        a.add(act("REFUSE_EXTENSION", LEADS, false, Prepared.EXTENSION_PENDING,
                new CaseCommand.DecideExtension(false, "不同意")));
        a.add(act("RESUME", LEADS, false, Prepared.BACKLOG, new CaseCommand.Resume("继续")));
        a.add(act("VERIFY_PASS", CENTER_AND_FIELD, false, Prepared.FED_BACK,
                new CaseCommand.Verify(true, "通过", List.of())));
        a.add(act("VERIFY_FAIL", CENTER_AND_FIELD, false, Prepared.FED_BACK,
                new CaseCommand.Verify(false, "未整改到位", List.of())));
        a.add(act("RATE", CENTER, false, Prepared.CLOSED, new CaseCommand.Rate("SATISFIED", "回访")));
        a.add(act("REOPEN", LEADS, false, Prepared.CLOSED, new CaseCommand.Reopen("问题复发")));
        return a;
    }

    private static Action act(String name, Set<Role> mayDo, boolean asLead, Prepared on, CaseCommand command) {
        return new Action(name, mayDo, asLead, on, r -> () -> r.cm().act(r.id(on), null, command));
    }

    /** The people walked: the shared multi-post persons and a department handler who is also a town leader. */
    private List<TestUsers.User> walkers() {
        List<TestUsers.User> all = new ArrayList<>(PostHolders.all());
        all.add(TestUsers.user("walk.handler-leader").holding(Role.DEPARTMENT_HANDLER, PostHolders.COUNTY, market)
                .holding(Role.LEADER, PostHolders.GONGHE).build());
        return all;
    }

    /**
     * This test's rule: one assignment grants the action and covers the record (and, for a department's step, is
     * for the lead department; a department may also note on a case it leads).
     */
    private boolean expected(TestUsers.User user, Action action, String area) {
        return user.assignments().stream().anyMatch(a -> area.startsWith(a.areaCode())
                && ((action.mayDo().contains(a.role())
                     && (!action.asLeadDepartment() || Long.valueOf(market).equals(a.organisationId())))
                    || (action.name().equals("NOTE") && a.role() == Role.DEPARTMENT_HANDLER
                        && Long.valueOf(market).equals(a.organisationId()))));
    }

    /** Runs the action and rolls it back; true when the permission check let it through. */
    private boolean attempt(TestUsers.User user, Action action, Records records) {
        Boolean allowed = tx.execute(status -> {
            status.setRollbackOnly();
            try {
                user.run(action.call().apply(records));
                return true;
            } catch (AccessDeniedException | NotFoundException refused) {
                return false;
            }
        });
        return Boolean.TRUE.equals(allowed);
    }

    @Test
    void everyCaseActionIsAllowedExactlyWhereOneAssignmentGrantsItAndCoversTheRecord() {
        List<Records> prepared = PostHolders.RECORD_AREAS.stream().map(this::prepare).toList();
        List<String> wrong = new ArrayList<>();
        int allowedSomewhere = 0;
        int refusedSomewhere = 0;
        for (TestUsers.User user : walkers()) {
            for (Action action : actions()) {
                for (Records r : prepared) {
                    boolean expected = expected(user, action, r.area());
                    boolean actual = attempt(user, action, r);
                    if (expected != actual) {
                        wrong.add(user.username() + " " + action.name() + " in " + r.area() + ": expected "
                                + (expected ? "allowed" : "refused") + ", was " + (actual ? "allowed" : "refused"));
                    }
                    if (actual) {
                        allowedSomewhere++;
                    } else {
                        refusedSomewhere++;
                    }
                }
            }
        }
        assertThat(wrong).as("actions allowed or refused against the rule").isEmpty();
        // the walk exercised both outcomes many times
        assertThat(allowedSomewhere).isGreaterThan(30);
        assertThat(refusedSomewhere).isGreaterThan(100);
    }

    @Test
    void theIssuesCaseAGridWorkerLeadingElsewhereClosesOnlyWhereTheyLead() {
        Records gridB = prepare(PostHolders.GRID_B);
        Records shaping = prepare(PostHolders.GRID_A);
        TestUsers.User u = PostHolders.gridWorkerAndTownLeader();
        Action close = actions().stream().filter(a -> a.name().equals("CLOSE")).findFirst().orElseThrow();
        Action supervise = actions().stream().filter(a -> a.name().equals("SUPERVISE")).findFirst().orElseThrow();
        Action verify = actions().stream().filter(a -> a.name().equals("VERIFY_PASS")).findFirst().orElseThrow();
        assertThat(attempt(u, close, gridB)).as("close in grid B, where they are only a grid worker").isFalse();
        assertThat(attempt(u, supervise, gridB)).as("supervise in grid B").isFalse();
        assertThat(attempt(u, verify, gridB)).as("verify in grid B, their own grid").isTrue();
        assertThat(attempt(u, close, shaping)).as("close in 沙坪, where they lead").isTrue();
        assertThat(attempt(u, supervise, shaping)).as("supervise in 沙坪").isTrue();
        assertThat(attempt(u, verify, shaping)).as("verify in 沙坪 as a leader (center staff)").isTrue();
    }

    @Test
    void positiveControlTheUnionOfRolesAndAreasWouldBeCaughtAsALeak() {
        // the flaw the walk guards against: "has the role somewhere" and "the area is somewhere in my scope"
        TestUsers.User u = PostHolders.gridWorkerAndTownLeader();
        Action close = actions().stream().filter(a -> a.name().equals("CLOSE")).findFirst().orElseThrow();
        boolean unionSays = u.assignments().stream().anyMatch(a -> close.mayDo().contains(a.role()))
                && u.assignments().stream().anyMatch(a -> PostHolders.GRID_B.startsWith(a.areaCode()));
        assertThat(unionSays).as("the union check would allow closing in grid B").isTrue();
        assertThat(expected(u, close, PostHolders.GRID_B)).as("the walk's rule refuses it").isFalse();
    }
}
