package org.fengqiao.publicchannel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.cases.CaseEvents;
import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.ReportSubmitted;
import org.fengqiao.intake.ReportsSubmitted;
import org.fengqiao.intake.ReportView;
import org.fengqiao.platform.BatchDelivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

import static org.fengqiao.publicchannel.PublicProgress.utc;

/**
 * Keeps the public tracking read model ({@link PublicProgress}) from intake's and cases' events, after their
 * transactions committed. Every write is idempotent and order-proof: a step is inserted once per (owner, time,
 * code), and each current value of a case (state, department, expected time, closing) moves only forward in time,
 * so a redelivered or late event changes nothing it should not.
 */
@Component
class PublicProgressFeed {

    /** A department name is shown with the dispatch step only when it is short enough to be a name. */
    private static final int MAX_AGENCY_NOTE = 120;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    PublicProgressFeed(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    // ---- reports ----

    /**
     * A batch of reports, in one transaction (the usual way reports arrive): the reports without photos in two
     * statements, the others one by one (their photo lists do not go into one array). Should the batch fail, each
     * report in a transaction of its own ({@link BatchDelivery}).
     */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ReportsSubmitted batch) {
        deliver(batch);
    }

    void deliver(ReportsSubmitted batch) {
        BatchDelivery.deliver(tx, batch.reports(), this::receivedBatch, this::received);
    }

    private void receivedBatch(List<ReportSubmitted> reports) {
        List<ReportSubmitted> plain = new ArrayList<>();
        for (ReportSubmitted e : reports) {
            if (e.photoIds().isEmpty()) {
                plain.add(e);
            } else {
                received(e);
            }
        }
        if (!plain.isEmpty()) {
            receivedAll(plain);
        }
    }

