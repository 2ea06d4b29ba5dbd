package org.fengqiao.publicchannel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.fengqiao.cases.CaseEvents;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.ReportSubmitted;
import org.fengqiao.intake.ReportsSubmitted;
import org.fengqiao.intake.ReportView;
import org.fengqiao.platform.BatchColumns;
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
     * A batch of reports, in one transaction (the usual way reports arrive): two statements for the whole batch.
     * Should the batch fail, each report in a transaction of its own ({@link BatchDelivery}).
     */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ReportsSubmitted batch) {
        deliver(batch);
    }

    void deliver(ReportsSubmitted batch) {
        BatchDelivery.deliver(tx, batch.reports(), all -> received(all.stream().map(Received::of).toList()),
                one -> received(List.of(Received.of(one))));
    }

    /** Kept for publications an earlier release stored before reports were announced in batches. */
    @ApplicationModuleListener
    void on(ReportSubmitted e) {
        received(List.of(Received.of(e)));
    }

    /**
     * A report this module took itself (a QR report): written in the submitting transaction, so that the tracking
     * page the resident is sent to works at once rather than after the event is delivered. The event's write later
     * is the same write again.
     */
    void receivedHere(ReportView r) {
        received(List.of(Received.of(r)));
    }

    /** What the tracking view keeps of a new report, from intake's event or from the report itself. */
    private record Received(long reportId, ReportChannel channel, String categoryCode, String description,
                            String areaCode, Double lon, Double lat, String address, Instant receivedAt,
                            Instant acceptDue, List<UUID> photoIds, boolean solvedOnSpot) {
        static Received of(ReportSubmitted e) {
            return new Received(e.reportId(), e.channel(), e.categoryCode(), e.description(), e.areaCode(), e.lon(),
                    e.lat(), e.address(), e.receivedAt(), e.acceptDue(), e.photoIds(), e.solvedOnSpot());
        }

        static Received of(ReportView r) {
            return new Received(r.id(), r.channel(), r.categoryCode(), r.description(), r.areaCode(), r.lon(),
                    r.lat(), r.address(), r.receivedAt(), r.acceptDue(),
                    r.photos().stream().map(ReportView.Photo::id).toList(), r.status() == ReportStatus.SOLVED_ON_SPOT);
        }

        ReportStatus status() {
            return solvedOnSpot ? ReportStatus.SOLVED_ON_SPOT : ReportStatus.PENDING;
        }
    }

    private record Step(long reportId, Instant at, String code) {
    }

    /** New reports and their first steps, in two statements; a decision handled first keeps its status and case. */
    private void received(List<Received> reports) {
        jdbc.sql("""
                        insert into public_progress (report_id, channel, category_code, description, area_code, lon, lat,
                                                     address, received_at, accept_due, photo_ids, report_status,
                                                     decided_at)
                        select id, channel, category, description, area, lon::float8, lat::float8, address,
                               received::timestamptz, due::timestamptz, photos::uuid[], status,
                               case when status = 'SOLVED_ON_SPOT' then received::timestamptz end
                        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             as v(id, channel, category, description, area, lon, lat, address, received, due, photos,
                                  status)
                        order by id
                        on conflict (report_id) do update set channel = excluded.channel,
                          category_code = excluded.category_code, description = excluded.description,
                          area_code = excluded.area_code, lon = excluded.lon, lat = excluded.lat,
                          address = excluded.address, received_at = excluded.received_at,
                          accept_due = excluded.accept_due, photo_ids = excluded.photo_ids""")
                .params(BatchColumns.of(reports).id(Received::reportId).text(Received::channel)
                        .text(Received::categoryCode).text(Received::description).text(Received::areaCode)
                        .text(Received::lon).text(Received::lat).text(Received::address).text(Received::receivedAt)
                        .text(Received::acceptDue).text(Received::photoIds).text(Received::status).params())
                .update();
        List<Step> steps = new ArrayList<>();
        for (Received r : reports) {
            steps.add(new Step(r.reportId(), r.receivedAt(), "RECEIVED"));
            if (r.solvedOnSpot()) {
                steps.add(new Step(r.reportId(), r.receivedAt(), ReportStatus.SOLVED_ON_SPOT.name()));
            }
        }
        jdbc.sql("""
                        insert into public_step (report_id, at, code)
                        select id, at::timestamptz, code from unnest(?::bigint[], ?::text[], ?::text[]) as v(id, at, code)
                        on conflict do nothing""")
                .params(BatchColumns.of(steps).id(Step::reportId).text(Step::at).text(Step::code).params())
                .update();
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
