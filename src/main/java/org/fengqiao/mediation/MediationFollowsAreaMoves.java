package org.fengqiao.mediation;

import org.fengqiao.geography.AreaRecoded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; disputes, sites, mediators, rooms and warnings keep area codes and
 * data scope is a prefix match on them, so they follow in the same transaction as the move.
 */
@Component
class MediationFollowsAreaMoves {

    private final JdbcClient jdbc;

    MediationFollowsAreaMoves(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AreaRecoded moved) {
        for (String table : new String[] {"mediation_dispute", "mediation_site", "mediation_mediator", "mediation_room",
                "mediation_warning"}) {
            jdbc.sql("update " + table + " set area_code = ? || substr(area_code, ?) where area_code like ?")
                    .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
        }
    }
}
