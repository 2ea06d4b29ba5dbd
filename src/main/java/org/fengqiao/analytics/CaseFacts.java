package org.fengqiao.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.fengqiao.cases.CaseEvents;
import org.fengqiao.platform.Hashing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/**
 * The read model of cases: every case event is kept once ({@code analytics_case_step}), and the case's row, its
 * dispatches and its verifications are the fold of its steps in the order they happened. A redelivered event
 * changes nothing; events handled out of order give the same row; the rollups move by the row's difference.
 */
@Repository
class CaseFacts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Rollups rollups;

    CaseFacts(JdbcClient jdbc, Rollups rollups) {
        this.jdbc = jdbc;
        this.rollups = rollups;
    }

    /** Hears one event; false when it had been heard before. Runs in the caller's transaction. */
    boolean heard(CaseEvents.CaseEvent e) {
        String kind = e.getClass().getSimpleName();
        String payload = JSON.writeValueAsString(e);
        int inserted = jdbc.sql("""
                        insert into analytics_case_step (case_id, event_key, at, rank, kind, payload)
                        values (?, ?, ?, ?, ?, ?) on conflict (event_key) do nothing""")
                .params(e.caseId(), Hashing.sha256(kind + payload), ts(e.at()), CaseFold.rank(e), kind, payload)
                .update();
        if (inserted == 0) {
            return false;
        }
        refold(e.caseId());
        return true;
    }

    /** Folds the case's steps again into its rows and moves the rollups by the difference. */
    void refold(long caseId) {
        jdbc.sql("insert into analytics_case (case_id) values (?) on conflict do nothing").param(caseId).update();
        jdbc.sql("select case_id from analytics_case where case_id = ? for update").param(caseId).query(Long.class)
                .single();
        var before = rollups.rowsOf(Measures.Filter.ofCase(), caseId);
        var nowBefore = rollups.nowOf(caseId);
        CaseFold f = baseline(caseId);
        for (CaseEvents.CaseEvent step : steps(caseId)) {
            f.apply(step);
        }
        write(caseId, f);
        rollups.apply(before, rollups.rowsOf(Measures.Filter.ofCase(), caseId));
        rollups.applyNow(nowBefore, rollups.nowOf(caseId));
    }

    /** An empty fold, or for a case a bulk path wrote, its rows as they were before the first event heard. */
    private CaseFold baseline(long caseId) {
        if (!jdbc.sql("select bulk from analytics_case where case_id = ?").param(caseId).query(Boolean.class)
                .single()) {
            return new CaseFold();
        }
        jdbc.sql("""
                        insert into analytics_case_baseline (case_id, snapshot)
                        select c.case_id, jsonb_build_object('case', to_jsonb(c),
                            'dispatches', coalesce((select jsonb_agg(to_jsonb(d) order by d.seq) from analytics_dispatch d
                                                    where d.case_id = c.case_id), '[]'::jsonb),
                            'verifications', coalesce((select jsonb_agg(to_jsonb(v) order by v.seq)
                                                       from analytics_verification v where v.case_id = c.case_id),
                                                      '[]'::jsonb))
                        from analytics_case c where c.case_id = ?
                        on conflict (case_id) do nothing""").param(caseId).update();
        String snapshot = jdbc.sql("select snapshot::text from analytics_case_baseline where case_id = ?")
                .param(caseId).query(String.class).single();
        return CaseFold.from(JSON.readTree(snapshot));
    }

    private List<CaseEvents.CaseEvent> steps(long caseId) {
        return jdbc.sql("select kind, payload from analytics_case_step where case_id = ? order by at, rank, id")
                .param(caseId)
                .query((rs, n) -> (CaseEvents.CaseEvent) JSON.readValue(rs.getString(2), type(rs.getString(1))))
                .list();
    }

    private static Class<?> type(String kind) {
        for (Class<?> c : CaseEvents.class.getDeclaredClasses()) {
            if (c.getSimpleName().equals(kind)) {
                return c;
            }
        }
        throw new IllegalStateException("Unknown case event " + kind);
    }

    private void write(long caseId, CaseFold f) {
        jdbc.sql("""
                        update analytics_case set number = ?, area_code = ?, category_code = ?, dispute = ?,
                          channel = ?, report_id = ?, state = ?, opened_at = ?, lead_org_id = ?, lead_org_name = ?,
                          first_dispatched_at = ?, handle_due = ?, closed_at = ?, closing_kind = ?, rating = ?,
                          rated_at = ?, supervised = ?, dispatch_count = ?, return_count = ?, rework_count = ?
                        where case_id = ?""")
                .params(f.number, f.areaCode, f.categoryCode, f.dispute, f.channel, f.reportId, f.state,
                        ts(f.openedAt), f.leadOrgId, f.leadOrgName, ts(f.firstDispatchedAt), ts(f.handleDue),
                        ts(f.closedAt), f.closingKind, f.rating, ts(f.ratedAt), f.supervised, f.dispatchCount,
                        f.returnCount, f.reworkCount, caseId)
                .update();
        jdbc.sql("delete from analytics_dispatch where case_id = ?").param(caseId).update();
        int seq = 0;
        for (CaseFold.Dispatch d : f.dispatches) {
            jdbc.sql("""
                            insert into analytics_dispatch (case_id, seq, area_code, category_code, org_id, org_name,
                                                            dispatched_at, returned_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(caseId, ++seq, f.areaCode, f.categoryCode, d.orgId, d.orgName, ts(d.at), ts(d.returnedAt))
                    .update();
        }
        jdbc.sql("delete from analytics_verification where case_id = ?").param(caseId).update();
        seq = 0;
        for (CaseFold.Verification v : f.verifications) {
            jdbc.sql("""
                            insert into analytics_verification (case_id, seq, area_code, category_code, at, passed)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(caseId, ++seq, f.areaCode, f.categoryCode, ts(v.at()), v.passed()).update();
        }
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
