package org.fengqiao.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * What the event listener threads commit does not wait for the disk: a connection taken on one of them runs with
 * {@code synchronous_commit = off}, any other with the server's setting. Every acknowledged submission still commits
 * durably on the request's thread (its row and its event publications, in one transaction); what a listener commits
 * later — its read-model rows and the publication's completion — can always be written again from that publication.
 * <p>
 * Why nothing can be lost: PostgreSQL loses at most the last few asynchronous commits in a crash (never corrupts, and
 * always loses a tail of the log, never something in the middle). A listener's work commits before its publication
 * is marked completed, so if the completion survived the crash, the work (earlier in the log) survived too; if the
 * completion was lost, the publication is incomplete and is delivered again at the next start, and listeners are
 * idempotent. Anyone who read a listener's row and then committed durably flushed the log up to that row as well.
 * <p>
 * Why: an acknowledged report set off three listener deliveries, each with three commits of its own (marked in
 * progress, the listener's transaction, marked completed), and each commit waited for the write-ahead log to reach
 * the disk: nine disk flushes in the background for the request's one, which held the listeners' row locks (the
 * analytics rollup rows every report adds to) for the length of a flush. The setting is per connection, so it is
 * changed only when a connection moves between a listener thread and any other (one statement).
 */
final class ListenerCommits extends DelegatingDataSource implements AutoCloseable {

    /** Connections currently set to commit asynchronously (the physical connection, not the pool's wrapper). */
    private final Map<Object, Boolean> asynchronous = Collections.synchronizedMap(new WeakHashMap<>());

    ListenerCommits(DataSource pool) {
        super(pool);
    }

    /** Whether the current thread runs event listener deliveries ({@link EventListenerExecutor}). */
    static boolean onListenerThread() {
        return Thread.currentThread() instanceof EventListenerExecutor.ListenerThread;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return adjusted(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return adjusted(super.getConnection(username, password));
    }

    /** Closes the pool when the context stops (before the embedded server is stopped). */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private Connection adjusted(Connection c) throws SQLException {
        try {
            if (!c.isWrapperFor(PGConnection.class)) {
                return c;
            }
            Object physical = c.unwrap(PGConnection.class);
            boolean wanted = onListenerThread();
            if (asynchronous.containsKey(physical) != wanted) {
                try (Statement st = c.createStatement()) {
                    st.execute(wanted ? "set synchronous_commit = off" : "reset synchronous_commit");
                }
                if (wanted) {
                    asynchronous.put(physical, Boolean.TRUE);
                } else {
                    asynchronous.remove(physical);
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
