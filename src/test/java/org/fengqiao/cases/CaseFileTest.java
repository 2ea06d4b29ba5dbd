package org.fengqiao.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;

/**
 * The case aggregate alone, on a fixed clock: every transition from every state is either refused (409) or
 * allowed as the {@link CaseAction} table says, and each allowed one changes what it must.
 */
class CaseFileTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-16T02:00:00Z"), ZoneOffset.UTC);
    private static final Instant NOW = CLOCK.instant();

    /** Deadlines a fixed distance after their start: sign 1 h, handle 3 days, verify 1 day. */
    private static final CaseFile.Deadlines DEADLINES = new CaseFile.Deadlines() {
        public Instant sign(Instant from) {
            return from.plus(Duration.ofHours(1));
        }

        public Instant handle(Instant from) {
            return from.plus(Duration.ofDays(3));
        }

        public Instant verify(Instant from) {
            return from.plus(Duration.ofDays(1));
        }
    };

    /** Test-data builder: a case moved to the given state through the real transitions. */
    static final class CaseMother {
        private CaseState target = CaseState.REGISTERED;

        static CaseMother aCase() {
            return new CaseMother();
        }

        CaseMother in(CaseState state) {
            this.target = state;
            return this;
        }

        CaseFile build() {
            CaseFile c = CaseFile.open("440784-20260316-000001", "MKT-UNLICENSED", "无证摊贩", "440784001001001",
                    false, 7L, NOW, "clerk");
            switch (target) {
                case REGISTERED -> { }
                case DISPATCHED -> c.dispatch(11, "市场监管局", List.of(), null, NOW, DEADLINES);
                case RETURNED -> {
                    c.dispatch(11, "市场监管局", List.of(), null, NOW, DEADLINES);
                    c.returnIt("不属于本单位");
                }
                case IN_PROGRESS -> {
                    c.dispatch(11, "市场监管局", List.of(), null, NOW, DEADLINES);
                    c.sign(NOW);
                }
                case FED_BACK -> {
                    c.dispatch(11, "市场监管局", List.of(), null, NOW, DEADLINES);
                    c.sign(NOW);
                    c.feedback("已处理", List.of(), NOW, DEADLINES);
                }
                case REWORK -> {
                    c.dispatch(11, "市场监管局", List.of(), null, NOW, DEADLINES);
                    c.sign(NOW);
                    c.feedback("已处理", List.of(), NOW, DEADLINES);
                    c.verifyFail("未整改", List.of());
                }
                case BACKLOG -> {
                    c.dispatch(11, "市场监管局", List.of(), null, NOW, DEADLINES);
                    c.sign(NOW);
                    c.backlog("需立项");
                }
                case MEDIATION -> c.referToMediation("先行调解");
                case CLOSED -> c.closeDirectly("已答复", NOW, "lead");
            }
            assertThat(c.state).isEqualTo(target);
            return c;
        }
    }

    /** Each action with a call that performs it on a case. */
    private static final List<Object[]> ACTIONS = List.of(
            new Object[] {CaseAction.MERGE_REPORT, (Consumer<CaseFile>) c -> c.mergeReport(99)},
            new Object[] {CaseAction.DISPATCH, (Consumer<CaseFile>) c -> c.dispatch(12, "公安局", List.of(), null, NOW,
                    DEADLINES)},
            new Object[] {CaseAction.SIGN, (Consumer<CaseFile>) c -> c.sign(NOW)},
            new Object[] {CaseAction.RETURN, (Consumer<CaseFile>) c -> c.returnIt("退回")},
            new Object[] {CaseAction.NOTE, (Consumer<CaseFile>) c -> c.note("说明", List.of())},
            new Object[] {CaseAction.FEEDBACK, (Consumer<CaseFile>) c -> c.feedback("处理", List.of(), NOW,
                    DEADLINES)},
            new Object[] {CaseAction.VERIFY_PASS, (Consumer<CaseFile>) c -> c.verifyPass(null, List.of(), NOW, "g")},
            new Object[] {CaseAction.VERIFY_FAIL, (Consumer<CaseFile>) c -> c.verifyFail("不通过", List.of())},
            new Object[] {CaseAction.REQUEST_EXTENSION, (Consumer<CaseFile>) c -> c.requestExtension(
                    new DeadlineRule(2, DeadlineUnit.WORKING_DAYS), "等待")},
            new Object[] {CaseAction.BACKLOG_IT, (Consumer<CaseFile>) c -> c.backlog("挂账")},
            new Object[] {CaseAction.RESUME, (Consumer<CaseFile>) c -> c.resume(null)},
            new Object[] {CaseAction.ESCALATE, (Consumer<CaseFile>) c -> c.escalate("上报县里")},
            new Object[] {CaseAction.SUPERVISE, (Consumer<CaseFile>) c -> c.supervise("督办", "leader", NOW, null)},
            new Object[] {CaseAction.URGE, (Consumer<CaseFile>) c -> c.urge(null, NOW)},
            new Object[] {CaseAction.REFER_TO_MEDIATION, (Consumer<CaseFile>) c -> c.referToMediation("调解")},
            new Object[] {CaseAction.MEDIATION_CONCLUDED, (Consumer<CaseFile>) c -> c.mediationConcluded(true, "和解",
                    NOW)},
            new Object[] {CaseAction.CLOSE, (Consumer<CaseFile>) c -> c.closeDirectly("答复", NOW, "lead")},
            new Object[] {CaseAction.RATE, (Consumer<CaseFile>) c -> c.rate("SATISFIED", null, NOW, "clerk")},
            new Object[] {CaseAction.REOPEN, (Consumer<CaseFile>) c -> c.reopen("复发")});

    @Test
    @SuppressWarnings("unchecked")
    void everyActionIsRefusedInEveryStateTheTableDoesNotAllowAndPossibleInTheOthers() {
        Set<CaseAction> walked = EnumSet.noneOf(CaseAction.class);
        for (Object[] a : ACTIONS) {
            CaseAction action = (CaseAction) a[0];
            Consumer<CaseFile> call = (Consumer<CaseFile>) a[1];
            walked.add(action);
            for (CaseState state : CaseState.values()) {
                CaseFile c = CaseMother.aCase().in(state).build();
                if (action.allowedIn(state)) {
                    call.accept(c); // must not throw
                } else {
                    CaseState was = c.state;
                    assertThatThrownBy(() -> call.accept(c)).as(action + " from " + state)
                            .isInstanceOf(ConflictException.class);
                    assertThat(c.state).isEqualTo(was);
                }
            }
        }
        // deciding an extension also needs a pending request: walked on its own below
        assertThat(walked).containsAll(EnumSet.complementOf(EnumSet.of(CaseAction.OPEN,
                CaseAction.APPROVE_EXTENSION, CaseAction.REFUSE_EXTENSION)));
    }

    @Test
    void dispatchStartsTheTimersOnTheClockAndReturningClearsTheDepartment() {
        CaseFile c = CaseMother.aCase().build();
        c.dispatch(11, "市场监管局", List.of(12L), "请处置", NOW, DEADLINES);
        assertThat(c.state).isEqualTo(CaseState.DISPATCHED);
        assertThat(c.signDue).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(c.handleDue).isEqualTo(NOW.plus(Duration.ofDays(3)));
        assertThat(c.firstDispatchedAt).isEqualTo(NOW);
        assertThat(c.runningStage()).isEqualTo("SIGN");
        CaseFile.Step back = c.returnIt("不属于本单位");
        assertThat(back.orgId()).isEqualTo(11L);
        assertThat(c.leadOrgId).isNull();
        assertThat(c.assistOrgIds).isEmpty();
        assertThat(c.returnCount).isEqualTo(1);
        assertThat(c.runningDue()).isNull();
        assertThatThrownBy(() -> c.dispatch(12, "公安局", List.of(12L), null, NOW, DEADLINES))
                .as("the lead cannot also assist").isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void stepsThatNeedAReasonRefuseABlankOne() {
        CaseFile dispatched = CaseMother.aCase().in(CaseState.DISPATCHED).build();
        assertThatThrownBy(() -> dispatched.returnIt(" ")).isInstanceOf(InvalidRequestException.class);
        CaseFile registered = CaseMother.aCase().build();
        assertThatThrownBy(() -> registered.closeDirectly("", NOW, "x")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> registered.escalate(null)).isInstanceOf(InvalidRequestException.class);
        CaseFile closed = CaseMother.aCase().in(CaseState.CLOSED).build();
        assertThatThrownBy(() -> closed.reopen("")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aVerifiedCaseClosesAndIsRatedOnceAReopenedOneWaitsForDispatchAgain() {
        CaseFile c = CaseMother.aCase().in(CaseState.FED_BACK).build();
        c.verifyPass("已核查", List.of(), NOW, "grid.a");
        assertThat(c.state).isEqualTo(CaseState.CLOSED);
        assertThat(c.closingKind).isEqualTo("VERIFIED");
        assertThat(c.closedAt).isEqualTo(NOW);
        c.rate("SATISFIED", null, NOW, "clerk");
        assertThatThrownBy(() -> c.rate("DISSATISFIED", null, NOW, "clerk")).isInstanceOf(ConflictException.class);
        c.reopen("问题复发");
        assertThat(c.state).isEqualTo(CaseState.REGISTERED);
        assertThat(c.closedAt).isNull();
        assertThat(c.rating).isNull();
        assertThat(c.leadOrgId).isNull();
        assertThat(CaseAction.DISPATCH.allowedIn(c.state)).isTrue();
    }

    @Test
    void aFailedVerificationCountsReworkAndAnExtensionMovesTheHandlingDeadlineOnlyWhenApproved() {
        CaseFile c = CaseMother.aCase().in(CaseState.REWORK).build();
        assertThat(c.reworkCount).isEqualTo(1);
        Instant due = c.handleDue;
        c.requestExtension(new DeadlineRule(2, DeadlineUnit.WORKING_DAYS), "等检测报告");
        assertThatThrownBy(() -> c.requestExtension(new DeadlineRule(1, DeadlineUnit.WORKING_DAYS), "再等"))
                .isInstanceOf(ConflictException.class);
        c.decideExtension(false, due.plus(Duration.ofDays(2)), "不同意");
        assertThat(c.handleDue).isEqualTo(due);
        c.requestExtension(new DeadlineRule(2, DeadlineUnit.WORKING_DAYS), "再次申请");
        c.decideExtension(true, due.plus(Duration.ofDays(2)), null);
        assertThat(c.handleDue).isEqualTo(due.plus(Duration.ofDays(2)));
        assertThat(c.extensionPending).isFalse();
    }

    @Test
    void mediationClosesAResolvedCaseAndReturnsAnUnresolvedOneToTheCenter() {
        CaseFile resolved = CaseMother.aCase().in(CaseState.MEDIATION).build();
        resolved.mediationConcluded(true, "达成协议", NOW);
        assertThat(resolved.state).isEqualTo(CaseState.CLOSED);
        assertThat(resolved.closingKind).isEqualTo("MEDIATION");
        CaseFile unresolved = CaseMother.aCase().in(CaseState.MEDIATION).build();
        unresolved.mediationConcluded(false, "调解不成", NOW);
        assertThat(unresolved.state).isEqualTo(CaseState.REGISTERED);
        assertThat(unresolved.closedAt).isNull();
    }

    @Test
    void escalationHandsTheCaseToTheCountyOnce() {
        CaseFile c = CaseMother.aCase().in(CaseState.DISPATCHED).build();
        c.escalate("乡镇无法协调");
        assertThat(c.handlingLevel).isEqualTo("COUNTY");
        assertThat(c.state).isEqualTo(CaseState.REGISTERED);
        assertThat(c.leadOrgId).isNull();
        assertThatThrownBy(() -> c.escalate("再上报")).isInstanceOf(ConflictException.class);
    }
}
