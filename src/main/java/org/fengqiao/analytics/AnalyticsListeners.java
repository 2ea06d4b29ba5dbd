package org.fengqiao.analytics;

import org.fengqiao.cases.CaseEvents;
import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportSubmitted;
import org.fengqiao.intake.ReportsSubmitted;
import org.fengqiao.platform.BatchDelivery;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds the read models from the events of intake and cases, after the publishing transaction committed (the JDBC
 * publication registry keeps an event until it was handled, and may deliver it again: every handler is idempotent).
 * Each event is handled in a transaction of its own, tried again when the database broke a lock cycle.
 */
@Component
class AnalyticsListeners {

    private final CaseFacts cases;
    private final ReportFacts reports;
    private final TransactionTemplate tx;

    AnalyticsListeners(CaseFacts cases, ReportFacts reports, PlatformTransactionManager transactions) {
        this.cases = cases;
        this.reports = reports;
        this.tx = new TransactionTemplate(transactions);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(CaseEvents.CaseEvent event) {
        inTransaction(() -> cases.heard(event));
    }

    /** A batch of reports, in one transaction (the usual way reports arrive). */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ReportsSubmitted batch) {
        BatchDelivery.deliver(tx, batch.reports(), all -> reports.submitted(all), one -> reports.submitted(one));
    }

    /** Kept for publications an earlier release stored before reports were announced in batches. */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ReportSubmitted event) {
        inTransaction(() -> reports.submitted(event));
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ReportDecided event) {
        inTransaction(() -> reports.decided(event));
    }

    private void inTransaction(Runnable work) {
        BatchDelivery.retryingLocks(tx, work);
    }
}
