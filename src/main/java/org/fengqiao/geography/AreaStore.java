package org.fengqiao.geography;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fengqiao.geography.internal.BoundaryValidator;
import org.fengqiao.geography.internal.BoundaryValidator.BoundaryException;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.NotFoundException;
import org.locationtech.jts.geom.Geometry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The area tree as stored: reads (always scoped unless said otherwise), the history rows every change writes, and
 * code allocation. The changes themselves are {@link AreaService} and {@link GeoJsonImport}.
 */
@Component
class AreaStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    AreaStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An area as stored. */
    record Area(long id, String code, Long parentId, String parentCode, String level, String kind, String name,
                String subtype, String boundary, Double centroidLon, Double centroidLat, OffsetDateTime retiredAt,
                String retiredBy, String retiredReason, int version) {
        public boolean retired() {
            return retiredAt != null;
        }

        public boolean hasBoundary() {
            return boundary != null && !boundary.isBlank();
        }

        public AreaView view() {
            return new AreaView(id, code, parentCode, level, kind, name, retired());
        }

        /** The boundary as a geometry, or null when there is none (or it cannot be read). */
        Geometry geometry() {
            if (!hasBoundary()) {
                return null;
            }
            try {
                return BoundaryValidator.parse(boundary);
            } catch (BoundaryException e) {
                return null;
            }
        }
    }

    record History(OffsetDateTime at, String actor, String action, String detail, String reason) {
    }

    static final String SELECT = """
            select a.id, a.code, a.parent_id, p.code as parent_code, a.level, a.kind, a.name, a.subtype, a.boundary,
                   a.centroid_lon, a.centroid_lat, a.retired_at, a.retired_by, a.retired_reason, a.version
            from area a left join area p on p.id = a.parent_id""";

    static Area map(ResultSet rs, int n) throws SQLException {
        return new Area(rs.getLong("id"), rs.getString("code"), (Long) rs.getObject("parent_id", Long.class),
                rs.getString("parent_code"), rs.getString("level"), rs.getString("kind"), rs.getString("name"),
                rs.getString("subtype"), rs.getString("boundary"), (Double) rs.getObject("centroid_lon", Double.class),
                (Double) rs.getObject("centroid_lat", Double.class),
                rs.getObject("retired_at", OffsetDateTime.class), rs.getString("retired_by"),
                rs.getString("retired_reason"), rs.getInt("version"));
    }

    // ---------------------------------------------------------------- reads

    Area get(String code, DataScope scope) {
        return find(code, scope).orElseThrow(() -> new NotFoundException("No area " + code + " in your area."));
    }

    Optional<Area> find(String code, DataScope scope) {
        if (code == null || scope.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where a.code = ? and a.code like any (?)").params(code, scope.likePatterns())
                .query(AreaStore::map).optional();
    }

    Optional<Area> findUnscoped(String code) {
        return jdbc.sql(SELECT + " where a.code = ?").param(code).query(AreaStore::map).optional();
    }

    List<Area> children(String code, DataScope scope, boolean withRetired) {
        return jdbc.sql(SELECT + " where p.code = ? and a.code like any (?)"
                        + (withRetired ? "" : " and a.retired_at is null") + " order by a.code")
                .params(code, scope.likePatterns()).query(AreaStore::map).list();
    }

    int activeChildren(long areaId) {
        return jdbc.sql("select count(*) from area where parent_id = ? and retired_at is null")
                .param(areaId).query(Integer.class).single();
    }

    /** The highest areas the scope reaches into: those inside it whose parent is not. */
    List<Area> roots(DataScope scope) {
        if (scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where a.code like any (?) and a.retired_at is null"
                        + " and (p.code is null or not p.code like any (?)) order by a.code")
                .params(scope.likePatterns(), scope.likePatterns()).query(AreaStore::map).list();
    }

    /** Active areas below this one (not itself), counted by level and kind. */
    Map<String, Integer> subtreeCounts(String code) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        select case when kind = 'BASE' then level else kind || '_' || level end as k, count(*) as n
                        from area where code like ? and code <> ? and retired_at is null group by 1 order by 1""")
                .params(code + "%", code)
                .query(rs -> {
                    counts.put(rs.getString("k"), rs.getInt("n"));
                });
        return counts;
    }

    List<History> history(long areaId) {
        return jdbc.sql("select at, actor, action, detail, reason from area_history where area_id = ? order by at desc, id desc")
                .param(areaId).query(History.class).list();
    }

    /** Codes of the overlays covering a base grid, or of the grids an overlay covers. */
    List<String> coverage(Area area) {
        if ("BASE".equals(area.kind())) {
            return jdbc.sql("""
                            select o.code from overlay_coverage c join area o on o.id = c.overlay_id
                            where c.grid_id = ? and o.retired_at is null order by o.code""")
                    .param(area.id()).query(String.class).list();
        }
        return jdbc.sql("""
                        select g.code from overlay_coverage c join area g on g.id = c.grid_id
                        where c.overlay_id = ? and g.retired_at is null order by g.code""")
                .param(area.id()).query(String.class).list();
    }

    /** Active areas of this kind with a boundary under a parent. */
    List<Area> siblings(long parentId, String kind) {
        return jdbc.sql(SELECT + " where a.parent_id = ? and a.kind = ? and a.retired_at is null and a.boundary is not null")
                .params(parentId, kind).query(AreaStore::map).list();
    }

    /** Active base grids with a boundary in a county. */
    List<Area> baseGridsWithBoundary(String countyCode) {
        return jdbc.sql(SELECT + " where a.code like ? and a.level = 'GRID' and a.kind = 'BASE'"
                        + " and a.retired_at is null and a.boundary is not null")
                .param(countyCode + "%").query(AreaStore::map).list();
    }

    /** Active overlay grids with a boundary in a county. */
    List<Area> overlaysWithBoundary(String countyCode) {
        return jdbc.sql(SELECT + " where a.code like ? and a.kind <> 'BASE' and a.level = 'GRID'"
                        + " and a.retired_at is null and a.boundary is not null")
                .param(countyCode + "%").query(AreaStore::map).list();
    }

    /** Whether any area has this code or one below it. */
    boolean codesInUseUnder(String code) {
        return jdbc.sql("select count(*) from area where code like ?").param(code + "%")
                .query(Integer.class).single() > 0;
    }

    // ---------------------------------------------------------------- writes shared by every change

    /** The next free child code; codes are never reused, so retired children count too. */
    String nextChildCode(String parentCode) {
        Integer max = jdbc.sql("select max(cast(substr(code, ?) as integer)) from area where code like ? and length(code) = ?")
                .params(parentCode.length() + 1, parentCode + "%", parentCode.length() + 3)
                .query(Integer.class).optional().orElse(null);
        int next = max == null ? 1 : max + 1;
        if (next > 999) {
            throw new ConflictException("Area " + parentCode + " has no free child codes left.");
        }
        return parentCode + String.format("%03d", next);
    }

    long insert(String code, Long parentId, String level, String kind, String name, String subtype,
                Geometry boundary) {
        var centre = boundary == null ? null : boundary.getInteriorPoint();
        return jdbc.sql("""
                        insert into area (code, parent_id, level, kind, name, subtype, boundary, centroid_lon, centroid_lat, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(code, parentId, level, kind, name, subtype,
                        boundary == null ? null : BoundaryValidator.write(boundary),
                        centre == null ? null : centre.getX(), centre == null ? null : centre.getY(), now())
                .query(Long.class).single();
    }

    void setBoundary(long areaId, Geometry boundary) {
        var centre = boundary.getInteriorPoint();
        jdbc.sql("update area set boundary = ?, centroid_lon = ?, centroid_lat = ?, version = version + 1 where id = ?")
                .params(BoundaryValidator.write(boundary), centre.getX(), centre.getY(), areaId).update();
    }

    void rename(long areaId, String name) {
        jdbc.sql("update area set name = ?, version = version + 1 where id = ?").params(name, areaId).update();
    }

    void retire(long areaId, String actor, String reason) {
        jdbc.sql("update area set retired_at = ?, retired_by = ?, retired_reason = ?, version = version + 1 where id = ?")
                .params(now(), actor, reason, areaId).update();
    }

    /** Re-codes an area and its subtree under a new parent; history rows for every re-coded descendant first. */
    int recode(Area area, String newCode, long newParentId, String actor, String reason) {
        String code = area.code();
        jdbc.sql("""
                        insert into area_history (area_id, at, actor, action, detail, reason)
                        select id, ?, ?, 'RECODE', code || ' → ' || ? || substr(code, ?), ?
                        from area where code like ? and id <> ?""")
                .params(now(), actor, newCode, code.length() + 1, reason, code + "%", area.id()).update();
        int recoded = jdbc.sql("update area set code = ? || substr(code, ?), version = version + 1 where code like ?")
                .params(newCode, code.length() + 1, code + "%").update();
        jdbc.sql("update area set parent_id = ? where id = ?").params(newParentId, area.id()).update();
        return recoded;
    }

    void replaceCoverage(long overlayId, java.util.Collection<Long> gridIds) {
        jdbc.sql("delete from overlay_coverage where overlay_id = ?").param(overlayId).update();
        for (Long id : new java.util.HashSet<>(gridIds)) {
            jdbc.sql("insert into overlay_coverage (overlay_id, grid_id) values (?, ?)").params(overlayId, id).update();
        }
    }

    void history(long areaId, String actor, String action, String detail, String reason) {
        jdbc.sql("insert into area_history (area_id, at, actor, action, detail, reason) values (?, ?, ?, ?, ?, ?)")
                .params(areaId, now(), actor, action, detail, reason).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
