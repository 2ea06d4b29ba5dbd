package org.fengqiao.analytics;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportSubmitted;
import org.fengqiao.platform.BatchColumns;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static org.fengqiao.analytics.CaseFacts.ts;

/**
 * The read model of reports: what arrived (channel, category, area, time, point, who submitted it) and how the
 * center decided. Both events only fill in what they know and the latest decision wins, so a redelivered or late
 * event leaves the same row; the rollups move by the row's difference.
 */
@Repository
class ReportFacts {

    private final JdbcClient jdbc;
    private final Rollups rollups;

    ReportFacts(JdbcClient jdbc, Rollups rollups) {
        this.jdbc = jdbc;
        this.rollups = rollups;
    }

    void submitted(ReportSubmitted e) {
        submitted(List.of(e));
    }

    /**
     * A batch of reports in one transaction: their rows are written in one statement, the rollups move once by the
     * batch's whole difference (a few upserts for the batch instead of eight grains per report).
     */
    void submitted(List<ReportSubmitted> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Long[] ids = batch.stream().map(ReportSubmitted::reportId).sorted().distinct().toArray(Long[]::new);
        Set<Long> fresh = new HashSet<>(jdbc.sql("""
                        insert into analytics_report (report_id) select unnest(?::bigint[]) order by 1
                        on conflict do nothing returning report_id""")
                .param(ids).query(Long.class).list());
        // rows already there (a redelivery, or a decision heard first) contribute now: lock them, read what they add
        Long[] known = Arrays.stream(ids).filter(id -> !fresh.contains(id)).toArray(Long[]::new);
        Map<Rollups.Key, long[]> before = Map.of();
        if (known.length > 0) {
            jdbc.sql("select report_id from analytics_report where report_id = any(?) order by 1 for update")
                    .param(known).query(Long.class).list();
            before = rollups.rowsOfReports(known);
        }
        updateAll(batch);
        rollups.apply(before, rollups.rowsOfReports(ids));
    }

    /** The reports' facts, for every report of a batch in one statement. */
    private void updateAll(List<ReportSubmitted> batch) {
        Object[] columns = BatchColumns.of(batch).id(ReportSubmitted::reportId).text(ReportSubmitted::areaCode)
                .text(ReportSubmitted::categoryCode).text(ReportSubmitted::channel).text(ReportSubmitted::receivedAt)
                .text(ReportSubmitted::acceptDue).text(ReportSubmitted::lon).text(ReportSubmitted::lat)
                .text(ReportSubmitted::submittedBy).text(e -> e.solvedOnSpot() ? "SOLVED_ON_SPOT" : "PENDING")
                .params();
        jdbc.sql("""
                        update analytics_report a set area_code = v.area, category_code = v.category,
                          channel = v.channel, received_at = v.received::timestamptz, accept_due = v.due::timestamptz,
                          lon = v.lon::float8, lat = v.lat::float8, submitted_by = v.submitter,
                          status = coalesce(a.status, v.status)
                        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[])
                             as v(id, area, category, channel, received, due, lon, lat, submitter, status)
                        where a.report_id = v.id""")
                .params(columns).update();
    }

    void decided(ReportDecided e) {
        change(e.reportId(), () -> jdbc.sql("""
                        update analytics_report set status = ?, decided_at = ?, case_id = ?
                        where report_id = ? and (decided_at is null or decided_at <= ?)""")
                .params(e.decision().name(), ts(e.at()), e.caseId(), e.reportId(), ts(e.at())).update());
    }

    private void change(long reportId, Runnable update) {
        boolean fresh = jdbc.sql("insert into analytics_report (report_id) values (?) on conflict do nothing"
                + " returning report_id").param(reportId).query(Long.class).optional().isPresent();
        // a row this transaction just inserted is locked by the insert and holds nothing yet (no time, no area): it
        // contributes no rollup rows, so neither the lock nor its rows need reading (the usual case, a report's
        // first event)
        Map<Rollups.Key, long[]> before = Map.of();
        if (!fresh) {
            jdbc.sql("select report_id from analytics_report where report_id = ? for update").param(reportId)
                    .query(Long.class).single();
            before = rollups.rowsOf(Measures.Filter.ofReport(), reportId);
        }
        update.run();
        rollups.apply(before, rollups.rowsOf(Measures.Filter.ofReport(), reportId));
    }
}
