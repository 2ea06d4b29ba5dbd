package org.fengqiao.publicchannel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A small area tree of its own (town, village, grid, two buildings, an enterprise) so tests need no demo data. */
record TestAreas(String county, String town, String village, String grid, String building1, String building2,
                 String enterprise) {

    static TestAreas create(JdbcClient jdbc) {
        String county = "99" + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
        while (jdbc.sql("select count(*) from area where code = ?").param(county).query(Long.class).single() > 0) {
            county = "99" + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
        }
        String town = county + "101";
        String village = town + "201";
        String grid = village + "001";
        String b1 = grid + "001";
        String b2 = grid + "002";
        long countyId = insert(jdbc, county, null, "COUNTY", "测试县" + county, null);
        long townId = insert(jdbc, town, countyId, "TOWN", "桃源镇", null);
        long villageId = insert(jdbc, village, townId, "VILLAGE", "越塘村", null);
        // a square grid around (112.90, 22.70)
        String poly = "{\"type\":\"Polygon\",\"coordinates\":[[[112.899,22.699],[112.901,22.699],[112.901,22.701],"
                + "[112.899,22.701],[112.899,22.699]]]}";
        long gridId = insert(jdbc, grid, villageId, "GRID", "越塘村第1网格", poly);
        insert(jdbc, b1, gridId, "BUILDING", "越塘村1号楼", null);
        insert(jdbc, b2, gridId, "BUILDING", "越塘村2号楼", null);
        String enterprise = "ENT-" + county;
        jdbc.sql("insert into organisation (code, name, kind, area_code) values (?, ?, 'ENTERPRISE', ?)")
                .params(enterprise, "越塘五金厂", grid).update();
        return new TestAreas(county, town, village, grid, b1, b2, enterprise);
    }

    private static long insert(JdbcClient jdbc, String code, Long parent, String level, String name, String boundary) {
        return jdbc.sql("""
                        insert into area (code, parent_id, level, name, boundary, centroid_lon, centroid_lat)
                        values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(code, parent, level, name, boundary, boundary == null ? null : 112.90,
                        boundary == null ? null : 22.70)
                .query(Long.class).single();
    }

    /** A signed-in staff member with these roles, scoped to the test county. */
    UsernamePasswordAuthenticationToken staff(String... roles) {
        TestUser user = new TestUser("staff-" + county, Set.of(roles), DataScope.of(county));
        return new UsernamePasswordAuthenticationToken(user, null,
                List.of(roles).stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    }

    record TestUser(String username, Set<String> roles, DataScope scope) implements CurrentUser.User {
        @Override
        public long personId() {
            return 0;
        }

        @Override
        public String displayName() {
            return username;
        }
    }
}
