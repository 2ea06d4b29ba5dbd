package org.fengqiao.people;

import org.fengqiao.geography.AreaRecoded;
import org.fengqiao.platform.AreaCodesFollowMoves;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; persons, organisations and role assignments keep area codes, and data scope is a prefix match on them,
 * so they follow in the same transaction as the move.
 */
@Component
class PeopleFollowAreaMoves extends AreaCodesFollowMoves {

    PeopleFollowAreaMoves(JdbcClient jdbc) {
        super(jdbc, "person.area_code", "organisation.area_code", "role_assignment.area_code");
    }

    @EventListener
    void on(AreaRecoded moved) {
        follow(moved.oldPrefix(), moved.newPrefix());
    }
}
