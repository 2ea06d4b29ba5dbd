package org.fengqiao.analytics;

import java.util.HashMap;
import java.util.Map;

import org.fengqiao.platform.Hashing;
import org.fengqiao.registry.RegistryEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Residents per area (实有人口), for cases per resident on the hotspot map, from the registry's events: a resident
 * counts once moved in and not moved out; a bulk load adds its counts per area once. A resident loaded in bulk and
 * moved out later is taken away from the bulk count. Order-free and idempotent.
 */
@Component
class Population {

    private final JdbcClient jdbc;

    Population(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(RegistryEvents.ResidentMovedIn e) {
        jdbc.sql("""
                        insert into analytics_resident (resident_id, area_code, moved_in) values (?, ?, true)
                        on conflict (resident_id) do update set moved_in = true, area_code = excluded.area_code""")
                .params(e.residentId(), e.areaCode()).update();
    }

    @ApplicationModuleListener
    void on(RegistryEvents.ResidentMovedOut e) {
        jdbc.sql("""
                        insert into analytics_resident (resident_id, area_code, moved_out) values (?, ?, true)
                        on conflict (resident_id) do update set moved_out = true""")
                .params(e.residentId(), e.areaCode()).update();
    }

    @ApplicationModuleListener
    void on(RegistryEvents.RegistryBulkLoaded e) {
        String key = Hashing.sha256(e.source() + "|" + e.at() + "|" + e.actor() + "|" + e.residents());
        e.residentsPerArea().forEach((area, n) -> jdbc.sql("""
                        insert into analytics_population_bulk (event_key, area_code, n) values (?, ?, ?)
                        on conflict do nothing""").params(key, area, n).update());
    }

    /** Residents per child area (the first {@code childLevel} digits) under the prefix. */
    Map<String, Long> perChild(String prefix, int childLevel) {
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("""
                        select left(area_code, :level) as child, sum(n) from (
                            select area_code, case when moved_in and not moved_out then 1
                                                   when moved_out and not moved_in then -1 else 0 end as n
                            from analytics_resident where area_code like :prefix
                            union all
                            select area_code, n from analytics_population_bulk where area_code like :prefix) x
                        where length(area_code) >= :level group by 1""")
                .param("level", childLevel).param("prefix", prefix + "%")
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }
}
