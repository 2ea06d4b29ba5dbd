package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The dispute's state machine on a fixed clock: tiers, escalation and hand-down with reasons, choice, outcomes. */
class DisputeTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-16T02:00:00Z"), ZoneOffset.UTC);
    private final Instant t0 = clock.instant();

    private Dispute wageArrears(Tier tier) {
        return Dispute.register("TJ-440784-20260316-0001", DisputeType.LABOUR, "拖欠34名工人工资", "工厂拖欠工资",
                new BigDecimal("300000.00"), 34, "440784001001001", "镇南工业城", Vocabulary.Source.STAFF,
                RiskLevel.COMPLEX, "CANTONESE", tier, new Dispute.Site(7L, "某公司调解小组"), t0,
                t0.plus(Duration.ofDays(3)), "shaping.intake", "ABCDEFGHJK");
    }

    @Test
    void aRegisteredDisputeWaitsAtItsTierWithTheTiersDeadline() {
        Dispute d = wageArrears(Tier.ENTERPRISE_VILLAGE);
        assertThat(d.state).isEqualTo(DisputeState.REGISTERED);
        assertThat(d.tier).isEqualTo(Tier.ENTERPRISE_VILLAGE);
        assertThat(d.tierStartedAt).isEqualTo(t0);
        assertThat(d.tierDue).isEqualTo(t0.plus(Duration.ofDays(3)));
        assertThat(d.overdue(t0.plus(Duration.ofDays(2)))).isFalse();
        assertThat(d.overdue(t0.plus(Duration.ofDays(4)))).isTrue();
        assertThat(d.registeredStep().action()).isEqualTo(DisputeAction.REGISTER);
    }

    @Test
    void escalatingNeedsAReasonMovesUpOneTierWithANewSiteAndDeadlineAndForgetsTheMediator() {
        Dispute d = wageArrears(Tier.ENTERPRISE_VILLAGE);
        d.takeUp("厂方人事");
        assertThatThrownBy(() -> d.escalate(new Dispute.Site(8L, "警务站"), " ", t0, t0))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(d.tier).isEqualTo(Tier.ENTERPRISE_VILLAGE);

        Instant later = t0.plus(Duration.ofHours(30));
        Dispute.Step s = d.escalate(new Dispute.Site(8L, "镇南工业城警务站"), "厂方协商未果", later,
                later.plus(Duration.ofDays(9)));
        assertThat(s.action()).isEqualTo(DisputeAction.ESCALATE);
        assertThat(s.from()).isEqualTo(DisputeState.MEDIATING);
        assertThat(s.to()).isEqualTo(DisputeState.REGISTERED);
        assertThat(s.tier()).isEqualTo(Tier.STATION_COMMUNITY);
        assertThat(s.reason()).isEqualTo("厂方协商未果");
        assertThat(s.detail()).contains("ENTERPRISE_VILLAGE→STATION_COMMUNITY");
        assertThat(d.tier).isEqualTo(Tier.STATION_COMMUNITY);
        assertThat(d.siteId).isEqualTo(8L);
        assertThat(d.tierStartedAt).isEqualTo(later);
        assertThat(d.tierDue).isEqualTo(later.plus(Duration.ofDays(9)));
        assertThat(d.mediatorName).isNull();
        assertThat(d.escalations).isEqualTo(1);

        d.escalate(new Dispute.Site(9L, "中山派出所"), "警务站调解未果，涉及人数多", later, later);
        d.escalate(Dispute.Site.NONE, "派出所层级无法化解", later, later);
        assertThat(d.tier).isEqualTo(Tier.COUNTY);
        assertThat(d.escalations).isEqualTo(3);
        assertThatThrownBy(() -> d.escalate(Dispute.Site.NONE, "再升级", later, later))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void handingDownNeedsAReasonAndStopsAtTheLowestTier() {
        Dispute d = wageArrears(Tier.POLICE_TOWN);
        assertThatThrownBy(() -> d.handDown(Dispute.Site.NONE, null, t0, t0)).isInstanceOf(InvalidRequestException.class);
        Dispute.Step s = d.handDown(new Dispute.Site(3L, "社区解纷站"), "案情简单，由社区调解", t0, t0.plusSeconds(60));
        assertThat(s.reason()).isEqualTo("案情简单，由社区调解");
        assertThat(d.tier).isEqualTo(Tier.STATION_COMMUNITY);
        assertThat(d.handDowns).isEqualTo(1);
        d.handDown(Dispute.Site.NONE, "回到村里调解", t0, t0);
        assertThatThrownBy(() -> d.handDown(Dispute.Site.NONE, "再下放", t0, t0)).isInstanceOf(ConflictException.class);
    }

    @Test
    void twoWayChoiceChosenThenAcceptedOrDeclinedWithAReason() {
        Dispute d = wageArrears(Tier.POLICE_TOWN);
        assertThatThrownBy(d::accepted).isInstanceOf(ConflictException.class);
        d.chooseMediator(11L, "何志明");
        assertThat(d.state).isEqualTo(DisputeState.AWAITING_MEDIATOR);
        assertThatThrownBy(() -> d.declined("")).isInstanceOf(InvalidRequestException.class);
        Dispute.Step declined = d.declined("与被申请人有亲属关系，需回避");
        assertThat(declined.detail()).isEqualTo("何志明");
        assertThat(d.state).isEqualTo(DisputeState.REGISTERED);
        assertThat(d.mediatorId).isNull();

        d.chooseMediator(12L, "李秀英");
        d.chooseMediator(13L, "陈国强"); // another choice replaces a pending one
        assertThat(d.mediatorName).isEqualTo("陈国强");
        d.accepted();
        assertThat(d.state).isEqualTo(DisputeState.MEDIATING);
        assertThat(d.mediatorId).isEqualTo(13L);
        assertThatThrownBy(() -> d.chooseMediator(14L, "x")).isInstanceOf(ConflictException.class);
    }

    @Test
    void aSettlementComesOnlyWithTheSignedAgreement() {
        Dispute d = wageArrears(Tier.POLICE_TOWN);
        assertThatThrownBy(() -> d.agreementSigned(false, "A-1", t0)).isInstanceOf(ConflictException.class);
        d.takeUp("调解员");
        assertThatThrownBy(() -> d.recordOutcome(Outcome.SETTLED, "达成协议", t0))
                .isInstanceOf(ConflictException.class);
        Instant end = t0.plus(Duration.ofDays(5));
        Dispute.Step s = d.agreementSigned(false, "TJ-1-XY", end);
        assertThat(s.to()).isEqualTo(DisputeState.CLOSED);
        assertThat(d.outcome).isEqualTo(Outcome.SETTLED);
        assertThat(d.outcome.resolved()).isTrue();
        assertThat(d.closedAt).isEqualTo(end);
        assertThat(d.closedTier).isEqualTo(Tier.POLICE_TOWN);
        // after the outcome: follow-up steps, but no more mediation or routing
        assertThat(d.record(DisputeAction.CALL_BACK, null, "HOLDING").to()).isEqualTo(DisputeState.CLOSED);
        assertThatThrownBy(() -> d.escalate(Dispute.Site.NONE, "x", end, end)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> d.recordOutcome(Outcome.WITHDRAWN, "x", end)).isInstanceOf(ConflictException.class);
    }

    @Test
    void aPartialSettlementIsNotCountedAsResolved() {
        Dispute d = wageArrears(Tier.STATION_COMMUNITY);
        d.takeUp("调解员");
        d.agreementSigned(true, "A", t0);
        assertThat(d.outcome).isEqualTo(Outcome.PARTLY_SETTLED);
        assertThat(d.outcome.resolved()).isFalse();
    }

    @Test
    void notSettledNeedsMediationFirstWhileWithdrawalAndReferralEndAnyOpenDispute() {
        Dispute a = wageArrears(Tier.STATION_COMMUNITY);
        assertThatThrownBy(() -> a.recordOutcome(Outcome.NOT_SETTLED, "双方分歧大", t0))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> a.recordOutcome(Outcome.WITHDRAWN, "", t0)).isInstanceOf(InvalidRequestException.class);
        a.recordOutcome(Outcome.WITHDRAWN, "申请人撤回，双方自行和解", t0);
        assertThat(a.state).isEqualTo(DisputeState.CLOSED);
        assertThat(a.outcomeReason).isEqualTo("申请人撤回，双方自行和解");

        Dispute b = wageArrears(Tier.COUNTY);
        b.chooseMediator(1L, "x");
        b.recordOutcome(Outcome.REFERRED_TO_ARBITRATION, "转劳动仲裁", t0);
        assertThat(b.outcome.resolved()).isFalse();

        Dispute c = wageArrears(Tier.COUNTY);
        c.takeUp("x");
        c.recordOutcome(Outcome.NOT_SETTLED, "双方分歧过大", t0);
        assertThat(c.closedTier).isEqualTo(Tier.COUNTY);
    }

    @Test
    void assessingRecordsWhatChanged() {
        Dispute d = wageArrears(Tier.ENTERPRISE_VILLAGE);
        Dispute.Step s = d.assess(DisputeType.LABOUR, RiskLevel.DIFFICULT, new BigDecimal("320000"), 36, "新增两人");
        assertThat(s.detail()).contains("risk COMPLEX→DIFFICULT").contains("people 34→36").contains("amount");
        assertThat(d.peopleInvolved).isEqualTo(36);
    }

    @Test
    void noOpenStateIsADeadEnd() {
        for (DisputeState s : DisputeState.values()) {
            if (s.open()) {
                assertThat(DisputeAction.RECORD_OUTCOME.allowedIn(s)).as(s + " can end").isTrue();
                assertThat(DisputeAction.ESCALATE.allowedIn(s)).as(s + " can go up").isTrue();
            }
        }
        for (DisputeAction a : DisputeAction.values()) {
            if (a != DisputeAction.REGISTER) {
                assertThat(a.system() || a.permission() != null).isTrue();
            }
        }
        assertThat(Tier.ENTERPRISE_VILLAGE.above()).isEqualTo(Tier.STATION_COMMUNITY);
        assertThat(Tier.COUNTY.below()).isEqualTo(Tier.POLICE_TOWN);
    }
}
