package org.fengqiao.geography;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fengqiao.platform.AreaNames;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read-only facade over the area tree for other modules: they ask here instead of reading the area table (one
 * owner per table).
 */
@Service
public class AreaDirectory implements AreaNames {

    static final String SELECT = """
            select a.id, a.code, p.code as parent_code, a.level, a.kind, a.name, a.retired_at is not null as retired
            from area a left join area p on p.id = a.parent_id""";

    private final JdbcClient jdbc;

    AreaDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The area with this code, retired or not, whatever the caller's scope (for internal callers). */
    public Optional<AreaView> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where a.code = ?").param(code).query(AreaDirectory::map).optional();
    }

    /** The area with this code if it lies inside the scope. */
    public Optional<AreaView> find(String code, DataScope scope) {
        if (code == null || scope == null || scope.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where a.code = ? and a.code like any (?)")
                .params(code, scope.likePatterns()).query(AreaDirectory::map).optional();
    }

    /**
     * An area with its name and centre, for modules that keep something per area (public codes, plates).
     *
     * @param level COUNTY, TOWN, VILLAGE, GRID, BUILDING or MICRO_GRID
     */
    public record Located(String code, String name, String level, Double lon, Double lat, boolean retired) {
    }

    /** Every area, retired ones too, by code. */
    public List<Located> located() {
        return jdbc.sql("""
                        select code, name, level, centroid_lon as lon, centroid_lat as lat,
                               retired_at is not null as retired
                        from area order by code""")
                .query(Located.class).list();
    }

    /** The active counties (top of each tree), by code. */
    public List<AreaView> counties() {
        return jdbc.sql(SELECT + " where a.level = 'COUNTY' and a.retired_at is null order by a.code")
                .query(AreaDirectory::map).list();
    }

    /** Whether an active (not retired) area with this code lies inside the scope. */
    public boolean isActiveIn(String code, DataScope scope) {
        return find(code, scope).filter(a -> !a.retired()).isPresent();
    }

    /** Code → name for the codes that name an area (retired or not); unknown codes are left out. */
    @Override
    public Map<String, String> namesOf(Collection<String> codes) {
        Map<String, String> names = new LinkedHashMap<>();
        if (codes == null || codes.isEmpty()) {
            return names;
        }
        jdbc.sql("select code, name from area where code = any (?) order by code")
                .param(codes.stream().distinct().toArray(String[]::new))
                .query(rs -> {
                    names.put(rs.getString("code"), rs.getString("name"));
                });
        return names;
    }

    /** The name of the area with this code, or null. */
    public String nameOf(String code) {
        return code == null ? null : namesOf(List.of(code)).get(code);
    }

    /** Active direct children of an area, by code. */
    public List<AreaView> children(String code) {
        return jdbc.sql(SELECT + " where p.code = ? and a.retired_at is null order by a.code")
                .param(code).query(AreaDirectory::map).list();
    }

    /** Active areas at a level inside the scope, by code. */
    public List<AreaView> atLevel(String level, DataScope scope) {
        if (scope == null || scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where a.level = ? and a.retired_at is null and a.code like any (?) order by a.code")
                .params(level, scope.likePatterns()).query(AreaDirectory::map).list();
    }

    /** Names of an area and its ancestors, from the county down, e.g. for display. */
    public List<AreaView> path(String code) {
        return jdbc.sql(SELECT + " where ? like a.code || '%' order by length(a.code)")
                .param(code).query(AreaDirectory::map).list();
    }

    /** The names of these areas by code, retired or not (unknown codes are left out): labels for many records. */
    public java.util.Map<String, String> names(java.util.Collection<String> codes) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        if (codes == null || codes.isEmpty()) {
            return names;
        }
        jdbc.sql("select code, name from area where code = any (?)").param(codes.toArray(String[]::new))
                .query((rs, n) -> names.put(rs.getString(1), rs.getString(2))).list();
        return names;
    }

    static AreaView map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new AreaView(rs.getLong("id"), rs.getString("code"), rs.getString("parent_code"),
                rs.getString("level"), rs.getString("kind"), rs.getString("name"), rs.getBoolean("retired"));
    }
}
