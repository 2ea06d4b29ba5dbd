package org.fengqiao.workbench;

import java.util.List;

import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportSubmitted;
import org.fengqiao.intake.ReportsSubmitted;
import org.fengqiao.platform.BatchColumns;
import org.fengqiao.platform.BatchDelivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

import static org.fengqiao.workbench.WorkbenchTime.utc;

/**
 * Keeps {@code wb_report} from intake's events (and the center's decisions, which cases publishes as intake's
 * {@link ReportDecided}). Order-proof: a decision handled before its submission keeps its status when the
 * submission fills in the rest; a report is decided once, and a redelivered decision writes the same values.
 */
@Component
class ReportFeed {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    ReportFeed(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * A batch of reports, in one transaction (the usual way reports arrive); should the batch fail, each report in a
     * transaction of its own ({@link BatchDelivery}).
     */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ReportsSubmitted batch) {
        deliver(batch);
    }

    void deliver(ReportsSubmitted batch) {
        BatchDelivery.deliver(tx, batch.reports(), this::submitted, this::submitted);
    }

    /** Reports into the queue, in one statement; a decision heard first keeps its status and case. */
    void submitted(List<ReportSubmitted> batch) {
        Object[] columns = BatchColumns.of(batch).id(ReportSubmitted::reportId).text(ReportSubmitted::areaCode)
                .text(ReportSubmitted::channel).text(ReportSubmitted::categoryCode)
                .text(e -> CaseFeed.shorten(e.description(), 160)).text(ReportFeed::place)
                .text(ReportSubmitted::receivedAt).text(ReportSubmitted::acceptDue).text(ReportSubmitted::submittedBy)
                .text(ReportFeed::status).params();
        jdbc.sql("""
                        insert into wb_report as w (report_id, area_code, channel, category_code, summary, place,
                            received_at, accept_due, submitted_by, status)
                        select id, area, channel, category, summary, place, received::timestamptz, due::timestamptz,
                               submitter, status
                        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[])
                             as v(id, area, channel, category, summary, place, received, due, submitter, status)
                        order by id
                        on conflict (report_id) do update set area_code = coalesce(w.area_code, excluded.area_code),
                          channel = excluded.channel, category_code = excluded.category_code,
                          summary = excluded.summary, place = excluded.place, received_at = excluded.received_at,
                          accept_due = excluded.accept_due, submitted_by = excluded.submitted_by""")
                .params(columns).update();
    }

    private static String place(ReportSubmitted e) {
        return CaseFeed.shorten(e.address() != null && !e.address().isBlank() ? e.address() : e.gridName(), 120);
    }

    private static String status(ReportSubmitted e) {
        return e.solvedOnSpot() ? "SOLVED_ON_SPOT" : "PENDING";
    }

    /** Kept for publications an earlier release stored before reports were announced in batches. */
    @ApplicationModuleListener
    void on(ReportSubmitted e) {
        submitted(e);
    }

    @ApplicationModuleListener
    void on(ReportDecided d) {
        decided(d);
    }

    void submitted(ReportSubmitted e) {
        submitted(List.of(e));
    }

    void decided(ReportDecided d) {
        jdbc.sql("""
                        insert into wb_report as w (report_id, status, decided_at, case_id, case_number)
                        values (?, ?, ?, ?, ?)
                        on conflict (report_id) do update set status = excluded.status,
                          decided_at = excluded.decided_at, case_id = excluded.case_id,
                          case_number = excluded.case_number
                        where w.decided_at is null or excluded.decided_at >= w.decided_at""")
                .params(d.reportId(), d.decision().name(), utc(d.at()), d.caseId(), d.caseNumber())
                .update();
    }
}
