package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** 化解率 and the rest computed from mediation's own tables, for an area and a period. */
@IntegrationTest
class MediationIndicatorsTest {

    @Autowired
    MediationIndicators indicators;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    MediationMenu menu;
    @Autowired
    JdbcClient jdbc;

    @Test
    void resolutionRateIsSettledOverEndedPerTierTypeAndTown() {
        // a village of 龙口镇 that no other test uses
        String grid = jdbc.sql("select code from area where level = 'GRID' and kind = 'BASE'"
                + " and code like '440784101%' order by code desc limit 1").query(String.class).single();
        String village = grid.substring(0, 12);
        TestUsers.User m = TestUsers.with("ind.mediator", Role.MEDIATOR, "440784101");
        TestUsers.User reader = TestUsers.with("ind.leader", Role.LEADER, "440784101");
        MediationTestKit kit = new MediationTestKit(menu, disputes);
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        MediationIndicators.Query q = reader.call(() -> indicators.query(village, today, today));
        MediationIndicators.Figures before = reader.call(() -> indicators.figures(q));

        for (int i = 0; i < 3; i++) {
            DisputeView d = m.call(() -> workflow.act(kit.register(m, grid, "NEIGHBOUR", "指标", new BigDecimal("100"),
                    2, null, null, List.of(MediationTestKit.worker("甲", null, null, 1),
                            MediationTestKit.worker("乙", null, null, 1))).id(), null, new DisputeCommand.TakeUp(null)));
            m.call(() -> workflow.act(d.id(), null, new DisputeCommand.DraftAgreement(false, "f", "m", null, "t",
                    "现金", today.plusDays(1))));
            m.call(() -> workflow.act(d.id(), null, new DisputeCommand.SignAgreement(null)));
        }
        DisputeView failed = m.call(() -> workflow.act(kit.register(m, grid, "LABOUR", "指标败", null, 2, null, null,
                List.of(MediationTestKit.worker("丙", null, null, 1))).id(), null, new DisputeCommand.TakeUp(null)));
        m.call(() -> workflow.act(failed.id(), null, new DisputeCommand.RecordOutcome("NOT_SETTLED", "分歧大")));
        kit.register(m, grid, "FAMILY", "指标开", null, 2, null, null,
                List.of(MediationTestKit.worker("丁", null, null, 1)));

        MediationIndicators.Figures after = reader.call(() -> indicators.figures(q));
        assertThat(after.registered() - before.registered()).isEqualTo(5);
        assertThat(after.closed() - before.closed()).isEqualTo(4);
        assertThat(after.settled() - before.settled()).isEqualTo(3);
        assertThat(after.notSettled() - before.notSettled()).isEqualTo(1);
        assertThat(after.agreementsSigned() - before.agreementsSigned()).isEqualTo(3);
        assertThat(after.openNow() - before.openNow()).isEqualTo(1);
        if (before.closed() == 0) {
            assertThat(after.resolutionRate()).isEqualTo(0.75);
        }
        List<MediationIndicators.Row> byType = reader.call(() -> indicators.breakdown(q, "type"));
        assertThat(byType).filteredOn(r -> r.key().equals("LABOUR")).singleElement()
                .satisfies(r -> assertThat(r.rate()).isEqualTo(0.0));
        List<MediationIndicators.Row> byTown = reader.call(() -> indicators.breakdown(q, "town"));
        assertThat(byTown).extracting(MediationIndicators.Row::key).containsExactly("440784101");
        assertThat(reader.call(() -> indicators.trend(q, 12))).hasSize(12).last()
                .satisfies(mo -> assertThat(mo.closed()).isGreaterThanOrEqualTo(4));
        // another town's reader sees none of it
        TestUsers.User other = TestUsers.with("ind.other", Role.LEADER, "440784106");
        MediationIndicators.Query oq = other.call(() -> indicators.query(village, today, today));
        assertThat(other.call(() -> indicators.figures(oq)).closed()).isZero();
    }
}
