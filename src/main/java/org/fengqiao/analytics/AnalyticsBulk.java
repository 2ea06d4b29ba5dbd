package org.fengqiao.analytics;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bulk path (docs/DEMO.md, scale runs): after a loader filled this module's read models in bulk, the rollups
 * are added up again from them — the same expansion the listeners apply one record at a time, which
 * {@code AnalyticsReadModelsTest} proves equal on small data.
 */
@Service
public class AnalyticsBulk {

    private final Rollups rollups;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    AnalyticsBulk(Rollups rollups, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.rollups = rollups;
        this.jdbc = jdbc;
    }

    /**
     * Adds the rollups up again, and settles any rebuild a migration asked for ({@link AnalyticsStartup}): a scale
     * run exits before the start-up runners, and the next start would otherwise add up the same rows once more
     * (minutes at a million cases).
     */
    @Transactional
    public void rebuildRollups() {
        rollups.rebuild();
        jdbc.sql("delete from analytics_rebuild").update();
    }
}
