package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The sweeper finds what is due at the time it is given, once: tier deadlines, warnings, the 30 days, call-backs. */
@IntegrationTest
class MediationSweeperTest {

    @Autowired
    MediationSweeper sweeper;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    MediationMenu menu;
    @Autowired
    JdbcClient jdbc;

    MediationTestKit kit;
    static final TestUsers.User M = MediationTestKit.SHAPING_MEDIATOR;

    @BeforeEach
    void setUp() {
        kit = new MediationTestKit(menu, disputes);
    }

    private List<String> timeline(long id) {
        return M.call(() -> disputes.timeline(id)).stream().map(TimelineEntry::action).toList();
    }

    private long notices(String key, String number) {
        return jdbc.sql("select count(*) from notification_outbox where message_key = ? and ? = any (args)")
                .params(key, number).query(Long.class).single();
    }

    @Test
    void aDisputePastItsTiersDeadlineIsNotedOnceAndItsPeopleHearOfIt() {
        DisputeView d = kit.register(M, "440784001001001", "NEIGHBOUR", "超时", null, 2, null, null,
                List.of(MediationTestKit.worker("郑五", null, null, 1)));
        sweeper.sweep(d.tierDue().minus(Duration.ofMinutes(1)));
        assertThat(timeline(d.id())).doesNotContain("TIER_OVERDUE");
        sweeper.sweep(d.tierDue().plus(Duration.ofMinutes(1)));
        sweeper.sweep(d.tierDue().plus(Duration.ofHours(2)));
        assertThat(timeline(d.id())).filteredOn("TIER_OVERDUE"::equals).hasSize(1);
        assertThat(notices("mediation.notice.tierOverdue", d.number())).isEqualTo(2);
        // a new tier brings a new deadline and a new chance to be overdue
        DisputeView up = M.call(() -> workflow.act(d.id(), null, new DisputeCommand.Escalate(null, "村里调解未果")));
        assertThat(up.tierDue()).isAfter(d.tierDue());
        sweeper.sweep(up.tierDue().plus(Duration.ofMinutes(1)));
        assertThat(timeline(d.id())).filteredOn("TIER_OVERDUE"::equals).hasSize(2);
    }

    @Test
    void theThirtyDaysForConfirmationCallBacksAndPerformanceAreRemindedOnce() {
        DisputeView d = M.call(() -> workflow.act(kit.register(M, "440784001001001", "CONTRACT_DEBT", "提醒",
                new BigDecimal("8000"), 2, null, null, List.of(MediationTestKit.worker("冯六", null, null, 1),
                        MediationTestKit.company("某建材店"))).id(), null, new DisputeCommand.TakeUp(null)));
        LocalDate deadline = LocalDate.now(WorkingCalendar.ZONE).plusDays(5);
        M.call(() -> workflow.act(d.id(), null, new DisputeCommand.DraftAgreement(false, "事实", "事项", null, "条款",
                "转账", deadline)));
        DisputeView signed = M.call(() -> workflow.act(d.id(), null, new DisputeCommand.SignAgreement(null)));
        var a = signed.agreement();
        sweeper.sweep(a.confirmBy().minus(Duration.ofDays(10)));
        assertThat(timeline(d.id())).doesNotContain("CONFIRMATION_REMINDER");
        sweeper.sweep(a.confirmBy().minus(Duration.ofDays(3)));
        sweeper.sweep(a.confirmBy().minus(Duration.ofDays(2)));
        assertThat(timeline(d.id())).filteredOn("CONFIRMATION_REMINDER"::equals).hasSize(1);
        assertThat(timeline(d.id())).filteredOn("PERFORMANCE_DUE"::equals).hasSize(1);
        sweeper.sweep(a.callbackDue().plus(Duration.ofHours(1)));
        sweeper.sweep(a.callbackDue().plus(Duration.ofHours(2)));
        assertThat(timeline(d.id())).filteredOn("CALLBACK_DUE"::equals).hasSize(1);
        assertThat(notices("mediation.notice.callbackDue", d.number())).isEqualTo(1);
    }

    @Test
    void aWarningNotHandledInTimeGoesUpToTheCountyOnce() {
        DisputeView d = kit.register(M, "440784001001001", "LABOUR", "群体", new BigDecimal("50000"), 35, null, null,
                List.of(MediationTestKit.worker("工人代表", null, null, 34)));
        DisputeView.Warning w = d.warnings().stream().filter(x -> x.ruleCode().equals("MASS-30")).findFirst()
                .orElseThrow();
        assertThat(w.level()).isEqualTo("MAJOR");
        sweeper.sweep(w.handleDue().plus(Duration.ofMinutes(1)));
        sweeper.sweep(w.handleDue().plus(Duration.ofMinutes(5)));
        assertThat(notices("mediation.notice.warningOverdue", d.number())).isPositive();
        assertThat(jdbc.sql("select overdue_noted from mediation_warning where id = ?").param(w.id())
                .query(Boolean.class).single()).isTrue();
        TestUsers.User leader = TestUsers.with("sweep.leader", Role.LEADER, "440784001");
        DisputeView handled = leader.call(() -> workflow.act(d.id(), null, new DisputeCommand.HandleWarning(w.id(),
                "联合人社部门约谈企业负责人")));
        assertThat(handled.warnings()).filteredOn(x -> x.id() == w.id()).singleElement()
                .satisfies(x -> assertThat(x.state()).isEqualTo("HANDLED"));
    }
}
