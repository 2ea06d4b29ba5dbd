package org.fengqiao.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a migration changed how the rollups are kept ({@code analytics_rebuild} has a row), they are added up again
 * from the read models once, at the start, by the one instance that takes the row's lock.
 */
@Component
class AnalyticsStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStartup.class);

    private final JdbcClient jdbc;
    private final Rollups rollups;
    private final TransactionTemplate tx;

    AnalyticsStartup(JdbcClient jdbc, Rollups rollups, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            rebuildIfAsked();
        } catch (RuntimeException e) {
            // the platform works on: the rollups stay as they were, and the next start tries again
            log.warn("Could not add up the analytics rollups again: {}", e.toString());
        }
    }

    void rebuildIfAsked() {
        tx.executeWithoutResult(s -> {
            var reasons = jdbc.sql("select reason from analytics_rebuild for update skip locked")
                    .query(String.class).list();
            if (!reasons.isEmpty()) {
                long t = System.nanoTime();
                rollups.rebuild();
                jdbc.sql("delete from analytics_rebuild").update();
                log.info("Analytics rollups added up again ({}) in {} ms", reasons,
                        (System.nanoTime() - t) / 1_000_000);
            }
        });
    }
}
