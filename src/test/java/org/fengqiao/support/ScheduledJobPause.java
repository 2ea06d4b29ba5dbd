package org.fengqiao.support;

import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps a scheduled job ({@code platform.SchedulingConfiguration}, ShedLock) from running while a test drives its work
 * by hand: the test takes the job's lock in the {@code shedlock} table as another instance would, waiting for a run in
 * progress to end, and gives it back when closed. Without it the job's own run can take up what the test is setting
 * up halfway (a runner claiming an import job before the test has left it as a stopped runner would).
 */
public final class ScheduledJobPause implements AutoCloseable {

    private static final String HOLDER = "a test holds this job";

    private final JdbcClient jdbc;
    private final String name;

    private ScheduledJobPause(JdbcClient jdbc, String name) {
        this.jdbc = jdbc;
        this.name = name;
    }

    /** Takes the job's lock (for at most ten minutes), once no run of it is in progress. */
    public static ScheduledJobPause of(JdbcClient jdbc, String name) {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            int taken = jdbc.sql("""
                            insert into shedlock (name, lock_until, locked_at, locked_by)
                            values (?, now() + interval '10 minutes', now(), ?)
                            on conflict (name) do update set lock_until = excluded.lock_until,
                              locked_at = excluded.locked_at, locked_by = excluded.locked_by
                            where shedlock.lock_until <= now() or shedlock.locked_by = excluded.locked_by""")
                    .params(name, HOLDER).update();
            if (taken == 1) {
                return new ScheduledJobPause(jdbc, name);
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("The scheduled job " + name + " kept its lock for a minute");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        jdbc.sql("update shedlock set lock_until = now() where name = ? and locked_by = ?").params(name, HOLDER)
                .update();
    }
}
