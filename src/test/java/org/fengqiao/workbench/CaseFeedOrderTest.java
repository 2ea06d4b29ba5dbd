package org.fengqiao.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.fengqiao.cases.CaseEvents;
import org.fengqiao.cases.CaseState;
import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.ReportSubmitted;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A publication may be redelivered or handled out of order: the read model must end where the events handled in
 * order leave it. Every prefix of a case's life, applied shuffled and with duplicates, gives the same row as the
 * same prefix applied once in order.
 */
@IntegrationTest
class CaseFeedOrderTest {

    /** Ids far above the demo's and other tests' cases and reports. */
    private static final AtomicLong IDS = new AtomicLong(9_000_000_000L + new Random().nextInt(1_000_000) * 1000L);

    @Autowired
    CaseFeed caseFeed;
    @Autowired
    ReportFeed reportFeed;
    @Autowired
    JdbcClient jdbc;

    private static final Instant T0 = Instant.parse("2026-11-02T01:00:00Z");

    /** A case's life with a return, an extension, supervision, rework, closing, reopening and escalation. */
    static List<CaseEvents.CaseEvent> life(long id) {
        String n = "440784-20261102-" + id % 1_000_000;
        String area = "999999001001001";
        String cat = "MKT-UNLICENSED";
        List<CaseEvents.CaseEvent> events = new ArrayList<>();
        Instant[] t = new Instant[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0.plus(Duration.ofMinutes(17L * i)).plus(i, ChronoUnit.MICROS);
        }
        events.add(new CaseEvents.CaseOpened(id, n, area, cat, t[0], "intake", CaseState.REGISTERED, false,
                "无证经营 " + id, 1L, "PATROL", t[0], true));
        events.add(new CaseEvents.CaseDispatched(id, n, area, cat, t[1], "disp", CaseState.DISPATCHED, 11L, "市场局",
                List.of(12L), t[1].plus(Duration.ofHours(2)), t[1].plus(Duration.ofDays(10)), 1));
        events.add(new CaseEvents.CaseReturned(id, n, area, cat, t[2], "dept", CaseState.RETURNED, 11L, "市场局",
                "不属于本单位"));
        events.add(new CaseEvents.CaseDispatched(id, n, area, cat, t[3], "disp", CaseState.DISPATCHED, 13L, "城管局",
                List.of(), t[3].plus(Duration.ofHours(2)), t[3].plus(Duration.ofDays(5)), 2));
        events.add(new CaseEvents.CaseSigned(id, n, area, cat, t[4], "dept", CaseState.IN_PROGRESS, 13L, "城管局",
                true));
        events.add(new CaseEvents.CaseExtensionRequested(id, n, area, cat, t[5], "dept", CaseState.IN_PROGRESS, 13L,
                "需要更多时间"));
        events.add(new CaseEvents.CaseSupervised(id, n, area, cat, t[6], "system", CaseState.IN_PROGRESS,
                "OVERDUE_HANDLE", "HANDLE", 13L));
        events.add(new CaseEvents.CaseExtensionDecided(id, n, area, cat, t[7], "lead", CaseState.IN_PROGRESS, true,
                t[3].plus(Duration.ofDays(8)), "同意", 13L));
        events.add(new CaseEvents.CaseUrged(id, n, area, cat, t[8], "disp", CaseState.IN_PROGRESS, "快", 13L));
        events.add(new CaseEvents.CaseFedBack(id, n, area, cat, t[9], "dept", CaseState.FED_BACK, 13L,
                t[9].plus(Duration.ofDays(1)), true));
        events.add(new CaseEvents.CaseVerified(id, n, area, cat, t[10], "grid", CaseState.REWORK, false, "未整改",
                13L));
        events.add(new CaseEvents.CaseBacklogged(id, n, area, cat, t[11], "lead", CaseState.BACKLOG, "待汛期后", 13L));
        events.add(new CaseEvents.CaseResumed(id, n, area, cat, t[12], "lead", CaseState.IN_PROGRESS, null, 13L));
        events.add(new CaseEvents.CaseFedBack(id, n, area, cat, t[13], "dept", CaseState.FED_BACK, 13L,
                t[13].plus(Duration.ofDays(1)), true));
        events.add(new CaseEvents.CaseVerified(id, n, area, cat, t[14], "grid", CaseState.CLOSED, true, "已整改",
                13L));
        events.add(new CaseEvents.CaseClosed(id, n, area, cat, t[14], "grid", CaseState.CLOSED, "VERIFIED", false,
                t[0], t[1], t[3].plus(Duration.ofDays(8)), true, 13L, 2, 1, 1));
        events.add(new CaseEvents.CaseRated(id, n, area, cat, t[15], "intake", CaseState.CLOSED, "DISSATISFIED",
                false, 13L));
        events.add(new CaseEvents.CaseReopened(id, n, area, cat, t[16], "lead", CaseState.REGISTERED, "问题复现"));
        events.add(new CaseEvents.CaseDispatched(id, n, area, cat, t[17], "disp", CaseState.DISPATCHED, 11L, "市场局",
                List.of(13L), t[17].plus(Duration.ofHours(2)), t[17].plus(Duration.ofDays(10)), 3));
        events.add(new CaseEvents.CaseSigned(id, n, area, cat, t[18], "dept", CaseState.IN_PROGRESS, 11L, "市场局",
                true));
        events.add(new CaseEvents.CaseExtensionRequested(id, n, area, cat, t[19], "dept", CaseState.IN_PROGRESS,
                11L, "再议"));
        events.add(new CaseEvents.CaseEscalated(id, n, area, cat, t[19].plusSeconds(60), "disp",
                CaseState.REGISTERED, "县级协调"));
        return events;
    }

