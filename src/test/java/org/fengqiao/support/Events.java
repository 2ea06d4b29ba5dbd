package org.fengqiao.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read models downstream of an event (report statuses, the public tracking view, Open311, notices) are updated by
 * listeners after the step commits. Tests that read them wait here until every publication has been handled
 * (failed ones excepted: a test that makes a listener fail looks at those itself), every report has been announced
 * (intake's {@code report_announcement} is empty) and the listener threads are idle
 * (see {@link ListenerThreads}).
 */
public final class Events {

    private Events() {
    }

    public static void settle(JdbcClient jdbc) {
        Awaitility.await("event listeners to finish").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> pending(jdbc) == 0 && ListenerThreads.idle());
    }

    /** Publications not yet handled (failed ones excepted) and reports not yet announced. */
    public static long pending(JdbcClient jdbc) {
        return jdbc.sql("""
                        select (select count(*) from event_publication
                                where completion_date is null and coalesce(status, '') <> 'FAILED')
                             + (select count(*) from report_announcement)""")
                .query(Long.class).single();
    }
}
