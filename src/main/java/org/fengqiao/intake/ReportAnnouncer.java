package org.fengqiao.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces committed reports to the modules downstream, many at a time. A submission writes its report and a row of
 * {@code report_announcement} in one transaction and wakes this announcer once it committed; the announcer takes up
 * to {@link ReportsSubmitted#MAX} rows ({@code for update skip locked}: several instances share the rows, none twice),
 * publishes one {@link ReportsSubmitted} and deletes the rows in one transaction. Modulith's publication registry
 * then delivers that one event to each listener, which handles the whole batch in one transaction.
 * <p>
 * Why: one publication per report and listener cost nine commits and about twenty statements per report, three times
 * what the report itself costs (docs/benchmarks.md, intake). Batched, the same work is shared by every report that
 * arrived while the last batch was handled.
 * <p>
 * Nothing acknowledged is lost: a row waits in the table until its batch is published, whatever happens to the
 * process meanwhile; every instance also looks for rows once a second (those of an instance that stopped, or of a
 * round that failed while the database was away). The cost is latency: a report reaches the read models a few tens
 * of milliseconds after its commit ({@code fengqiao.intake.announce-linger} lets more reports gather under load).
 */
@Component
class ReportAnnouncer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportAnnouncer.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Photos photos;
    private final Duration linger;
    private final Duration idle;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;

    ReportAnnouncer(JdbcClient jdbc, PlatformTransactionManager transactions, ApplicationEventPublisher events,
                    Photos photos,
                    @Value("${fengqiao.intake.announce-linger:20ms}") Duration linger,
                    @Value("${fengqiao.intake.announce-idle:1s}") Duration idle) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.events = events;
        this.photos = photos;
        this.linger = linger;
        this.idle = idle;
    }

    /**
     * Records a report just inserted in the current transaction as one to announce, and wakes the announcer once
     * the transaction committed.
     */
    void announceAfterCommit(long reportId) {
        jdbc.sql("insert into report_announcement (report_id) values (?)").param(reportId).update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        } else {
            wake();
        }
    }

    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /**
     * One round: announces up to {@link ReportsSubmitted#MAX} waiting reports in one transaction.
     *
     * @return how many were announced
     */
    int announceBatch() {
        Integer n = tx.execute(s -> {
            // this commit need not wait for the disk: a crash that loses it loses the deletion with the publication,
            // and the rows are announced again (as platform.ListenerCommits reasons for the listeners' commits)
            jdbc.sql("set local synchronous_commit = off").update();
            // the batch is chosen once (a CTE): as "delete … where report_id in (select … limit … for update skip
            // locked)" the planner may run the subquery again for every row, each time past the rows this statement
            // already deleted, and so take every waiting row (CI saw one announcement of 450 reports)
            List<Long> waiting = jdbc.sql("""
                            with batch as materialized (
                              select report_id from report_announcement order by report_id
                              limit ? for update skip locked)
                            delete from report_announcement a using batch b where a.report_id = b.report_id
                            returning a.report_id""")
                    .param(ReportsSubmitted.MAX).query(Long.class).list();
            if (waiting.isEmpty()) {
                return 0;
            }
            Long[] ids = waiting.stream().sorted().toArray(Long[]::new);
            Map<Long, List<UUID>> photoIds = photos.idsOfReports(ids);
            List<ReportSubmitted> reports = jdbc.sql("""
                            select id, channel, category_code, area_code, status, received_at, accept_due,
                                   description, lon, lat, address, grid_name, submitted_by, subject_kind, subject_ref
                            from report where id = any(?) order by id""")
                    .param(ids)
                    .query((rs, i) -> {
                        long id = rs.getLong("id");
                        java.sql.Timestamp due = rs.getTimestamp("accept_due");
                        return new ReportSubmitted(id, ReportChannel.valueOf(rs.getString("channel")),
                                rs.getString("category_code"), rs.getString("area_code"),
                                // solved on the spot stays so; a pending report never becomes it
                                ReportStatus.SOLVED_ON_SPOT.name().equals(rs.getString("status")),
                                rs.getTimestamp("received_at").toInstant(), due == null ? null : due.toInstant(),
                                rs.getString("description"), (Double) rs.getObject("lon"),
                                (Double) rs.getObject("lat"), rs.getString("address"), rs.getString("grid_name"),
                                rs.getString("submitted_by"), photoIds.getOrDefault(id, List.of()),
                                rs.getString("subject_kind"), rs.getString("subject_ref"));
                    }).list();
            events.publishEvent(new ReportsSubmitted(reports));
            return reports.size();
        });
        return n == null ? 0 : n;
    }

    private void loop() {
        long failures = 0;
        while (running) {
            try {
                wake.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                if (!running) {
                    return;
                }
                if (!linger.isZero()) {
                    Thread.sleep(linger.toMillis());
                }
                wake.drainPermits();
                while (running && announceBatch() == ReportsSubmitted.MAX) {
                    // a full batch: more may be waiting
                }
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database away, a lock broken: the rows wait; try again after a pause that grows to 5 s
                failures++;
                if (failures == 1 || failures % 60 == 0) {
                    log.warn("Announcing reports failed ({} times in a row); they wait and are announced later: {}",
                            failures, e.getMessage());
                }
                try {
                    Thread.sleep(Math.min(5_000, 100 * failures));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::loop, "report-announcer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        wake.release(); // a round under way finishes; a wait ends at once
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before, and stops after, the web server: the reports of the last requests are still announced. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
