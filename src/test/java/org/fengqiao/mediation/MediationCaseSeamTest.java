package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.CaseState;
import org.fengqiao.cases.CaseView;
import org.fengqiao.cases.Staff;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cases and mediation talk through events only: a case the center refers to mediation becomes a dispute (once), and
 * the dispute's outcome closes the case (settled) or returns it to the center (not settled).
 */
@IntegrationTest
class MediationCaseSeamTest {

    static final String GRID_A = "440784001001001";

    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    JdbcClient jdbc;

    private CaseView referredCase(String category, String text) {
        Staff staff = new Staff(jdbc);
        long reportId = staff.as("grid.a", () -> intake.submit(new SubmitReport(ReportChannel.PATROL, category, text,
                null, null, GRID_A, null, null, null, List.of(), false), null)).report().id();
        CaseView c = staff.as("county.intake", () -> cases.accept(reportId, null, null));
        return staff.as("county.dispatcher", () -> cases.act(c.id(), c.version(),
                new CaseCommand.ReferToMediation("先行调解：劳资双方可协商")));
    }

    private static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
        T value = probe.get();
        for (int i = 0; i < 100 && !done.test(value); i++) {
            Thread.sleep(100);
            value = probe.get();
        }
        return value;
    }

    private Long disputeOf(long caseId) {
        return jdbc.sql("select id from mediation_dispute where case_id = ?").param(caseId).query(Long.class)
                .optional().orElse(null);
    }

    @Test
    void aReferredCaseBecomesADisputeWhoseSettlementClosesTheCase() throws InterruptedException {
        String text = "工厂拖欠工资 " + UUID.randomUUID();
        CaseView c = referredCase("DSP-LABOUR", text);
        assertThat(c.state()).isEqualTo(CaseState.MEDIATION);
        Long disputeId = await(() -> disputeOf(c.id()), java.util.Objects::nonNull);
        assertThat(disputeId).as("the referral became a dispute").isNotNull();

        TestUsers.User m = MediationTestKit.SHAPING_MEDIATOR;
        DisputeView d = m.call(() -> disputes.find(disputeId));
        assertThat(d.source()).isEqualTo(Vocabulary.Source.CASE);
        assertThat(d.caseNumber()).isEqualTo(c.number());
        assertThat(d.type()).isEqualTo(DisputeType.LABOUR);
        assertThat(d.description()).contains(text).contains("先行调解");
        assertThat(d.parties()).isEmpty();

        DisputeView taken = m.call(() -> workflow.act(d.id(), d.version(), new DisputeCommand.TakeUp(null)));
        DisputeView p1 = m.call(() -> workflow.act(d.id(), taken.version(), new DisputeCommand.AddParty(
                MediationTestKit.worker("工人代表", null, null, 5))));
        DisputeView p2 = m.call(() -> workflow.act(d.id(), p1.version(), new DisputeCommand.AddParty(
                MediationTestKit.company("某某厂"))));
        DisputeView drafted = m.call(() -> workflow.act(d.id(), p2.version(), new DisputeCommand.DraftAgreement(
                false, "拖欠工资", "工资数额", "厂方负全责", "厂方于十日内付清", "银行转账",
                LocalDate.now(WorkingCalendar.ZONE).plusDays(10))));
        m.call(() -> workflow.act(d.id(), drafted.version(), new DisputeCommand.SignAgreement(null)));

        Staff staff = new Staff(jdbc);
        CaseView closed = await(() -> staff.as("county.leader", () -> cases.find(c.id())),
                x -> x.state() == CaseState.CLOSED);
        assertThat(closed.state()).isEqualTo(CaseState.CLOSED);
        assertThat(closed.closingKind()).isEqualTo("MEDIATION");

        // the referral is handled once: re-delivering it makes no second dispute
        assertThat(jdbc.sql("select count(*) from mediation_dispute where case_id = ?").param(c.id())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnsettledDisputeReturnsTheCaseToTheCenterWithTheReason() throws InterruptedException {
        CaseView c = referredCase("DSP-NEIGHBOUR", "邻里纠纷 " + UUID.randomUUID());
        Long disputeId = await(() -> disputeOf(c.id()), java.util.Objects::nonNull);
        TestUsers.User m = MediationTestKit.SHAPING_MEDIATOR;
        DisputeView d = m.call(() -> disputes.find(disputeId));
        DisputeView taken = m.call(() -> workflow.act(d.id(), d.version(), new DisputeCommand.TakeUp(null)));
        m.call(() -> workflow.act(d.id(), taken.version(), new DisputeCommand.RecordOutcome("NOT_SETTLED",
                "双方分歧过大，建议诉讼")));
        Staff staff = new Staff(jdbc);
        CaseView back = await(() -> staff.as("county.leader", () -> cases.find(c.id())),
                x -> x.state() != CaseState.MEDIATION);
        assertThat(back.state()).isNotEqualTo(CaseState.MEDIATION).isNotEqualTo(CaseState.CLOSED);
        assertThat(staff.as("county.leader", () -> cases.timeline(c.id()))).anySatisfy(e ->
                assertThat(String.valueOf(e.reason()) + e.detail()).contains("双方分歧过大"));
    }
}
