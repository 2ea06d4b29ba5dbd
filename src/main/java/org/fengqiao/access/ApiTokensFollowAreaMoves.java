package org.fengqiao.access;

import org.fengqiao.geography.AreaRecoded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A token's assignments keep area codes, matched by prefix: they follow an area move in the same transaction. */
@Component
class ApiTokensFollowAreaMoves {

    private final JdbcClient jdbc;

    ApiTokensFollowAreaMoves(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AreaRecoded moved) {
        jdbc.sql("update api_token_assignment set area_code = ? || substr(area_code, ?) where area_code like ?")
                .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
    }
}
