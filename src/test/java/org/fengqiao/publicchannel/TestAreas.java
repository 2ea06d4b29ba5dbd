package org.fengqiao.publicchannel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.platform.DataScope;
import org.fengqiao.support.TestUsers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A small area tree of its own (town, village, grid, two buildings, an enterprise) so tests need no demo data. */
public record TestAreas(String county, String town, String village, String grid, String building1, String building2,
                 String enterprise) {

    /** Creates the tree and makes the grid locator see the new grid. */
    public static TestAreas create(JdbcClient jdbc, org.fengqiao.geography.GridLocator locator) {
        TestAreas areas = create(jdbc);
        locator.refresh();
        return areas;
    }

    public static TestAreas create(JdbcClient jdbc) {
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
        // a small square grid of its own, far from the demo county and from other tests' grids
        double lon = lonOf(county);
        double lat = latOf(county);
        String poly = String.format(java.util.Locale.ROOT, "{\"type\":\"Polygon\",\"coordinates\":[[[%.4f,%.4f],"
                + "[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]}", lon - 0.004, lat - 0.004, lon + 0.004,
                lat - 0.004, lon + 0.004, lat + 0.004, lon - 0.004, lat + 0.004, lon - 0.004, lat - 0.004);
        long gridId = insert(jdbc, grid, villageId, "GRID", "越塘村第1网格", poly);
        insert(jdbc, b1, gridId, "BUILDING", "越塘村1号楼", null);
        insert(jdbc, b2, gridId, "BUILDING", "越塘村2号楼", null);
        String enterprise = "ENT-" + county;
        jdbc.sql("insert into organisation (code, name, kind, area_code) values (?, ?, 'ENTERPRISE', ?)")
                .params(enterprise, "越塘五金厂", grid).update();
        jdbc.sql("insert into organisation (code, name, kind, area_code) values (?, ?, 'DEPARTMENT', ?)")
                .params("DEPT-" + county, "桃源镇城管办", county).update();
        return new TestAreas(county, town, village, grid, b1, b2, enterprise);
    }

    private static long insert(JdbcClient jdbc, String code, Long parent, String level, String name, String boundary) {
        return jdbc.sql("""
                        insert into area (code, parent_id, level, name, boundary, centroid_lon, centroid_lat)
                        values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(code, parent, level, name, boundary, lonOf(code.substring(0, 6)), latOf(code.substring(0, 6)))
                .query(Long.class).single();
    }

    static double lonOf(String county) {
        return 100.0 + (Integer.parseInt(county.substring(2)) % 100) * 0.01;
    }

    static double latOf(String county) {
        return 30.0 + (Integer.parseInt(county.substring(2)) / 100) * 0.01;
    }

    /** A point inside the test grid. */
    public String lon() {
        return String.valueOf(lonOf(county));
    }

    public String lat() {
        return String.valueOf(latOf(county));
    }

    /** The id of the test county's department. */
    public long department(JdbcClient jdbc) {
        return jdbc.sql("select id from organisation where code = ?").param("DEPT-" + county).query(Long.class).single();
    }

    /** Runs facade calls as a staff member of the test county (the way a controller would after login). */
    public <T> T as(java.util.function.Supplier<T> work, String... roles) {
        var previous = org.springframework.security.core.context.SecurityContextHolder.getContext();
        var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        context.setAuthentication(staff(roles));
        org.springframework.security.core.context.SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.setContext(previous);
        }
    }

    /** A signed-in staff member with these roles, scoped to the test county. */
    public UsernamePasswordAuthenticationToken staff(String... roles) {
        TestUsers.Builder b = TestUsers.user("staff-" + county);
        for (String r : roles) {
            b.holding(org.fengqiao.platform.Role.valueOf(r), county);
        }
        TestUsers.User user = b.build();
        return new UsernamePasswordAuthenticationToken(user, null,
                List.of(roles).stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    }
}
