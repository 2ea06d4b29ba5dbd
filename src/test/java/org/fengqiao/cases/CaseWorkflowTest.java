package org.fengqiao.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.Reports;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.notifications.OutboxRelay;
import org.fengqiao.support.Events;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/** The whole workflow on the demo county through the facade, on the real database. */
@IntegrationTest
class CaseWorkflowTest {

    static final String GRID_A = "440784001001001";

    @Autowired
    ReportIntake intake;
    @Autowired
    Reports reports;
    @Autowired
    CaseManagement cases;
    @Autowired
    CaseQueries queries;
    @Autowired
    CaseSweeper sweeper;
    @Autowired
    OutboxRelay relay;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;

    Staff staff;
    long market;
    long police;

    @BeforeEach
    void setUp() {
        staff = new Staff(jdbc);
        market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class).single();
        police = jdbc.sql("select id from organisation where code = '440784-DEPT-GA'").query(Long.class).single();
    }

    long report(String text) {
        return staff.as("grid.a", () -> intake.submit(new SubmitReport(ReportChannel.PATROL, "MKT-UNLICENSED", text,
                null, null, GRID_A, null, null, "13812345678", List.of(), false), UUID.randomUUID().toString()))
                .report().id();
    }

    CaseView act(String who, CaseView c, CaseCommand cmd) {
        return staff.as(who, () -> cases.act(c.id(), c.version(), cmd));
    }

    @Test
    void aReportGoesThroughReturnReworkClosureAndRating() throws InterruptedException {
        long reportId = report("无证流动摊贩占道经营 " + UUID.randomUUID());
        CaseView c = staff.as("county.intake", () -> cases.accept(reportId, null, null));
        assertThat(c.state()).isEqualTo(CaseState.REGISTERED);
        assertThat(c.number()).matches("440784-\\d{8}-\\d{6}");
        Events.settle(jdbc); // the report's status follows the case's opening through ReportDecided
        assertThat(staff.as("county.intake", () -> reports.find(reportId, staff.user("county.intake").scope()))
                .status()).isEqualTo(ReportStatus.ACCEPTED);

        c = act("county.dispatcher", c, new CaseCommand.Dispatch(police, List.of(), "请公安局处置"));
        assertThat(c.state()).isEqualTo(CaseState.DISPATCHED);
        assertThat(c.signDue()).isAfter(c.dispatchedAt());
        assertThat(c.handleDue()).isAfter(c.signDue());
        // the market bureau's handler does not even see a case only the police were dispatched to
        CaseView dispatchedToPolice = c;
        assertThatThrownBy(() -> act("dept.market", dispatchedToPolice, new CaseCommand.Sign()))
                .isInstanceOf(org.fengqiao.platform.NotFoundException.class);
        c = act("county.dispatcher", c, new CaseCommand.Escalate("not needed")) ;
        assertThat(c.state()).isEqualTo(CaseState.REGISTERED);
        assertThat(c.handlingLevel()).isEqualTo("COUNTY");

        c = act("county.dispatcher", c, new CaseCommand.Dispatch(market, List.of(police), "市场监管牵头"));
        CaseView dispatched = c;
        c = act("dept.market", c, new CaseCommand.Return("不属于本单位职责"));
        assertThat(c.state()).isEqualTo(CaseState.RETURNED);
        assertThat(c.returnCount()).isEqualTo(1);
        CaseView returned = c;
        assertThatThrownBy(() -> act("dept.market", returned, new CaseCommand.Sign()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("SIGN is only possible");
        // a step based on a stale version is refused, not applied
        assertThatThrownBy(() -> act("county.dispatcher", dispatched, new CaseCommand.Urge("快")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("changed by someone else");

        c = act("county.dispatcher", c, new CaseCommand.Dispatch(market, List.of(), "改派:确属市场监管"));
        c = act("dept.market", c, new CaseCommand.Sign());
        assertThat(c.state()).isEqualTo(CaseState.IN_PROGRESS);
        c = act("dept.market", c, new CaseCommand.Note("已联系摊主", List.of()));
        c = act("dept.market", c, new CaseCommand.Feedback("已劝离", List.of()));
        assertThat(c.state()).isEqualTo(CaseState.FED_BACK);
        c = act("grid.a", c, new CaseCommand.Verify(false, "摊贩又回来了", List.of()));
        assertThat(c.state()).isEqualTo(CaseState.REWORK);
        assertThat(c.reworkCount()).isEqualTo(1);
        c = act("dept.market", c, new CaseCommand.Feedback("已取缔并登记", List.of()));
        c = act("grid.a", c, new CaseCommand.Verify(true, "现场已清理", List.of()));
        assertThat(c.state()).isEqualTo(CaseState.CLOSED);
        assertThat(c.closedAt()).isNotNull();
        c = act("county.intake", c, new CaseCommand.Rate("SATISFIED", "回访满意"));
        assertThat(c.rating()).isEqualTo("SATISFIED");
        CaseView rated = c;
        assertThatThrownBy(() -> act("county.intake", rated, new CaseCommand.Rate("DISSATISFIED", null)))
                .isInstanceOf(ConflictException.class);

        long id = c.id();
        List<String> actions = staff.as("county.leader", () -> cases.timeline(id)).stream()
                .map(CaseManagement.TimelineEntry::action).toList();
        assertThat(actions).containsExactly("OPEN", "DISPATCH", "ESCALATE", "DISPATCH", "RETURN", "DISPATCH", "SIGN",
                "NOTE", "FEEDBACK", "VERIFY_FAIL", "FEEDBACK", "VERIFY_PASS", "RATE");
        assertThat(staff.as("county.leader", () -> cases.timeline(id)).get(4).reason()).isEqualTo("不属于本单位职责");

        // the market bureau's handler gets the dispatches and the rework in the inbox (notices follow the events)
        Events.settle(jdbc);
        // (the scheduled relay may hold some rows at this moment: relay and look again until all have arrived)
        long handler = staff.user("dept.market").personId();
        long delivered = 0;
        for (int attempt = 0; attempt < 50 && delivered < 3; attempt++) {
            relay.relay();
            delivered = jdbc.sql("""
                            select count(*) from notification_inbox where person_id = ? and args[1] = ?
                              and message_key in ('cases.notice.dispatched', 'cases.notice.rework')""")
                    .params(handler, c.number()).query(Long.class).single();
            if (delivered < 3) {
                Thread.sleep(100);
            }
        }
        assertThat(delivered).isEqualTo(3);
    }

    @Test
    void aCaseOutsideTheScopeIsNotFoundAndWorklistsAreScoped() {
        long reportId = report("网格A的事 " + UUID.randomUUID());
        CaseView c = staff.as("county.intake", () -> cases.accept(reportId, null, null));
        assertThatThrownBy(() -> staff.as("grid.b", () -> cases.find(c.id())))
                .isInstanceOf(org.fengqiao.platform.NotFoundException.class);
        assertThat(staff.as("county.dispatcher", () -> queries.list(CaseQueries.WorkList.TO_DISPATCH,
                null, null, 200)).stream().map(CaseQueries.Row::id)).contains(c.id());
        assertThat(staff.as("grid.b", () -> queries.list(CaseQueries.WorkList.ALL, null, null, 200))
                .stream().map(CaseQueries.Row::id)).doesNotContain(c.id());
        CaseView d = act("county.dispatcher", c, new CaseCommand.Dispatch(market, List.of(), null));
        assertThat(staff.as("dept.market", () -> queries.list(CaseQueries.WorkList.TO_SIGN, null, null, 200))
                .stream().map(CaseQueries.Row::id)).contains(d.id());
        // keyset pagination: the page after this id holds only older cases
        assertThat(staff.as("county.dispatcher", () -> queries.list(CaseQueries.WorkList.ALL, null, d.id(), 50))
                .stream().map(CaseQueries.Row::id)).allMatch(id -> id < d.id());
    }

    @Test
    void theSweeperSupervisesOverdueCasesOncePerStage() {
        long reportId = report("逾期测试 " + UUID.randomUUID());
        CaseView c = staff.as("county.intake", () -> cases.accept(reportId, null, null));
        c = act("county.dispatcher", c, new CaseCommand.Dispatch(market, List.of(), null));
        Instant late = c.signDue().plus(Duration.ofMinutes(1));
        sweeper.sweep(c.signDue().minusSeconds(60)); // not yet overdue: this case stays unsupervised
        long id = c.id();
        assertThat(staff.as("county.leader", () -> cases.find(id)).supervised()).isFalse();
        sweeper.sweep(late);
        CaseView swept = staff.as("county.leader", () -> cases.find(id));
        assertThat(swept.supervised()).isTrue();
        assertThat(swept.supervisionReason()).isEqualTo("OVERDUE_SIGN");
        sweeper.sweep(late.plusSeconds(60));
        assertThat(staff.as("county.leader", () -> cases.timeline(id)).stream()
                .filter(e -> e.action().equals("SUPERVISE")).count()).isEqualTo(1);
        assertThat(staff.as("county.leader", () -> queries.list(CaseQueries.WorkList.SUPERVISED, null, null, 200))
                .stream().map(CaseQueries.Row::id)).contains(id);
    }

    @Test
    void extensionsMoveTheClosingDeadlineWhenApproved() {
        long reportId = report("延期测试 " + UUID.randomUUID());
        CaseView c = staff.as("county.intake", () -> cases.accept(reportId, null, null));
        c = act("county.dispatcher", c, new CaseCommand.Dispatch(market, List.of(), null));
        c = act("dept.market", c, new CaseCommand.Sign());
        Instant before = c.handleDue();
        c = act("dept.market", c, new CaseCommand.RequestExtension(3, DeadlineUnit.WORKING_DAYS, "需要检测报告"));
        assertThat(c.extensionPending()).isTrue();
        CaseView pending = c;
        assertThatThrownBy(() -> act("dept.market", pending, new CaseCommand.DecideExtension(true, null)))
                .isInstanceOf(AccessDeniedException.class);
        c = act("county.shiftlead", c, new CaseCommand.DecideExtension(true, "同意"));
        assertThat(c.handleDue()).isAfter(before.plus(Duration.ofDays(2)));
        c = act("county.shiftlead", c, new CaseCommand.Backlog("需上级协调资金"));
        assertThat(c.state()).isEqualTo(CaseState.BACKLOG);
        c = act("county.shiftlead", c, new CaseCommand.Resume("资金到位"));
        assertThat(c.state()).isEqualTo(CaseState.IN_PROGRESS);
    }

    @Test
    void mergingAndRejectingReports() {
        long first = report("重复A " + UUID.randomUUID());
        long second = report("重复B " + UUID.randomUUID());
        long third = report("无效 " + UUID.randomUUID());
        CaseView c = staff.as("county.intake", () -> cases.accept(first, null, null));
        staff.as("county.intake", () -> cases.merge(second, c.id()));
        staff.run("county.intake", () -> cases.reject(third, "信息不实"));
        assertThat(staff.as("county.intake", () -> cases.reportsOf(c.id())).stream().map(r -> r.id()))
                .containsExactly(first, second);
        assertThatThrownBy(() -> staff.as("county.intake", () -> cases.accept(third, null, null)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already decided");
    }

    @Test
    void mediationOutcomeClosesAReferredCase() throws InterruptedException {
        long reportId = staff.as("grid.a", () -> intake.submit(new SubmitReport(ReportChannel.PATROL, "DSP-NEIGHBOUR",
                "邻里漏水纠纷 " + UUID.randomUUID(), null, null, GRID_A, null, null, null, List.of(), false), null))
                .report().id();
        CaseView c = staff.as("county.intake", () -> cases.accept(reportId, null, null));
        assertThat(c.dispute()).isTrue();
        c = act("county.dispatcher", c, new CaseCommand.ReferToMediation("先行调解"));
        assertThat(c.state()).isEqualTo(CaseState.MEDIATION);
        long id = c.id();
        tx.executeWithoutResult(s -> events.publishEvent(new CaseEvents.MediationConcluded(id, true, "达成调解协议",
                null)));
        CaseState state = null;
        for (int i = 0; i < 50 && state != CaseState.CLOSED; i++) {
            Thread.sleep(100);
            state = staff.as("county.leader", () -> cases.find(id)).state();
        }
        assertThat(state).isEqualTo(CaseState.CLOSED);
        assertThat(staff.as("county.leader", () -> cases.find(id)).closingKind()).isEqualTo("MEDIATION");
    }
}
