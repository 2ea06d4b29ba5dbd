package org.fengqiao.analytics;

import java.util.List;

import org.fengqiao.geography.AreaRecoded;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * An area moved (a village to another town): every read model row under the old code takes the new one, and the
 * rollups are added up again, since their prefixes changed. Applying it twice finds nothing left under the old code.
 */
@Component
class AnalyticsFollowsAreaMoves {

    private static final List<String> TABLES = List.of("analytics_report", "analytics_case", "analytics_dispatch",
            "analytics_verification", "analytics_dispute", "analytics_dispute_warning", "analytics_resident",
            "analytics_population_bulk", "analytics_warning");

    private final JdbcClient jdbc;
    private final Rollups rollups;

    AnalyticsFollowsAreaMoves(JdbcClient jdbc, Rollups rollups) {
        this.jdbc = jdbc;
        this.rollups = rollups;
    }

    @ApplicationModuleListener
    void on(AreaRecoded e) {
        int moved = 0;
        for (String table : TABLES) {
            moved += jdbc.sql("update " + table + " set area_code = ? || substr(area_code, ?)"
                            + " where area_code like ?")
                    .params(e.newPrefix(), e.oldPrefix().length() + 1, e.oldPrefix() + "%").update();
        }
        if (moved > 0) {
            rollups.rebuild();
        }
    }
}
