package org.fengqiao.workbench;

import org.fengqiao.geography.AreaRecoded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The read models keep area codes (data scope is a prefix match on them): they follow a move in its transaction. */
@Component
class WorkbenchFollowsAreaMoves {

    private final JdbcClient jdbc;

    WorkbenchFollowsAreaMoves(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AreaRecoded moved) {
        for (String table : new String[] {"wb_case", "wb_report"}) {
            jdbc.sql("update " + table + " set area_code = ? || substr(area_code, ?) where area_code like ?")
                    .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
        }
    }
}
