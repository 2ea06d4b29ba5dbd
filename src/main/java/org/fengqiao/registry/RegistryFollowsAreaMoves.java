package org.fengqiao.registry;

import org.fengqiao.geography.AreaRecoded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When an area moves, its subtree gets new codes; rooms, households, residents, tags and notes keep area codes and
 * data scope is a prefix match on them, so they follow in the same transaction as the move.
 */
@Component
class RegistryFollowsAreaMoves {

    static final String[] TABLES = {"registry_room", "registry_household", "registry_resident", "registry_care_tag",
            "registry_household_note", "registry_tenant_application", "registry_enterprise", "registry_place",
            "registry_boat", "registry_rental", "registry_rental_inspection"};

    private final JdbcClient jdbc;

    RegistryFollowsAreaMoves(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(AreaRecoded moved) {
        for (String table : TABLES) {
            jdbc.sql("update " + table + " set area_code = ? || substr(area_code, ?) where area_code like ?")
                    .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
        }
        jdbc.sql("update registry_enterprise set park_code = ? || substr(park_code, ?) where park_code like ?")
                .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
        jdbc.sql("update registry_room set building_code = ? || substr(building_code, ?) where building_code like ?")
                .params(moved.newPrefix(), moved.oldPrefix().length() + 1, moved.oldPrefix() + "%").update();
    }
}
