package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.fengqiao.cases.CalendarStore;
import org.fengqiao.cases.DeadlineRule;
import org.fengqiao.cases.DeadlineUnit;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DemoTime;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Disputes through the facades on the embedded database with the demo county. */
@IntegrationTest
@RecordApplicationEvents
class MediationFlowTest {

    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    MediationMenu menu;
    @Autowired
    CalendarStore calendar;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEvents events;

    MediationTestKit kit;
    static final TestUsers.User M = MediationTestKit.SHAPING_MEDIATOR;
    static final TestUsers.User LEADER = TestUsers.user("flow.leader").holding(Role.LEADER, "440784001").build();

    @BeforeEach
    void setUp() {
        kit = new MediationTestKit(menu, disputes);
    }

    DisputeView act(TestUsers.User who, DisputeView d, DisputeCommand c) {
        return who.call(() -> workflow.act(d.id(), d.version(), c));
    }

    @Test
    void staffRegisterADisputeAtTheLowestServedTierWithTheTiersDeadlineOnTheWorkingCalendar() {
        // a grid of its own, so that no other test's site there comes first
        String grid = jdbc.sql("select code from area where level = 'GRID' and kind = 'BASE'"
                + " and code like '440784001%' order by code desc limit 1").query(String.class).single();
        long factory = kit.site(Tier.ENTERPRISE_VILLAGE, "ENTERPRISE", grid, "工厂调解小组");
        DisputeView d = kit.register(TestUsers.with("flow.grid", Role.GRID_WORKER, grid),
                grid, "LABOUR", "欠薪", new BigDecimal("5000"), 3, null, null,
                List.of(MediationTestKit.worker("张三", MediationTestKit.idNumber(1), "13812345678", 3)));
        assertThat(d.number()).matches("TJ-440784-\\d{8}-\\d{4}");
        assertThat(d.state()).isEqualTo(DisputeState.REGISTERED);
        assertThat(d.tier()).isEqualTo(Tier.ENTERPRISE_VILLAGE);
        assertThat(d.siteId()).isEqualTo(factory);
        Instant expected = calendar.calendar().deadline(d.tierStartedAt(),
                new DeadlineRule(3, DeadlineUnit.WORKING_DAYS));
        assertThat(d.tierDue()).isEqualTo(expected);
        assertThat(d.parties()).singleElement().satisfies(p -> {
            assertThat(p.idNumberMasked()).isEqualTo("4407**********" + MediationTestKit.idNumber(1).substring(14));
            assertThat(p.phoneMasked()).isEqualTo("138****5678");
        });
        // stored encrypted: the plain number is nowhere in the row
        String raw = jdbc.sql("select encode(id_number_enc, 'escape') || encode(phone_enc, 'escape') from mediation_party"
                + " where dispute_id = ?").param(d.id()).query(String.class).single();
        assertThat(raw).doesNotContain(MediationTestKit.idNumber(1)).doesNotContain("13812345678");
        assertThat(events.stream(MediationEvents.DisputeRegistered.class).filter(e -> e.disputeId() == d.id()))
                .singleElement().satisfies(e -> {
                    assertThat(e.tier()).isEqualTo(Tier.ENTERPRISE_VILLAGE);
                    assertThat(e.peopleInvolved()).isEqualTo(3);
                    assertThat(e.areaCode()).isEqualTo(grid);
                });
        // a grid worker registers but does not mediate
        assertThatThrownBy(() -> act(TestUsers.with("flow.grid", Role.GRID_WORKER, grid), d,
                new DisputeCommand.TakeUp(null))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void escalatingAndHandingDownCarryReasonsNewSitesAndDeadlinesAndTheTimelineKeepsEveryStep() {
        long factory = kit.site(Tier.ENTERPRISE_VILLAGE, "ENTERPRISE", MediationTestKit.GRID_A, "工厂");
        long post = kit.site(Tier.STATION_COMMUNITY, "POLICE_POST", "440784001", "警务站");
        long station = kit.site(Tier.POLICE_TOWN, "POLICE_STATION", "440784001", "派出所");
        DisputeView d = kit.register(M, MediationTestKit.GRID_A, "LABOUR", "升级", null, 2, factory, null,
                List.of(MediationTestKit.worker("李四", null, null, 1)));
        assertThatThrownBy(() -> act(M, d, new DisputeCommand.Escalate(post, " ")))
                .isInstanceOf(InvalidRequestException.class);
        DisputeView up = act(M, d, new DisputeCommand.Escalate(post, "厂方协商未果"));
        assertThat(up.tier()).isEqualTo(Tier.STATION_COMMUNITY);
        assertThat(up.siteId()).isEqualTo(post);
        assertThat(up.escalations()).isEqualTo(1);
        assertThat(up.tierDue()).isEqualTo(calendar.calendar().deadline(up.tierStartedAt(),
                new DeadlineRule(7, DeadlineUnit.WORKING_DAYS)));
        // a stale version is refused
        assertThatThrownBy(() -> act(M, d, new DisputeCommand.Escalate(station, "again")))
                .isInstanceOf(ConflictException.class);
        DisputeView up2 = act(M, up, new DisputeCommand.Escalate(station, "警务站调解未果"));
        DisputeView down = act(M, up2, new DisputeCommand.HandDown(post, "事实清楚，回警务站调解"));
        assertThat(down.tier()).isEqualTo(Tier.STATION_COMMUNITY);
        assertThat(down.handDowns()).isEqualTo(1);
        List<TimelineEntry> t = M.call(() -> disputes.timeline(d.id()));
        assertThat(t).extracting(TimelineEntry::action).containsSubsequence("REGISTER", "ESCALATE", "ESCALATE",
                "HAND_DOWN");
        assertThat(t).filteredOn(e -> e.action().equals("HAND_DOWN")).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("事实清楚，回警务站调解"));
        assertThat(events.stream(MediationEvents.DisputeTierChanged.class).filter(e -> e.disputeId() == d.id()))
                .extracting(MediationEvents.DisputeTierChanged::escalated).containsExactly(true, true, false);
        // a grid worker may not route
        assertThatThrownBy(() -> act(TestUsers.with("flow.grid2", Role.GRID_WORKER, MediationTestKit.GRID_A), down,
                new DisputeCommand.Escalate(null, "x"))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theChosenMediatorAnswersForThemselvesAndADeclineKeepsItsReason() {
        long station = kit.site(Tier.POLICE_TOWN, "POLICE_STATION", "440784001", "派出所");
        long linkedPerson = jdbc.sql("select person_id from account where username = 'mediator'").query(Long.class)
                .single();
        long lawyer = kit.mediator("律师", "LAWYER", null, "440784", List.of("LABOUR"), List.of("MANDARIN"), null);
        long own = kit.mediator("调解员", "PEOPLES_MEDIATOR", station, null, List.of("LABOUR"),
                List.of("CANTONESE"), linkedPerson);
        DisputeView d = kit.register(M, MediationTestKit.GRID_A, "LABOUR", "选择", null, 2, station, null,
                List.of(MediationTestKit.worker("王五", null, "13900001111", 1)));
        List<MenuViews.Suggestion> s = M.call(() -> disputes.suggestions(d.id()));
        assertThat(s).extracting(x -> x.mediator().id()).contains(own);
        assertThat(M.call(() -> disputes.candidates(d.id()))).extracting(MenuViews.MediatorView::id)
                .contains(own, lawyer);
        assertThat(s).filteredOn(x -> x.mediator().id() == own).singleElement()
                .satisfies(x -> assertThat(x.reasons()).extracting(MenuViews.Reason::key)
                        .contains("mediation.why.sameSite", "mediation.why.specialty", "mediation.why.language"));

        DisputeView chosen = act(M, d, new DisputeCommand.ChooseMediator(lawyer));
        assertThat(chosen.state()).isEqualTo(DisputeState.AWAITING_MEDIATOR);
        assertThatThrownBy(() -> act(M, chosen, new DisputeCommand.Decline("NO_CAPACITY", "")))
                .isInstanceOf(InvalidRequestException.class);
        DisputeView declined = act(M, chosen, new DisputeCommand.Decline("NO_CAPACITY", "本月案件已满"));
        assertThat(declined.state()).isEqualTo(DisputeState.REGISTERED);
        assertThat(declined.choices()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("DECLINED");
            assertThat(c.declineCode()).isEqualTo("NO_CAPACITY");
            assertThat(c.reason()).isEqualTo("本月案件已满");
        });

        DisputeView chosen2 = act(M, declined, new DisputeCommand.ChooseMediator(own));
        // the linked mediator answers for themselves: another mediator of the town may not accept for them
        assertThat(chosen2.may("ACCEPT")).isFalse();
        assertThatThrownBy(() -> act(M, chosen2, new DisputeCommand.Accept(null)))
                .isInstanceOf(AccessDeniedException.class);
        TestUsers.User self = TestUsers.user("mediator").person(linkedPerson).holding(Role.MEDIATOR, "440784001")
                .build();
        DisputeView accepted = act(self, chosen2, new DisputeCommand.Accept("愿意调解"));
        assertThat(accepted.state()).isEqualTo(DisputeState.MEDIATING);
        assertThat(accepted.mediatorId()).isEqualTo(own);
        assertThat(M.call(() -> menu.mediator(own)).open()).isEqualTo(1);
        assertThat(events.stream(MediationEvents.MediatorDeclined.class).filter(e -> e.disputeId() == d.id()))
                .singleElement().satisfies(e -> assertThat(e.declineCode())
                        .isEqualTo(Vocabulary.DeclineCode.NO_CAPACITY));
    }

    @Test
    void aRoomIsNeverDoubleBooked() {
        long station = kit.site(Tier.POLICE_TOWN, "POLICE_STATION", "440784001", "派出所");
        long room = kit.room(station, "MEDIATION");
        DisputeView a = act(M, kit.register(M, MediationTestKit.GRID_A, "NEIGHBOUR", "甲", null, 2, station, null,
                List.of(MediationTestKit.worker("甲", null, null, 1))), new DisputeCommand.TakeUp(null));
        DisputeView b = act(M, kit.register(M, MediationTestKit.GRID_A, "NEIGHBOUR", "乙", null, 2, station, null,
                List.of(MediationTestKit.worker("乙", null, null, 1))), new DisputeCommand.TakeUp(null));
        Instant start = LocalDate.now(WorkingCalendar.ZONE).plusDays(3).atTime(9, 0).atZone(WorkingCalendar.ZONE)
                .toInstant();
        DisputeView booked = act(M, a, new DisputeCommand.BookSession(room, null, start,
                start.plus(Duration.ofHours(2))));
        assertThat(booked.sessions()).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo("BOOKED"));
        assertThatThrownBy(() -> act(M, b, new DisputeCommand.BookSession(room, null, start.plus(Duration.ofHours(1)),
                start.plus(Duration.ofHours(3))))).isInstanceOf(ConflictException.class);
        // the database refuses an overlap even when the check is bypassed
        assertThatThrownBy(() -> jdbc.sql("""
                        insert into mediation_session (dispute_id, room_id, starts_at, ends_at, tier, status, booked_at,
                                                       booked_by)
                        values (?, ?, ?, ?, 'POLICE_TOWN', 'BOOKED', now(), 'test')""")
                .params(b.id(), room, DisputeStore.ts(start.plus(Duration.ofMinutes(30))),
                        DisputeStore.ts(start.plus(Duration.ofHours(1)))).update())
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        // right after is free
        DisputeView bookedB = act(M, b, new DisputeCommand.BookSession(room, null, start.plus(Duration.ofHours(2)),
                start.plus(Duration.ofHours(3))));
        assertThat(bookedB.sessions()).hasSize(1);
        // a cancelled booking frees the room
        DisputeView cancelled = act(M, booked, new DisputeCommand.CancelSession(booked.sessions().getFirst().id(),
                "当事人改期"));
        assertThat(cancelled.sessions().getFirst().status()).isEqualTo("CANCELLED");
        act(M, bookedB, new DisputeCommand.BookSession(room, null, start, start.plus(Duration.ofHours(1))));
    }

    @Test
    void threatsInASessionRecordRaiseAWarningTheNamedLeaderAcknowledgesAndHandles() {
        long station = kit.site(Tier.POLICE_TOWN, "POLICE_STATION", "440784001", "派出所");
        DisputeView d = act(M, kit.register(M, MediationTestKit.GRID_A, "NEIGHBOUR", "漏水", null, 2, station, null,
                List.of(MediationTestKit.worker("赵六", null, null, 1))), new DisputeCommand.TakeUp(null));
        assertThat(d.warnings()).noneMatch(w -> w.ruleCode().equals("THREAT-WORDS"));
        Instant start = Instant.now().minus(Duration.ofHours(2));
        DisputeView booked = act(M, d, new DisputeCommand.BookSession(null, "当事人家中", start,
                start.plus(Duration.ofHours(1))));
        DisputeView held = act(M, booked, new DisputeCommand.HoldSession(booked.sessions().getFirst().id(),
                "赵六、邻居钱七、调解员", null, "钱七情绪激动，扬言要报复对方"));
        DisputeView.Warning w = held.warnings().stream().filter(x -> x.ruleCode().equals("THREAT-WORDS"))
                .findFirst().orElseThrow();
        assertThat(w.level()).isEqualTo("MAJOR");
        assertThat(w.finding()).contains("扬言").contains("报复");
        String shapingLeader = jdbc.sql("""
                        select p.name from account a join person p on p.id = a.person_id
                        where a.username = 'shaping.leader'""").query(String.class).single();
        assertThat(w.assigneeName()).isEqualTo(shapingLeader);
        assertThat(held.sessions().getFirst().attendeeCount()).isEqualTo(3);
        // a mediator may not handle warnings; the town's leader may
        assertThatThrownBy(() -> act(M, held, new DisputeCommand.AcknowledgeWarning(w.id(), null)))
                .isInstanceOf(AccessDeniedException.class);
        DisputeView acked = act(LEADER, held, new DisputeCommand.AcknowledgeWarning(w.id(), "已知悉"));
        assertThatThrownBy(() -> act(LEADER, acked, new DisputeCommand.HandleWarning(w.id(), "")))
                .isInstanceOf(InvalidRequestException.class);
        DisputeView handled = act(LEADER, acked, new DisputeCommand.HandleWarning(w.id(),
                "约谈钱七并由社区民警跟进，双方情绪稳定"));
        assertThat(handled.warnings()).filteredOn(x -> x.id() == w.id()).singleElement()
                .satisfies(x -> assertThat(x.state()).isEqualTo("HANDLED"));
        assertThat(events.stream(MediationEvents.WarningHandled.class).filter(e -> e.warningId() == w.id()))
                .singleElement().satisfies(e -> assertThat(e.onTime()).isTrue());
    }

    @Test
    void aSignedAgreementSettlesTheDisputeAndTheCourtConfirmsItWithinThirtyDays() {
        long station = kit.site(Tier.POLICE_TOWN, "POLICE_STATION", "440784001", "派出所");
        DisputeView d = act(M, kit.register(M, MediationTestKit.GRID_A, "CONTRACT_DEBT", "欠款", new BigDecimal("20000"),
                2, station, null, List.of(MediationTestKit.worker("孙八", MediationTestKit.idNumber(8), "13700001111", 1))),
                new DisputeCommand.TakeUp(null));
        assertThatThrownBy(() -> act(M, d, new DisputeCommand.SignAgreement(null))).isInstanceOf(ConflictException.class);
        LocalDate deadline = LocalDate.now(WorkingCalendar.ZONE).plusDays(20);
        DisputeView drafted = act(M, d, new DisputeCommand.DraftAgreement(false, "事实", "争议事项", "责任", "分两期还款",
                "银行转账", deadline));
        // the agreement names both parties
        assertThatThrownBy(() -> act(M, drafted, new DisputeCommand.SignAgreement(null)))
                .isInstanceOf(ConflictException.class);
        DisputeView withParty = act(M, drafted, new DisputeCommand.AddParty(MediationTestKit.company("某某公司")));
        DisputeView signed = act(M, withParty, new DisputeCommand.SignAgreement("双方签字捺印"));
        assertThat(signed.state()).isEqualTo(DisputeState.CLOSED);
        assertThat(signed.outcome()).isEqualTo(Outcome.SETTLED);
        assertThat(signed.agreement().signed()).isTrue();
        assertThat(Duration.between(signed.agreement().signedAt(), signed.agreement().confirmBy()))
                .isEqualTo(Duration.ofDays(30));
        long court = jdbc.sql("select id from organisation where code = '440784-DEPT-FY'").query(Long.class).single();
        assertThat(M.call(() -> workflow.courtsFor(d.areaCode()))).extracting(h -> h.organisationId()).contains(court);
        DisputeView applied = act(M, signed, new DisputeCommand.ApplyConfirmation(court, "双方共同申请"));
        assertThat(applied.agreement().confirmation().status()).isEqualTo("APPLIED");
        // only the court's liaison records the court's steps
        assertThatThrownBy(() -> act(M, applied, new DisputeCommand.CourtAccept(true, "(2026)粤0784民特1号", null)))
                .isInstanceOf(AccessDeniedException.class);
        TestUsers.User otherCourt = TestUsers.user("flow.othercourt").holding(Role.COURT_LIAISON, "440784", court + 999)
                .build();
        assertThatThrownBy(() -> act(otherCourt, applied, new DisputeCommand.CourtAccept(true, "x", null)))
                .isInstanceOf(AccessDeniedException.class);
        TestUsers.User liaison = TestUsers.user("flow.court").holding(Role.COURT_LIAISON, "440784", court).build();
        assertThatThrownBy(() -> act(liaison, applied, new DisputeCommand.CourtAccept(true, " ", null)))
                .isInstanceOf(InvalidRequestException.class);
        DisputeView accepted = act(liaison, applied, new DisputeCommand.CourtAccept(true, "(2026)粤0784民特1号", null));
        DisputeView confirmed = act(liaison, accepted, new DisputeCommand.CourtDecide(true, "协议有效"));
        assertThat(confirmed.agreement().confirmation().status()).isEqualTo("CONFIRMED");
        assertThat(confirmed.agreement().confirmation().courtCaseNumber()).isEqualTo("(2026)粤0784民特1号");
        assertThat(events.stream(MediationEvents.OutcomeRecorded.class).filter(e -> e.disputeId() == d.id()))
                .singleElement().satisfies(e -> assertThat(e.resolved()).isTrue());
    }

    @Test
    void afterThirtyDaysNobodyCanApplyForJudicialConfirmation() {
        long station = kit.site(Tier.POLICE_TOWN, "POLICE_STATION", "440784001", "派出所");
        DisputeView d = act(M, kit.register(M, MediationTestKit.GRID_A, "NEIGHBOUR", "迟", null, 2, station, null,
                List.of(MediationTestKit.worker("周九", null, null, 1), MediationTestKit.company("物业公司"))),
                new DisputeCommand.TakeUp(null));
        DisputeView drafted = act(M, d, new DisputeCommand.DraftAgreement(true, "事实", "事项", null, "条款", "当场履行",
                LocalDate.now(WorkingCalendar.ZONE).plusDays(1)));
        DisputeView signed = act(M, drafted, new DisputeCommand.SignAgreement(null));
        assertThat(signed.outcome()).isEqualTo(Outcome.PARTLY_SETTLED);
        long court = jdbc.sql("select id from organisation where code = '440784-DEPT-FY'").query(Long.class).single();
        DisputeView late = DemoTime.at(Instant.now().plus(Duration.ofDays(31)), () -> M.call(() -> disputes.find(d.id())));
        assertThat(late.may("APPLY_CONFIRMATION")).isFalse();
        assertThatThrownBy(() -> DemoTime.at(Instant.now().plus(Duration.ofDays(31)),
                () -> act(M, late, new DisputeCommand.ApplyConfirmation(court, null))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("30 days");
    }

    @Test
    void unmaskingAPartyNeedsThePermissionAndAReasonAndIsAuditedEveryReadToo() {
        DisputeView d = kit.register(M, MediationTestKit.GRID_A, "FAMILY", "赡养", null, 2, null, null,
                List.of(MediationTestKit.worker("吴十", MediationTestKit.idNumber(10), "13600002222", 1)));
        long partyId = d.parties().getFirst().id();
        long before = count("DISPUTE_PARTIES_READ", d.number());
        M.call(() -> disputes.find(d.id()));
        M.call(() -> disputes.parties(d.id()));
        assertThat(count("DISPUTE_PARTIES_READ", d.number())).isEqualTo(before + 2);

        TestUsers.User clerk = TestUsers.with("flow.clerk", Role.INTAKE_CLERK, "440784001");
        assertThatThrownBy(() -> clerk.call(() -> disputes.unmask(d.id(), partyId, "核实身份")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> M.call(() -> disputes.unmask(d.id(), partyId, "")))
                .isInstanceOf(InvalidRequestException.class);
        Disputes.Unmasked u = M.call(() -> disputes.unmask(d.id(), partyId, "电话通知当事人到场"));
        assertThat(u.idNumber()).isEqualTo(MediationTestKit.idNumber(10));
        assertThat(u.phone()).isEqualTo("13600002222");
        assertThat(jdbc.sql("""
                        select count(*) from audit_event where action = 'DISPUTE_PARTY_UNMASK' and outcome = 'SUCCESS'
                          and target like ? and detail like '%电话通知当事人到场%'""")
                .param("dispute:" + d.number() + "%").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from audit_event where action = 'DISPUTE_PARTY_UNMASK' and outcome = 'DENIED'
                          and target like ?""")
                .param("dispute:" + d.id() + " %").query(Long.class).single()).isEqualTo(2);
        // outside the reader's area the dispute does not exist
        TestUsers.User gonghe = TestUsers.with("flow.gonghe", Role.MEDIATOR, "440784106");
        assertThatThrownBy(() -> gonghe.call(() -> disputes.find(d.id())))
                .isInstanceOf(org.fengqiao.platform.NotFoundException.class);
        assertThat(gonghe.call(() -> disputes.list(Disputes.Filter.of(Disputes.View.ALL), null, 200)))
                .noneMatch(r -> r.id() == d.id());
    }

    private long count(String action, String number) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?")
                .params(action, "dispute:" + number).query(Long.class).single();
    }
}
