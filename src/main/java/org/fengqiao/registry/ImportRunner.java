package org.fengqiao.registry;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.fengqiao.platform.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs import jobs in the background: claims the oldest waiting job (or one whose runner stopped sending heartbeats)
 * with {@code for update skip locked}, so each job runs on one instance at a time and a job interrupted by a restart
 * is taken up again. The claim commits before the work starts; the work commits whole.
 */
@Component
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    /** A job whose heartbeat is older than this is taken to have lost its runner. */
    static final Duration STALE = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final RegistryImports imports;
    private final Clock clock;
    private final ImportParts parts;
    private final String me = ManagementFactory.getRuntimeMXBean().getName();

    ImportRunner(JdbcClient jdbc, RegistryImports imports, Clock clock, ImportParts parts) {
        this.parts = parts;
        this.jdbc = jdbc;
        this.imports = imports;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${fengqiao.registry.import-poll:1s}", initialDelayString = "${fengqiao.registry.import-poll:1s}")
    // jobs are claimed row by row (skip locked), so instances could share the work; the lock keeps polling to one
    @SchedulerLock(name = "registry.ImportRunner", lockAtMostFor = "PT30M")
    void poll() {
        try {
            // parts of imports stored on parallel connections that a stopped runner left prepared
            parts.settle();
            while (runOne()) {
                // until no job waits
            }
        } catch (RuntimeException e) {
            log.warn("Import runner: {}", e.toString());
        }
    }

    /** Claims and runs one job; false when none waits. */
    boolean runOne() {
        Instant now = Instant.now(clock);
        RegistryImports.Claimed job = jdbc.sql("""
                        update registry_import_job j set
                          status = case when j.status in ('VALIDATE', 'VALIDATING') then 'VALIDATING' else 'IMPORTING' end,
                          claimed_by = ?, heartbeat_at = ?
                        where j.id = (select id from registry_import_job
                                      where status in ('VALIDATE', 'IMPORT')
                                         or (status in ('VALIDATING', 'IMPORTING') and heartbeat_at < ?)
                                      order by id limit 1 for update skip locked)
                        returning j.id, j.kind, j.status, j.created_by, j.scope, j.claimed_by""")
                .params(me, Rooms.utc(now), Rooms.utc(now.minus(STALE)))
                .query((rs, n) -> new RegistryImports.Claimed(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), (String[]) rs.getArray(5).getArray(), rs.getString(6)))
                .optional().orElse(null);
        if (job == null) {
            return false;
        }
        try {
            if (job.status().equals("VALIDATING")) {
                imports.validate(job);
            } else {
                imports.importRows(job);
            }
        } catch (InvalidRequestException e) {
            imports.fail(job.id(), e.getMessage());
        } catch (Exception e) {
            if (ImportParts.waitedTooLong(e)) {
                // rows another import holds (ImportParts.lockWait); once that import is settled the user runs this
                // one again
                log.warn("Import {} waited too long for a lock: {}", job.id(), e.toString());
                imports.fail(job.id(), ImportParts.HELD);
                return true;
            }
            log.warn("Import {} failed", job.id(), e);
            imports.fail(job.id(), "The import stopped with an error; nothing was imported. " + e.getClass()
                    .getSimpleName());
        }
        return true;
    }
}
