package org.fengqiao.publicchannel;

import org.fengqiao.geography.AreaRecoded;
import org.fengqiao.platform.AreaCodesFollowMoves;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; public codes, public reports, volunteers and the public tracking read model keep area codes, and data scope is a prefix match on them,
 * so they follow in the same transaction as the move.
 */
@Component
class PublicCodesFollowAreaMoves extends AreaCodesFollowMoves {

    PublicCodesFollowAreaMoves(JdbcClient jdbc) {
        super(jdbc, "public_code.area_code", "public_report.area_code", "volunteer_reporter.area_code",
                "public_progress.area_code");
    }

    @EventListener
    void on(AreaRecoded moved) {
        follow(moved.oldPrefix(), moved.newPrefix());
    }
}
