package org.fengqiao.registry;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A large import stored in parts on parallel connections — one PostgreSQL backend per part, so both cores of a small
 * server work on it — and still all or nothing, by two-phase commit with the import job as the coordinator's log:
 *
 * <ol>
 * <li>each part is written in its own transaction and ends with {@code PREPARE TRANSACTION 'fengqiao-import-<job>-
 * <part>'}: its rows are on disk, invisible to everybody else, and survive a restart, but are not committed;</li>
 * <li>when every part is prepared, one ordinary transaction records the decision — the job DONE (only if this runner
 * still holds it), the audit record and the event — and commits;</li>
 * <li>then each part is committed ({@code COMMIT PREPARED}).</li>
 * </ol>
 *
 * A part that fails (a unique index, a foreign key, a lock waited for too long) rolls itself back, and every part
 * prepared so far is rolled back too: nothing of the import stays. A runner that stops before the decision leaves
 * prepared parts that its successor rolls back when it takes the job up again ({@link #undo}, then the import starts
 * over); one that stops after the decision leaves parts that {@link #settle} commits. Between the first and the last
 * {@code COMMIT PREPARED} another reader may briefly see some parts and not yet the others.
 *
 * <p>Needs {@code max_prepared_transactions} of at least the number of parts (the embedded PostgreSQL has it; an
 * external one must be configured, see docs/OPERATIONS.md); without it imports are stored in one transaction.
 */
@Component
class ImportParts {

    static final String PREFIX = "fengqiao-import-";
    /**
     * How long a store waits for a row lock before it gives up (and the job fails with {@link #HELD}): rows another
     * import holds — parts a stopped runner left prepared among them — must not keep the runner, and every import
     * queued behind it, waiting for ever.
     */
    private volatile String lockWait = "60s";
    /** The job's problem when a store waited too long for rows another import holds. */
    static final String HELD = "Some of these rows are held by another import that has not finished; nothing was"
            + " imported. Run the import again in a few minutes.";
    private static final Logger log = LoggerFactory.getLogger(ImportParts.class);

    private final JdbcTemplate jdbc;
    private final RegistryBulk bulk;
    private final TransactionTemplate tx;

    ImportParts(JdbcTemplate jdbc, RegistryBulk bulk, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** How many parts a large import is stored in: one per core, at least two, at most four. */
    static int parts() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Whether the database can keep {@code parts} prepared transactions at once. */
    boolean available(int parts) {
        Integer max = jdbc.queryForObject("select current_setting('max_prepared_transactions')::int", Integer.class);
        return max != null && max >= parts;
    }

    static String gid(long job, int part) {
        return PREFIX + job + "-" + part;
    }

    /**
     * Stores the batch in at most {@code parts} parts at once, all or nothing. {@code decide} runs in the transaction
     * that decides (with the audit record and the event, as {@link RegistryBulk#write} writes them): false — the job
     * is no longer this runner's — undoes every part and returns null; any exception undoes every part too. Returns
     * what was written.
     */
    RegistryBulk.Written store(long job, RegistryBulk.Batch batch, int parts, String actor, String source,
                               BooleanSupplier decide) {
        long t0 = System.nanoTime();
        Prepared prepared = prepare(job, batch, parts, actor);
        long t1 = System.nanoTime();
        boolean decided;
        try {
            decided = Boolean.TRUE.equals(tx.execute(s -> {
                if (!decide.getAsBoolean()) {
                    return false;
                }
                bulk.announce(prepared.stored(), actor, source);
                return true;
            }));
        } catch (RuntimeException e) {
            rollback(prepared.gids());
            throw e;
        }
        if (!decided) {
            rollback(prepared.gids());
            return null;
        }
        commit(prepared.gids());
        log.debug("stored import {} in {} parts: prepared in {} ms, decided and committed in {} ms", job,
                prepared.gids().size(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        return RegistryBulk.Written.of(prepared.stored());
    }

    /** The parts of a batch written and prepared, not yet decided. */
    record Prepared(List<String> gids, List<RegistryBulk.Stored> stored) {
    }

    /**
     * Writes the parts of the batch at once, each on its own connection, and prepares each; when one fails, those
     * prepared are rolled back and its exception is thrown (nothing stays).
     */
    Prepared prepare(long job, RegistryBulk.Batch batch, int parts, String actor) {
        List<RegistryBulk.Batch> pieces = RegistryBulk.split(batch, parts);
        OffsetDateTime now = bulk.now();
        List<String> gids = new ArrayList<>();
        List<RegistryBulk.Stored> stored = new ArrayList<>();
        RuntimeException failure = null;
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, pieces.size()), Thread.ofPlatform()
                .daemon().name("registry-part-", 0).factory())) {
            List<Future<RegistryBulk.Stored>> futures = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                RegistryBulk.Batch piece = pieces.get(i);
                String gid = gid(job, i);
                gids.add(gid);
                futures.add(pool.submit(() -> tx.execute(s -> {
                    // two parts never wait for each other (the file has no duplicates, each room is in one part),
                    // but a lock held elsewhere must not keep a part waiting for ever
                    waitForLocksAtMost();
                    RegistryBulk.Stored st = bulk.store(piece, actor, now);
                    jdbc.execute("prepare transaction '" + gid + "'");
                    return st;
                })));
            }
            for (Future<RegistryBulk.Stored> f : futures) {
                try {
                    stored.add(f.get());
                } catch (ExecutionException e) {
                    RuntimeException r = e.getCause() instanceof RuntimeException x ? x
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = r;
                    } else {
                        failure.addSuppressed(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while storing the parts", e);
                }
            }
        }
        if (failure != null) {
            rollback(gids);
            throw failure;
        }
        return new Prepared(gids, stored);
    }

    /** Bounds the current transaction's waits for row locks ({@link #lockWait}). */
    void waitForLocksAtMost() {
        jdbc.execute("set local lock_timeout = '" + lockWait + "'");
    }

    /** Whether a store failed because it waited longer than {@link #lockWait} for a lock (SQL state 55P03). */
    static boolean waitedTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException x && "55P03".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** For tests: how long a store waits for a row lock, as PostgreSQL reads it ("60s", "500ms"). */
    void lockWait(String wait) {
        this.lockWait = wait;
    }

    /** The parts of a job still prepared (not committed, not rolled back). */
    List<String> prepared(long job) {
        return jdbc.queryForList("select gid from pg_prepared_xacts where gid like ? and database = current_database()"
                + " order by gid", String.class, PREFIX + job + "-%");
    }

    /** Rolls back whatever parts of the job a runner left prepared before deciding: nothing of them stays. */
    void undo(long job) {
        rollback(prepared(job));
    }

    /**
     * Finishes what stopped runners left: the prepared parts of a DONE job (decided) are committed, those of a job
     * that failed, was cancelled or waits to be run again are rolled back; a job being imported is left to its runner
     * (or, once its heartbeat is stale, to the runner that takes it up: {@link #undo}).
     */
    void settle() {
        List<String[]> left = jdbc.query("""
                        select x.gid, j.status from pg_prepared_xacts x
                        left join registry_import_job j
                          on j.id = substring(x.gid from '^fengqiao-import-([0-9]+)-[0-9]+$')::bigint
                        where x.gid ~ '^fengqiao-import-[0-9]+-[0-9]+$' and x.database = current_database()""",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)});
        for (String[] p : left) {
            if ("DONE".equals(p[1])) {
                commit(List.of(p[0]));
            } else if (!"IMPORTING".equals(p[1])) {
                rollback(List.of(p[0]));
            }
        }
    }

    private void commit(List<String> gids) {
        for (String gid : gids) {
            try {
                jdbc.execute("commit prepared '" + gid + "'");
            } catch (RuntimeException e) {
                // committed meanwhile by settle(), or it stays prepared and settle() commits it on its next round
                log.warn("Committing the import part {}: {}", gid, e.toString());
            }
        }
    }

    private void rollback(List<String> gids) {
        for (String gid : gids) {
            try {
                jdbc.execute("rollback prepared '" + gid + "'");
            } catch (RuntimeException e) {
                // never prepared (its part failed first), or rolled back meanwhile by another runner
                log.debug("Rolling back the import part {}: {}", gid, e.toString());
            }
        }
    }
}
