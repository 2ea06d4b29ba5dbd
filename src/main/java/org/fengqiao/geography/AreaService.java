package org.fengqiao.geography;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.internal.AreaRules;
import org.fengqiao.geography.internal.BoundaryValidator;
import org.fengqiao.geography.internal.BoundaryValidator.BoundaryException;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes to the area tree and its boundaries. Only a SYSTEM_ADMIN changes the tree, and only inside their data
 * scope. Nothing is deleted: areas are retired with a reason. Every change is written to area_history and to the
 * audit trail, in the same transaction.
 */
@Service
class AreaService {

    static final String ADMIN = "SYSTEM_ADMIN";
    private static final int MAX_ERRORS = 20;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectMapper json;

    AreaService(JdbcClient jdbc, AuditTrail audit, ApplicationEventPublisher events, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.json = json;
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
    }

    record History(OffsetDateTime at, String actor, String action, String detail, String reason) {
    }

    record CreateCommand(String parentCode, String code, String name, String level, String kind, String subtype,
                         String boundary, String reason) {
    }

    record ImportResult(int created, int updated, List<String> codes) {
    }

    private static final String SELECT = """
            select a.id, a.code, a.parent_id, p.code as parent_code, a.level, a.kind, a.name, a.subtype, a.boundary,
                   a.centroid_lon, a.centroid_lat, a.retired_at, a.retired_by, a.retired_reason, a.version
            from area a left join area p on p.id = a.parent_id""";

    private static Area map(ResultSet rs, int n) throws SQLException {
        return new Area(rs.getLong("id"), rs.getString("code"), (Long) rs.getObject("parent_id", Long.class),
                rs.getString("parent_code"), rs.getString("level"), rs.getString("kind"), rs.getString("name"),
                rs.getString("subtype"), rs.getString("boundary"), (Double) rs.getObject("centroid_lon", Double.class),
                (Double) rs.getObject("centroid_lat", Double.class),
                rs.getObject("retired_at", OffsetDateTime.class), rs.getString("retired_by"),
                rs.getString("retired_reason"), rs.getInt("version"));
    }

    // ---------------------------------------------------------------- reads (always scoped)

    Area get(String code, DataScope scope) {
        return find(code, scope).orElseThrow(() -> new NotFoundException("No area " + code + " in your area."));
    }

