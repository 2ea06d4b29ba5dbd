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

    AnalyticsBulk(Rollups rollups) {
        this.rollups = rollups;
    }

    @Transactional
    public void rebuildRollups() {
        rollups.rebuild();
    }
}