    @Test
    void everyPrefixOfACaseShuffledAndRepeatedEndsWhereItEndsInOrder() {
        Random random = new Random(20261127);
        int prefixes = life(0).size();
        for (int trial = 0; trial < 3 * prefixes; trial++) {
            int k = 1 + trial % prefixes;
            long inOrder = IDS.incrementAndGet();
            long shuffled = IDS.incrementAndGet();
            life(inOrder).subList(0, k).forEach(e -> caseFeed.apply(CaseFeed.changeOf(e)));
            List<CaseEvents.CaseEvent> mixed = new ArrayList<>(life(shuffled).subList(0, k));
            for (int d = random.nextInt(4); d > 0; d--) {
                mixed.add(mixed.get(random.nextInt(mixed.size())));
            }
            Collections.shuffle(mixed, random);
            mixed.forEach(e -> caseFeed.apply(CaseFeed.changeOf(e)));
            assertThat(row(shuffled)).as("after %d events, shuffled %s", k, mixed.stream()
                    .map(e -> e.getClass().getSimpleName()).toList()).isEqualTo(row(inOrder));
        }
    }

    @Test
    void theFullLifeLeavesWhatTheLastStepsSay() {
        long id = IDS.incrementAndGet();
        List<CaseEvents.CaseEvent> events = new ArrayList<>(life(id));
        Collections.reverse(events);
        events.forEach(e -> caseFeed.apply(CaseFeed.changeOf(e)));
        Map<String, Object> r = row(id);
        // escalated after the third dispatch: registered again, no department, no deadline, extension cleared
        assertThat(r.get("state")).isEqualTo("REGISTERED");
        assertThat(r.get("lead_org_id")).isNull();
        assertThat(r.get("due")).isNull();
        assertThat(r.get("extension_pending")).isEqualTo(false);
        // the reopening cleared the supervision; the first return is still remembered
        assertThat(r.get("supervised")).isEqualTo(false);
        assertThat(r.get("returned_by")).isEqualTo("市场局");
        assertThat(jdbc.sql("select summary from wb_case where case_id = ?").param(id).query(String.class).single())
                .isEqualTo("无证经营 " + id);
        // and the middle of the life, replayed late, changes none of it
        life(id).subList(3, 10).forEach(e -> caseFeed.apply(CaseFeed.changeOf(e)));
        assertThat(row(id)).isEqualTo(r);
    }

    @Test
    void aDecisionHandledBeforeItsReportKeepsItsStatus() {
        long id = IDS.incrementAndGet();
        Instant at = Instant.parse("2026-11-02T02:00:00Z");
        reportFeed.decided(new ReportDecided(id, ReportStatus.ACCEPTED, 77L, "440784-20261102-000077", null,
                at.plusSeconds(600), "county.intake"));
        reportFeed.submitted(new ReportSubmitted(id, ReportChannel.PATROL, "ENV-DUMPING", "440784001001001", false, at,
                at.plusSeconds(3600), "垃圾堆放", null, null, "凤凰路1号", "凤凰社区第1网格", "grid.a", List.of(), null, null));
        reportFeed.decided(new ReportDecided(id, ReportStatus.ACCEPTED, 77L, "440784-20261102-000077", null,
                at.plusSeconds(600), "county.intake"));
        Map<String, Object> r = jdbc.sql("select status, area_code, case_id, submitted_by from wb_report"
                + " where report_id = ?").param(id).query().singleRow();
        assertThat(r).containsEntry("status", "ACCEPTED").containsEntry("area_code", "440784001001001")
                .containsEntry("case_id", 77L).containsEntry("submitted_by", "grid.a");
    }

    private Map<String, Object> row(long id) {
        Map<String, Object> r = new TreeMap<>(jdbc.sql("select * from wb_case where case_id = ?").param(id).query()
                .singleRow());
        r.remove("case_id");
        r.remove("number");
        r.remove("summary");
        r.replaceAll((k, v) -> {
            try {
                return v instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : v;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return r;
    }
}