    Optional<Area> find(String code, DataScope scope) {
        if (code == null || scope.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where a.code = ? and a.code like any (?)").params(code, scope.likePatterns())
                .query(AreaService::map).optional();
    }

    private Optional<Area> findUnscoped(String code) {
        return jdbc.sql(SELECT + " where a.code = ?").param(code).query(AreaService::map).optional();
    }

    List<Area> children(String code, DataScope scope, boolean withRetired) {
        return jdbc.sql(SELECT + " where p.code = ? and a.code like any (?)"
                        + (withRetired ? "" : " and a.retired_at is null") + " order by a.code")
                .params(code, scope.likePatterns()).query(AreaService::map).list();
    }

    /** The highest areas the scope reaches into: those inside it whose parent is not. */
    List<Area> roots(DataScope scope) {
        if (scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where a.code like any (?) and a.retired_at is null"
                        + " and (p.code is null or not p.code like any (?)) order by a.code")
                .params(scope.likePatterns(), scope.likePatterns()).query(AreaService::map).list();
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

    // ---------------------------------------------------------------- changes

    private CurrentUser.User admin() {
        CurrentUser.User user = CurrentUser.get().orElseThrow(() -> new AccessDeniedException("not signed in"));
        if (!user.hasRole(ADMIN)) {
            audit.recordIndependently(user.username(), "AREA_CHANGE", null, "not a system administrator",
                    AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("Only a system administrator may change the area tree.");
        }
        return user;
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(what + " is required.");
        }
        return value.strip();
    }

    private static String reason(String reason) {
        String r = required(reason, "A reason");
        if (r.length() > 1000) {
            throw new InvalidRequestException("The reason is too long (at most 1000 characters).");
        }
        return r;
    }

    private static String name(String name) {
        String n = required(name, "A name");
        if (n.length() > 100) {
            throw new InvalidRequestException("The name is too long (at most 100 characters).");
        }
        return n;
    }

    private static void checkVersion(Area area, Integer expected) {
        if (expected != null && expected != area.version()) {
            throw new ConflictException("Area " + area.code() + " was changed by someone else in the meantime;"
                    + " reload and try again.");
        }
    }

    private static String defaultLevel(Area parent) {
        if (parent == null) {
            return "COUNTY";
        }
        if (!"BASE".equals(parent.kind())) {
            return "MICRO_GRID";
        }
        return switch (parent.level()) {
            case "COUNTY" -> "TOWN";
            case "TOWN" -> "VILLAGE";
            case "VILLAGE" -> "GRID";
            default -> "BUILDING";
        };
    }

    private String nextChildCode(String parentCode) {
        // codes are never reused, so retired children count too
        Integer max = jdbc.sql("select max(cast(substr(code, ?) as integer)) from area where code like ? and length(code) = ?")
                .params(parentCode.length() + 1, parentCode + "%", parentCode.length() + 3)
                .query(Integer.class).optional().orElse(null);
        int next = max == null ? 1 : max + 1;
        if (next > 999) {
            throw new ConflictException("Area " + parentCode + " has no free child codes left.");
        }
        return parentCode + String.format("%03d", next);
    }

    private void history(long areaId, String actor, String action, String detail, String reason) {
        jdbc.sql("insert into area_history (area_id, at, actor, action, detail, reason) values (?, ?, ?, ?, ?, ?)")
                .params(areaId, now(), actor, action, detail, reason).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Transactional
    Area create(CreateCommand c) {
        CurrentUser.User user = admin();
        DataScope scope = user.scope();
        Area parent = null;
        if (c.parentCode() != null && !c.parentCode().isBlank()) {
            parent = get(c.parentCode().strip(), scope);
            if (parent.retired()) {
                throw new ConflictException("Area " + parent.code() + " is retired; nothing can be added under it.");
            }
        }
        String name = name(c.name());
        String level = c.level() == null || c.level().isBlank() ? defaultLevel(parent) : c.level().strip();
        String kind = c.kind() == null || c.kind().isBlank() ? (parent != null && !"BASE".equals(parent.kind())
                ? parent.kind() : "BASE") : c.kind().strip();
        String code = c.code() == null || c.code().isBlank()
                ? (parent == null ? null : nextChildCode(parent.code())) : c.code().strip();
        if (code == null) {
            throw new InvalidRequestException("A county needs its 6-digit code.");
        }
        String problem = AreaRules.check(code, level, kind, parent == null ? null
                : new AreaRules.Parent(parent.code(), parent.level(), parent.kind()));
        if (problem != null) {
            throw new InvalidRequestException("Cannot create area " + code + ": " + problem + ".");
        }
        if (!scope.covers(code)) {
            throw new NotFoundException("Area " + code + " lies outside your area.");
        }
        if (findUnscoped(code).isPresent()) {
            throw new ConflictException("Area code " + code + " is already in use (codes are never reused).");
        }
        Geometry geometry = null;
        if (c.boundary() != null && !c.boundary().isBlank()) {
            try {
                geometry = BoundaryValidator.parse(c.boundary());
            } catch (BoundaryException e) {
                throw new InvalidRequestException("The boundary " + e.getMessage() + ".");
            }
            String fit = fitProblem(geometry, code, kind, parent, null);
            if (fit != null) {
                throw new InvalidRequestException("The boundary " + fit + ".");
            }
        }
        String subtype = c.subtype() == null || c.subtype().isBlank() ? null : c.subtype().strip().toUpperCase();
        if (subtype != null && !subtype.matches("[A-Z_]{1,16}")) {
            throw new InvalidRequestException("Unknown subtype " + subtype + ".");
        }
        Point centre = geometry == null ? null : geometry.getInteriorPoint();
        long id = jdbc.sql("""
                        insert into area (code, parent_id, level, kind, name, subtype, boundary, centroid_lon, centroid_lat, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(code, parent == null ? null : parent.id(), level, kind, name, subtype,
                        geometry == null ? null : BoundaryValidator.write(geometry),
                        centre == null ? null : centre.getX(), centre == null ? null : centre.getY(), now())
                .query(Long.class).single();
        String reason = c.reason() == null || c.reason().isBlank() ? null : reason(c.reason());
        history(id, user.username(), "CREATE", level + " " + kind + " " + code + " " + name
                + (parent == null ? "" : " under " + parent.code()), reason);
        audit.record(user.username(), "AREA_CREATE", code, level + " " + kind + " " + name
                + (reason == null ? "" : "; reason: " + reason), AuditTrail.Outcome.SUCCESS);
        if (geometry != null && !"BASE".equals(kind)) {
            recomputeCoverage(id, code, geometry);
        }
        events.publishEvent(new AreaTreeChanged("CREATE", code));
        return findUnscoped(code).orElseThrow();
    }

    @Transactional
    Area rename(String code, String newName, String reason, Integer version) {
        CurrentUser.User user = admin();
        Area area = get(code, user.scope());
        checkVersion(area, version);
        if (area.retired()) {
            throw new ConflictException("Area " + code + " is retired.");
        }
        String name = name(newName);
        String why = reason(reason);
        if (name.equals(area.name())) {
            throw new InvalidRequestException("The new name is the same as the current one.");
        }
        jdbc.sql("update area set name = ?, version = version + 1 where id = ?").params(name, area.id()).update();
        history(area.id(), user.username(), "RENAME", area.name() + " → " + name, why);
        audit.record(user.username(), "AREA_RENAME", code, area.name() + " → " + name + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("RENAME", code));
        return findUnscoped(code).orElseThrow();
    }

    @Transactional
    Area retire(String code, String reason, Integer version) {
        CurrentUser.User user = admin();
        Area area = get(code, user.scope());
        checkVersion(area, version);
        String why = reason(reason);
        if (area.retired()) {
            throw new ConflictException("Area " + code + " is already retired.");
        }
        int active = jdbc.sql("select count(*) from area where parent_id = ? and retired_at is null")
                .param(area.id()).query(Integer.class).single();
        if (active > 0) {
            throw new ConflictException("Area " + code + " still has " + active
                    + " active sub-areas; retire or move them first.");
        }
        jdbc.sql("update area set retired_at = ?, retired_by = ?, retired_reason = ?, version = version + 1 where id = ?")
                .params(now(), user.username(), why, area.id()).update();
        history(area.id(), user.username(), "RETIRE", area.name(), why);
        audit.record(user.username(), "AREA_RETIRE", code, area.name() + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("RETIRE", code));
        return findUnscoped(code).orElseThrow();
    }

    @Transactional
    Area move(String code, String newParentCode, String reason, Integer version) {
        CurrentUser.User user = admin();
        DataScope scope = user.scope();
        Area area = get(code, scope);
        checkVersion(area, version);
        String why = reason(reason);
        if (area.retired()) {
            throw new ConflictException("Area " + code + " is retired.");
        }
        if (area.parentId() == null) {
            throw new InvalidRequestException("A county cannot be moved.");
        }
        Area parent = get(required(newParentCode, "The new parent").strip(), scope);
        if (parent.retired()) {
            throw new ConflictException("Area " + parent.code() + " is retired; nothing can be moved under it.");
        }
        if (parent.code().startsWith(code)) {
            throw new InvalidRequestException("Area " + code + " cannot be moved under itself or its own sub-area.");
        }
        if (parent.id() == area.parentId()) {
            throw new InvalidRequestException("Area " + code + " already sits under " + parent.code() + ".");
        }
        String suffix = code.substring(code.length() - 3);
        String newCode = parent.code() + suffix;
        if (findUnscoped(newCode).isPresent()) {
            newCode = nextChildCode(parent.code());
        }
        String problem = AreaRules.check(newCode, area.level(), area.kind(),
                new AreaRules.Parent(parent.code(), parent.level(), parent.kind()));
        if (problem != null) {
            throw new InvalidRequestException("Cannot move area " + code + " under " + parent.code() + ": " + problem + ".");
        }
        if (!scope.covers(newCode)) {
            throw new NotFoundException("Area " + parent.code() + " lies outside your area.");
        }
        if (area.hasBoundary()) {
            Geometry g = geometry(area);
            String fit = g == null ? null : fitProblem(g, newCode, area.kind(), parent, area.id());
            if (fit != null) {
                throw new InvalidRequestException("Cannot move area " + code + " under " + parent.code()
                        + ": its boundary " + fit + ".");
            }
        }
        int exists = jdbc.sql("select count(*) from area where code like ?").param(newCode + "%")
                .query(Integer.class).single();
        if (exists > 0) {
            throw new ConflictException("Codes under " + newCode + " are already in use.");
        }
        // history for every re-coded descendant, before their codes change
        jdbc.sql("""
                        insert into area_history (area_id, at, actor, action, detail, reason)
                        select id, ?, ?, 'RECODE', code || ' → ' || ? || substr(code, ?), ?
                        from area where code like ? and id <> ?""")
                .params(now(), user.username(), newCode, code.length() + 1, why, code + "%", area.id()).update();
        int recoded = jdbc.sql("update area set code = ? || substr(code, ?), version = version + 1 where code like ?")
                .params(newCode, code.length() + 1, code + "%").update();
        jdbc.sql("update area set parent_id = ? where id = ?").params(parent.id(), area.id()).update();
        history(area.id(), user.username(), "MOVE", code + " → " + newCode + " (under " + parent.code() + ")", why);
        audit.record(user.username(), "AREA_MOVE", code, code + " → " + newCode + ", " + recoded
                + " areas re-coded; reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaRecoded(code, newCode, user.username(), why));
        events.publishEvent(new AreaTreeChanged("MOVE", newCode));
        return findUnscoped(newCode).orElseThrow();
    }

    /** Links an overlay grid to the base grids it covers (replacing its links). */
    @Transactional
    Area setCoverage(String overlayCode, List<String> gridCodes, String reason) {
        CurrentUser.User user = admin();
        Area overlay = get(overlayCode, user.scope());
        String why = reason(reason);
        if ("BASE".equals(overlay.kind())) {
            throw new InvalidRequestException("Area " + overlayCode + " is a base area, not an overlay grid.");
        }
        List<Long> ids = new ArrayList<>();
        for (String gc : gridCodes == null ? List.<String>of() : gridCodes) {
            Area g = get(gc, user.scope());
            if (!AreaRules.isBaseGrid(g.level(), g.kind()) || g.retired()) {
                throw new InvalidRequestException("Area " + gc + " is not an active base grid.");
            }
            ids.add(g.id());
        }
        jdbc.sql("delete from overlay_coverage where overlay_id = ?").param(overlay.id()).update();
        for (Long id : new HashSet<>(ids)) {
            jdbc.sql("insert into overlay_coverage (overlay_id, grid_id) values (?, ?)").params(overlay.id(), id).update();
        }
        String detail = "covers " + String.join(", ", gridCodes == null ? List.of() : gridCodes);
        history(overlay.id(), user.username(), "COVERAGE", detail, why);
        audit.record(user.username(), "AREA_COVERAGE", overlayCode, detail + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("COVERAGE", overlayCode));
        return overlay;
    }

    private static Geometry geometry(Area a) {
        if (!a.hasBoundary()) {
            return null;
        }
        try {
            return BoundaryValidator.parse(a.boundary());
        } catch (BoundaryException e) {
            return null;
        }
    }

    /** Whether a boundary fits under the parent and beside the parent's other children; problem text or null. */
    private String fitProblem(Geometry g, String code, String kind, Area parent, Long excludeId) {
        if (parent == null) {
            return null;
        }
        Geometry pg = geometry(parent);
        if (pg != null && !"MARITIME".equals(kind)) {
            String p = BoundaryValidator.outsideParent(g, pg, parent.code());
            if (p != null) {
                return p;
            }
        }
        for (Area sibling : siblings(parent.id(), kind)) {
            if (excludeId != null && sibling.id() == excludeId || sibling.code().equals(code)) {
                continue;
            }
            Geometry sg = geometry(sibling);
            if (sg != null) {
                String p = BoundaryValidator.overlap(g, sg, sibling.code());
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private List<Area> siblings(long parentId, String kind) {
        return jdbc.sql(SELECT + " where a.parent_id = ? and a.kind = ? and a.retired_at is null and a.boundary is not null")
                .params(parentId, kind).query(AreaService::map).list();
    }

    /** Links an overlay with a boundary to every active base grid of its county it covers noticeably. */
    private void recomputeCoverage(long overlayId, String overlayCode, Geometry overlay) {
        List<Area> grids = jdbc.sql(SELECT + " where a.code like ? and a.level = 'GRID' and a.kind = 'BASE'"
                        + " and a.retired_at is null and a.boundary is not null")
                .param(overlayCode.substring(0, 6) + "%").query(AreaService::map).list();
        jdbc.sql("delete from overlay_coverage where overlay_id = ?").param(overlayId).update();
        for (Area grid : grids) {
            Geometry gg = geometry(grid);
            if (gg != null && BoundaryValidator.covers(overlay, gg)) {
                jdbc.sql("insert into overlay_coverage (overlay_id, grid_id) values (?, ?)")
                        .params(overlayId, grid.id()).update();
            }
        }
    }

    // ---------------------------------------------------------------- GeoJSON

    private record Feature(int index, String code, String name, String level, String kind, String parentCode,
                           Geometry geometry, Area existing) {
        String label() {
            return "features[" + index + "] (code " + code + ")";
        }
    }

    /**
     * Imports a FeatureCollection: creates the areas that do not exist yet and sets the boundaries (and names) of
     * those that do. Everything is checked first; one problem rejects the whole file.
     */
    @Transactional
    ImportResult importGeoJson(String text, String reason) {
        CurrentUser.User user = admin();
        DataScope scope = user.scope();
        String why = reason == null || reason.isBlank() ? "GeoJSON import" : reason(reason);
        JsonNode root;
        try {
            root = json.readTree(text == null ? "" : text);
        } catch (JacksonException e) {
            throw new InvalidRequestException("The file is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !"FeatureCollection".equals(root.path("type").asString(""))) {
            throw new InvalidRequestException("The file is not a GeoJSON FeatureCollection.");
        }
        JsonNode features = root.path("features");
        if (!features.isArray() || features.isEmpty()) {
            throw new InvalidRequestException("The FeatureCollection has no features.");
        }
        List<String> errors = new ArrayList<>();
        Map<String, Feature> byCode = new LinkedHashMap<>();
        for (int i = 0; i < features.size() && errors.size() < MAX_ERRORS; i++) {
            JsonNode f = features.get(i);
            JsonNode props = f.path("properties");
            String code = text(props, "code");
            String label = "features[" + i + "]" + (code == null ? "" : " (code " + code + ")");
            if (!f.isObject() || !"Feature".equals(f.path("type").asString(""))) {
                errors.add(label + ": not a GeoJSON Feature");
                continue;
            }
            if (code == null) {
                errors.add(label + ": has no property 'code'");
                continue;
            }
            if (byCode.containsKey(code)) {
                errors.add(label + ": code appears twice in the file (also features[" + byCode.get(code).index() + "])");
                continue;
            }
            if (!scope.covers(code)) {
                errors.add(label + ": lies outside your area");
                continue;
            }
            Geometry g;
            try {
                JsonNode geom = f.get("geometry");
                g = BoundaryValidator.parse(geom == null || geom.isNull() ? null : geom.toString());
            } catch (BoundaryException e) {
                errors.add(label + ": " + e.getMessage());
                continue;
            }
            Area existing = findUnscoped(code).orElse(null);
            String parentCode = text(props, "parentCode");
            if (parentCode == null && code.length() > 6) {
                parentCode = code.substring(0, code.length() - 3);
            }
            byCode.put(code, new Feature(i, code, text(props, "name"), text(props, "level"), text(props, "kind"),
                    parentCode, g, existing));
        }
        // structure: every area fits its parent by the tree rules
        Map<String, Area> dbParents = new HashMap<>();
        List<Feature> ordered = new ArrayList<>(byCode.values());
        ordered.sort(Comparator.comparingInt((Feature f) -> f.code().length()).thenComparing(Feature::code));
        Map<String, String[]> levelKind = new HashMap<>();
        for (Feature f : ordered) {
            if (errors.size() >= MAX_ERRORS) {
                break;
            }
            Area e = f.existing();
            if (e != null) {
                if (e.retired()) {
                    errors.add(f.label() + ": area is retired");
                } else if (f.level() != null && !f.level().equals(e.level())
                        || f.kind() != null && !f.kind().equals(e.kind())) {
                    errors.add(f.label() + ": level/kind " + f.level() + "/" + f.kind() + " differ from the stored "
                            + e.level() + "/" + e.kind() + " (use move, not import, to restructure)");
                } else if (f.parentCode() != null && !f.parentCode().equals(e.parentCode())
                        && !(e.parentCode() == null && f.code().length() == 6)) {
                    errors.add(f.label() + ": parentCode " + f.parentCode() + " differs from the stored parent "
                            + e.parentCode() + " (use move, not import, to restructure)");
                } else if (f.name() != null && f.name().length() > 100) {
                    errors.add(f.label() + ": name is longer than 100 characters");
                }
                levelKind.put(f.code(), new String[] {e.level(), e.kind()});
                continue;
            }
            if (f.name() == null) {
                errors.add(f.label() + ": a new area needs a 'name'");
                continue;
            }
            if (f.name().length() > 100) {
                errors.add(f.label() + ": name is longer than 100 characters");
                continue;
            }
            AreaRules.Parent parent = null;
            if (f.code().length() > 6 || f.parentCode() != null) {
                String pc = f.parentCode();
                if (byCode.containsKey(pc) && levelKind.containsKey(pc)) {
                    String[] lk = levelKind.get(pc);
                    parent = new AreaRules.Parent(pc, lk[0], lk[1]);
                } else {
                    Area p = dbParents.computeIfAbsent(pc, c -> findUnscoped(c).orElse(null));
                    if (p == null || p.retired()) {
                        errors.add(f.label() + ": parent " + pc + (p == null ? " does not exist" : " is retired"));
                        continue;
                    }
                    parent = new AreaRules.Parent(p.code(), p.level(), p.kind());
                }
            }
            String kind = f.kind() != null ? f.kind() : parent != null && !"BASE".equals(parent.kind()) ? parent.kind() : "BASE";
            String level = f.level() != null ? f.level() : parent == null ? "COUNTY" : switch (parent.level()) {
                case "COUNTY" -> "TOWN";
                case "TOWN" -> "VILLAGE";
                case "VILLAGE" -> "GRID";
                default -> "BASE".equals(kind) ? "BUILDING" : "MICRO_GRID";
            };
            String problem = AreaRules.check(f.code(), level, kind, parent);
            if (problem != null) {
                errors.add(f.label() + ": " + problem);
                continue;
            }
            levelKind.put(f.code(), new String[] {level, kind});
        }
        if (!errors.isEmpty()) {
            throw rejected(errors);
        }
        // geometry: inside the parent, no overlap with siblings (from the file and from the database)
        Map<String, List<Feature>> groups = new LinkedHashMap<>();
        for (Feature f : ordered) {
            String kind = levelKind.get(f.code())[1];
            String pc = f.existing() != null ? f.existing().parentCode() : f.parentCode();
            if (pc == null) {
                continue;
            }
            groups.computeIfAbsent(pc + "|" + kind, k -> new ArrayList<>()).add(f);
            Geometry parentGeometry;
            if (byCode.containsKey(pc)) {
                parentGeometry = byCode.get(pc).geometry();
            } else {
                Area p = dbParents.computeIfAbsent(pc, c -> findUnscoped(c).orElse(null));
                parentGeometry = p == null ? null : geometry(p);
            }
            if (parentGeometry != null && !"MARITIME".equals(kind)) {
                String p = BoundaryValidator.outsideParent(f.geometry(), parentGeometry, pc);
                if (p != null && errors.size() < MAX_ERRORS) {
                    errors.add(f.label() + ": " + p);
                }
            }
        }
        for (Map.Entry<String, List<Feature>> group : groups.entrySet()) {
            if (errors.size() >= MAX_ERRORS) {
                break;
            }
            String pc = group.getKey().substring(0, group.getKey().indexOf('|'));
            String kind = group.getKey().substring(group.getKey().indexOf('|') + 1);
            List<Feature> members = group.getValue();
            Set<String> inFile = byCode.keySet();
            Area parentRow = findUnscoped(pc).orElse(null);
            List<Area> stored = parentRow == null ? List.of() : siblings(parentRow.id(), kind).stream()
                    .filter(s -> !inFile.contains(s.code())).toList();
            for (int i = 0; i < members.size() && errors.size() < MAX_ERRORS; i++) {
                Feature a = members.get(i);
                for (int j = i + 1; j < members.size(); j++) {
                    String p = BoundaryValidator.overlap(a.geometry(), members.get(j).geometry(), members.get(j).code());
                    if (p != null) {
                        errors.add(a.label() + ": " + p + " (features[" + members.get(j).index() + "])");
                    }
                }
                for (Area s : stored) {
                    Geometry sg = geometry(s);
                    String p = sg == null ? null : BoundaryValidator.overlap(a.geometry(), sg, s.code());
                    if (p != null) {
                        errors.add(a.label() + ": " + p);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw rejected(errors);
        }
        // write, parents first
        int created = 0;
        int updated = 0;
        Map<String, Long> ids = new HashMap<>();
        List<Feature> overlays = new ArrayList<>();
        for (Feature f : ordered) {
            String[] lk = levelKind.get(f.code());
            String boundary = BoundaryValidator.write(f.geometry());
            Point centre = f.geometry().getInteriorPoint();
            if (f.existing() == null) {
                Long parentId = null;
                if (f.parentCode() != null) {
                    parentId = ids.containsKey(f.parentCode()) ? ids.get(f.parentCode())
                            : dbParents.get(f.parentCode()).id();
                }
                long id = jdbc.sql("""
                                insert into area (code, parent_id, level, kind, name, boundary, centroid_lon, centroid_lat, created_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                        .params(f.code(), parentId, lk[0], lk[1], f.name(), boundary, centre.getX(), centre.getY(), now())
                        .query(Long.class).single();
                ids.put(f.code(), id);
                history(id, user.username(), "CREATE", lk[0] + " " + lk[1] + " " + f.code() + " " + f.name()
                        + " (GeoJSON import, with boundary)", why);
                created++;
            } else {
                Area e = f.existing();
                ids.put(f.code(), e.id());
                jdbc.sql("update area set boundary = ?, centroid_lon = ?, centroid_lat = ?, version = version + 1 where id = ?")
                        .params(boundary, centre.getX(), centre.getY(), e.id()).update();
                history(e.id(), user.username(), "BOUNDARY", e.hasBoundary() ? "boundary replaced (GeoJSON import)"
                        : "boundary set (GeoJSON import)", why);
                if (f.name() != null && !f.name().equals(e.name())) {
                    jdbc.sql("update area set name = ? where id = ?").params(f.name(), e.id()).update();
                    history(e.id(), user.username(), "RENAME", e.name() + " → " + f.name() + " (GeoJSON import)", why);
                }
                updated++;
            }
            if (!"BASE".equals(lk[1]) && "GRID".equals(lk[0])) {
                overlays.add(f);
            }
        }
        // overlay coverage: the imported overlays, and every overlay of the counties touched when grids changed
        Set<Long> done = new HashSet<>();
        for (Feature f : overlays) {
            recomputeCoverage(ids.get(f.code()), f.code(), f.geometry());
            done.add(ids.get(f.code()));
        }
        Set<String> counties = new HashSet<>();
        for (Feature f : ordered) {
            if ("GRID".equals(levelKind.get(f.code())[0]) && "BASE".equals(levelKind.get(f.code())[1])) {
                counties.add(f.code().substring(0, 6));
            }
        }
        for (String county : counties) {
            for (Area o : jdbc.sql(SELECT + " where a.code like ? and a.kind <> 'BASE' and a.level = 'GRID'"
                    + " and a.retired_at is null and a.boundary is not null").param(county + "%")
                    .query(AreaService::map).list()) {
                Geometry og = geometry(o);
                if (og != null && done.add(o.id())) {
                    recomputeCoverage(o.id(), o.code(), og);
                }
            }
        }
        List<String> codes = ordered.stream().map(Feature::code).toList();
        audit.record(user.username(), "AREA_IMPORT", codes.getFirst(), created + " created, " + updated
                + " boundaries set, " + codes.size() + " features; reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("IMPORT", codes.getFirst()));
        return new ImportResult(created, updated, codes);
    }

    private static InvalidRequestException rejected(List<String> errors) {
        return new InvalidRequestException("GeoJSON import rejected, nothing was imported. "
                + String.join("; ", errors) + (errors.size() >= MAX_ERRORS ? "; …" : ""));
    }

    private static String text(JsonNode props, String field) {
        JsonNode v = props == null ? null : props.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isString() ? v.stringValue() : v.toString();
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    /**
     * Active areas with a boundary inside the scope as a FeatureCollection (properties code, name, level, kind,
     * parentCode), optionally only under a code and at a level.
     */
    String exportGeoJson(DataScope scope, String under, String level, String kind) {
        ObjectNode fc = json.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        if (scope.isEmpty()) {
            return fc.toString();
        }
        jdbc.sql("""
                        select a.code, a.name, a.level, a.kind, p.code as parent_code, a.boundary
                        from area a left join area p on p.id = a.parent_id
                        where a.code like any (?) and a.retired_at is null and a.boundary is not null
                          and (?::text is null or a.code like ?) and (?::text is null or a.level = ?)
                          and (?::text is null or a.kind = ?)
                        order by length(a.code), a.code""")
                .params(scope.likePatterns(), under, under + "%", level, level, kind, kind)
                .query(rs -> {
                    ObjectNode f = features.addObject();
                    f.put("type", "Feature");
                    ObjectNode props = f.putObject("properties");
                    props.put("code", rs.getString("code"));
                    props.put("name", rs.getString("name"));
                    props.put("level", rs.getString("level"));
                    props.put("kind", rs.getString("kind"));
                    props.put("parentCode", rs.getString("parent_code"));
                    f.set("geometry", json.readTree(rs.getString("boundary")));
                });
        return fc.toString();
    }
}
