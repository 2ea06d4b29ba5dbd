package org.fengqiao.intake;

import org.fengqiao.geography.AreaRecoded;
import org.fengqiao.platform.AreaCodesFollowMoves;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; reports and their photos keep area codes, and data scope is a prefix match on them,
 * so they follow in the same transaction as the move.
 */
@Component
class ReportsFollowAreaMoves extends AreaCodesFollowMoves {

    ReportsFollowAreaMoves(JdbcClient jdbc) {
        super(jdbc, "report.area_code", "photo.area_code");
    }

    @EventListener
    void on(AreaRecoded moved) {
        follow(moved.oldPrefix(), moved.newPrefix());
    }
}
