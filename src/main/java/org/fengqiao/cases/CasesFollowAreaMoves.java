package org.fengqiao.cases;

import org.fengqiao.geography.AreaRecoded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; cases keep area codes, and data scope is a prefix match on them,
 * so they follow in the same transaction as the move.
 */
@Component
class CasesFollowAreaMoves {

    private final JdbcClient jdbc;

    CasesFollowAreaMoves(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AreaRecoded moved) {
        for (String table : new String[] {"case_file"}) {
            jdbc.sql("update " + table + " set area_code = ? || substr(area_code, ?) where area_code like ?")
                    .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
        }
    }
}