    /** What {@link #received(ReportSubmitted)} writes, for reports without photos, in two statements. */
    private void receivedAll(List<ReportSubmitted> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        String[][] text = new String[10][n];
        List<Long> stepIds = new ArrayList<>();
        List<String> stepAt = new ArrayList<>();
        List<String> stepCode = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ReportSubmitted e = batch.get(i);
            String received = e.receivedAt().toString();
            ids[i] = e.reportId();
            text[0][i] = e.channel().name();
            text[1][i] = e.categoryCode();
            text[2][i] = e.description();
            text[3][i] = e.areaCode();
            text[4][i] = e.lon() == null ? null : Double.toString(e.lon());
            text[5][i] = e.lat() == null ? null : Double.toString(e.lat());
            text[6][i] = e.address();
            text[7][i] = received;
            text[8][i] = e.acceptDue() == null ? null : e.acceptDue().toString();
            text[9][i] = e.solvedOnSpot() ? ReportStatus.SOLVED_ON_SPOT.name() : ReportStatus.PENDING.name();
            stepIds.add(e.reportId());
            stepAt.add(received);
            stepCode.add("RECEIVED");
            if (e.solvedOnSpot()) {
                stepIds.add(e.reportId());
                stepAt.add(received);
                stepCode.add(ReportStatus.SOLVED_ON_SPOT.name());
            }
        }
        // as received(…): a decision may have been handled first, and then keeps its status and case
        jdbc.sql("""
                        insert into public_progress (report_id, channel, category_code, description, area_code, lon, lat,
                                                     address, received_at, accept_due, photo_ids, report_status,
                                                     decided_at)
                        select id, channel, category, description, area, lon::float8, lat::float8, address,
                               received::timestamptz, due::timestamptz, '{}', status,
                               case when status = 'SOLVED_ON_SPOT' then received::timestamptz end
                        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[])
                             as v(id, channel, category, description, area, lon, lat, address, received, due, status)
                        order by id
                        on conflict (report_id) do update set channel = excluded.channel,
                          category_code = excluded.category_code, description = excluded.description,
                          area_code = excluded.area_code, lon = excluded.lon, lat = excluded.lat,
                          address = excluded.address, received_at = excluded.received_at,
                          accept_due = excluded.accept_due, photo_ids = excluded.photo_ids""")
                .params(ids, text[0], text[1], text[2], text[3], text[4], text[5], text[6], text[7], text[8],
                        text[9])
                .update();
        jdbc.sql("""
                        insert into public_step (report_id, at, code)
                        select id, at::timestamptz, code from unnest(?::bigint[], ?::text[], ?::text[]) as v(id, at, code)
                        on conflict do nothing""")
                .params(stepIds.toArray(Long[]::new), stepAt.toArray(String[]::new), stepCode.toArray(String[]::new))
                .update();
    }

    /** Kept for publications an earlier release stored before reports were announced in batches. */
    @ApplicationModuleListener
    void on(ReportSubmitted e) {
        received(e);
    }

    private void received(ReportSubmitted e) {
        received(e.reportId(), e.channel().name(), e.categoryCode(), e.description(), e.areaCode(), e.lon(), e.lat(),
                e.address(), e.receivedAt(), e.acceptDue(), e.photoIds(), e.solvedOnSpot());
    }

    /**
     * A report this module took itself (a QR report): written in the submitting transaction, so that the tracking
     * page the resident is sent to works at once rather than after the event is delivered. The event's write later
     * is the same write again.
     */
    void receivedHere(ReportView r) {
        received(r.id(), r.channel().name(), r.categoryCode(), r.description(), r.areaCode(), r.lon(), r.lat(),
                r.address(), r.receivedAt(), r.acceptDue(), r.photos().stream().map(ReportView.Photo::id).toList(),
                r.status() == ReportStatus.SOLVED_ON_SPOT);
    }

    private void received(long reportId, String channel, String categoryCode, String description, String areaCode,
                          Double lon, Double lat, String address, Instant receivedAt, Instant acceptDue,
                          java.util.List<java.util.UUID> photoIds, boolean solvedOnSpot) {
        String status = solvedOnSpot ? ReportStatus.SOLVED_ON_SPOT.name() : ReportStatus.PENDING.name();
        // a decision may have been handled first: then it keeps its status and case
        jdbc.sql("""
                        insert into public_progress (report_id, channel, category_code, description, area_code, lon, lat,
                                                     address, received_at, accept_due, photo_ids, report_status,
                                                     decided_at)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?)
                        on conflict (report_id) do update set channel = excluded.channel,
                          category_code = excluded.category_code, description = excluded.description,
                          area_code = excluded.area_code, lon = excluded.lon, lat = excluded.lat,
                          address = excluded.address, received_at = excluded.received_at,
                          accept_due = excluded.accept_due, photo_ids = excluded.photo_ids""")
                .params(reportId, channel, categoryCode, description, areaCode, lon, lat, address, utc(receivedAt),
                        utc(acceptDue), photoIds.toArray(java.util.UUID[]::new), status,
                        solvedOnSpot ? utc(receivedAt) : null)
                .update();
        reportStep(reportId, receivedAt, "RECEIVED", null);
        if (solvedOnSpot) {
            reportStep(reportId, receivedAt, ReportStatus.SOLVED_ON_SPOT.name(), null);
        }
    }

    @ApplicationModuleListener
    void on(ReportDecided d) {
        jdbc.sql("""
                        insert into public_progress (report_id, report_status, decided_at, case_id) values (?,?,?,?)
                        on conflict (report_id) do update set report_status = excluded.report_status,
                          decided_at = excluded.decided_at, case_id = excluded.case_id""")
                .params(d.reportId(), d.decision().name(), utc(d.at()), d.caseId()).update();
        if (d.decision() != ReportStatus.ACCEPTED) {
            // an accepted report shows its case's steps, the first of which says it was accepted
            reportStep(d.reportId(), d.at(), d.decision().name(), null);
        }
    }

    // ---- cases ----

    @ApplicationModuleListener
    void on(CaseEvents.CaseOpened e) {
        state(e);
        caseStep(e, "ACCEPTED", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseDispatched e) {
        state(e);
        agency(e, e.leadOrgName());
        expected(e, e.handleDue());
        caseStep(e, "DISPATCHED", e.leadOrgName() != null && e.leadOrgName().length() < MAX_AGENCY_NOTE
                ? e.leadOrgName() : null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseSigned e) {
        state(e);
        caseStep(e, "IN_PROGRESS", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseReturned e) {
        state(e);
        agency(e, null);
        caseStep(e, "RETURNED", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseFedBack e) {
        state(e);
        caseStep(e, "FED_BACK", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseVerified e) {
        state(e);
        if (!e.passed()) {
            caseStep(e, "REWORK", null);
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseExtensionRequested e) {
        state(e);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseExtensionDecided e) {
        state(e);
        if (e.approved()) {
            expected(e, e.newDue());
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseBacklogged e) {
        state(e);
        caseStep(e, "BACKLOG", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseResumed e) {
        state(e);
        caseStep(e, "IN_PROGRESS", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseEscalated e) {
        state(e);
        agency(e, null);
        expected(e, null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseSupervised e) {
        state(e);
        caseStep(e, "SUPERVISED", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseUrged e) {
        state(e);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseNoted e) {
        state(e);
        if (e.shownToPublic() && e.publicText() != null && !e.publicText().isBlank()) {
            caseStep(e, "NOTE", e.publicText().strip());
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseReferredToMediation e) {
        state(e);
        caseStep(e, "MEDIATION", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseMediationConcluded e) {
        state(e);
        if (!e.resolved()) {
            caseStep(e, e.state().name(), null);
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseClosed e) {
        state(e);
        closed(e, e.at());
        caseStep(e, "CLOSED", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseRated e) {
        state(e);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseReopened e) {
        state(e);
        closed(e, null);
        agency(e, null);
        expected(e, null);
        caseStep(e, "REOPENED", null);
    }

    @ApplicationModuleListener
    void on(CaseEvents.ReportMerged e) {
        state(e);
    }

    // ---- writes ----

    private void reportStep(long reportId, Instant at, String code, String note) {
        jdbc.sql("insert into public_step (report_id, at, code, note) values (?,?,?,?) on conflict do nothing")
                .params(reportId, utc(at), code, note).update();
    }

    private void caseStep(CaseEvents.CaseEvent e, String code, String note) {
        jdbc.sql("insert into public_step (case_id, at, code, note) values (?,?,?,?) on conflict do nothing")
                .params(e.caseId(), utc(e.at()), code, note).update();
    }

    /** The case's state after the event, unless a later event already set it. */
    private void state(CaseEvents.CaseEvent e) {
        jdbc.sql("""
                        insert into public_case (case_id, number, state, state_at, updated_at) values (?,?,?,?,?)
                        on conflict (case_id) do update set
                          state = case when public_case.state_at <= excluded.state_at then excluded.state
                                       else public_case.state end,
                          state_at = greatest(public_case.state_at, excluded.state_at),
                          updated_at = greatest(public_case.updated_at, excluded.updated_at)""")
                .params(e.caseId(), e.number(), e.state().name(), utc(e.at()), utc(e.at())).update();
    }

    private void agency(CaseEvents.CaseEvent e, String agency) {
        jdbc.sql("""
                        update public_case set agency = ?, agency_at = ?
                        where case_id = ? and (agency_at is null or agency_at <= ?)""")
                .params(agency, utc(e.at()), e.caseId(), utc(e.at())).update();
    }

    private void expected(CaseEvents.CaseEvent e, Instant expected) {
        jdbc.sql("""
                        update public_case set expected_at = ?, expected_set_at = ?
                        where case_id = ? and (expected_set_at is null or expected_set_at <= ?)""")
                .params(utc(expected), utc(e.at()), e.caseId(), utc(e.at())).update();
    }

    private void closed(CaseEvents.CaseEvent e, Instant closedAt) {
        jdbc.sql("""
                        update public_case set closed_at = ?, closed_set_at = ?
                        where case_id = ? and (closed_set_at is null or closed_set_at <= ?)""")
                .params(utc(closedAt), utc(e.at()), e.caseId(), utc(e.at())).update();
    }
}
