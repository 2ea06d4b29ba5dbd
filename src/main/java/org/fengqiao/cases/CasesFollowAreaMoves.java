package org.fengqiao.cases;

import org.fengqiao.geography.AreaRecoded;
import org.fengqiao.platform.AreaCodesFollowMoves;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; cases keep area codes, and data scope is a prefix match on them,
 * so they follow in the same transaction as the move.
 */
@Component
class CasesFollowAreaMoves extends AreaCodesFollowMoves {

    CasesFollowAreaMoves(JdbcClient jdbc) {
        super(jdbc, "case_file.area_code");
    }

    @EventListener
    void on(AreaRecoded moved) {
        follow(moved.oldPrefix(), moved.newPrefix());
    }
}
