package org.fengqiao.geography;

import java.util.ArrayList;
import java.util.List;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.internal.AreaRules;
import org.fengqiao.geography.internal.BoundaryValidator;
import org.fengqiao.geography.internal.BoundaryValidator.BoundaryException;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Permission;
import org.locationtech.jts.geom.Geometry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to the area tree: create, rename, retire, move, overlay coverage. Each is allowed only when ONE of the
 * user's assignments grants {@link GeographyPermission#EDIT_AREAS} and covers every area the change touches (for a
 * move both the old and the new place). Nothing is deleted: areas are retired with a reason. Every change is written
 * to area_history and to the audit trail, in the same transaction.
 */
@Service
class AreaService {

    private final AreaStore store;
    private final AreaFit fit;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    AreaService(AreaStore store, AreaFit fit, AccessPolicy policy, AuditTrail audit,
                ApplicationEventPublisher events) {
        this.store = store;
        this.fit = fit;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
    }

    record CreateCommand(String parentCode, String code, String name, String level, String kind, String subtype,
                         String boundary, String reason) {
    }

    /** What the user may see of the tree (404 beyond it). */
    private DataScope visible() {
        return policy.scope(GeographyPermission.READ_AREAS);
    }

    /** 403, audited, unless one assignment grants the permission over all these areas. */
    String authorise(Permission p, String... codes) {
        CurrentUser.User user = CurrentUser.require();
        if (!policy.allowsAll(p, codes)) {
            audit.recordIndependently(user.username(), "AREA_CHANGE", String.join(",", codes),
                    "no post grants " + p.qualifiedName() + " here", AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("None of your role assignments allows " + p.qualifiedName() + " for "
                    + String.join(", ", codes) + ".");
        }
        return user.username();
    }

    static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(what + " is required.");
        }
        return value.strip();
    }

    static String reason(String reason) {
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

    private static void checkVersion(AreaStore.Area area, Integer expected) {
        if (expected != null && expected != area.version()) {
            throw new ConflictException("Area " + area.code() + " was changed by someone else in the meantime;"
                    + " reload and try again.");
        }
    }

    static String defaultLevel(String parentLevel, String kind) {
        if (parentLevel == null) {
            return "COUNTY";
        }
        if (!"BASE".equals(kind)) {
            return "MICRO_GRID";
        }
        return switch (parentLevel) {
            case "COUNTY" -> "TOWN";
            case "TOWN" -> "VILLAGE";
            case "VILLAGE" -> "GRID";
            default -> "BUILDING";
        };
    }

    @Transactional
    AreaStore.Area create(CreateCommand c) {
        CurrentUser.require();
        AreaStore.Area parent = null;
        if (c.parentCode() != null && !c.parentCode().isBlank()) {
            parent = store.get(c.parentCode().strip(), visible());
            if (parent.retired()) {
                throw new ConflictException("Area " + parent.code() + " is retired; nothing can be added under it.");
            }
        }
        String name = name(c.name());
        String level = c.level() == null || c.level().isBlank()
                ? defaultLevel(parent == null ? null : parent.level(), parent == null ? "BASE" : parent.kind())
                : c.level().strip();
        String kind = c.kind() == null || c.kind().isBlank() ? (parent != null && !"BASE".equals(parent.kind())
                ? parent.kind() : "BASE") : c.kind().strip();
        String code = c.code() == null || c.code().isBlank()
                ? (parent == null ? null : store.nextChildCode(parent.code())) : c.code().strip();
        if (code == null) {
            throw new InvalidRequestException("A county needs its 6-digit code.");
        }
        String problem = AreaRules.check(code, level, kind, parent == null ? null
                : new AreaRules.Parent(parent.code(), parent.level(), parent.kind()));
        if (problem != null) {
            throw new InvalidRequestException("Cannot create area " + code + ": " + problem + ".");
        }
        String actor = authorise(GeographyPermission.EDIT_AREAS, code);
        if (store.findUnscoped(code).isPresent()) {
            throw new ConflictException("Area code " + code + " is already in use (codes are never reused).");
        }
        Geometry geometry = null;
        if (c.boundary() != null && !c.boundary().isBlank()) {
            try {
                geometry = BoundaryValidator.parse(c.boundary());
            } catch (BoundaryException e) {
                throw new InvalidRequestException("The boundary " + e.getMessage() + ".");
            }
            String misfit = fit.problem(geometry, code, kind, parent, null);
            if (misfit != null) {
                throw new InvalidRequestException("The boundary " + misfit + ".");
            }
        }
        String subtype = c.subtype() == null || c.subtype().isBlank() ? null : c.subtype().strip().toUpperCase();
        if (subtype != null && !subtype.matches("[A-Z_]{1,16}")) {
            throw new InvalidRequestException("Unknown subtype " + subtype + ".");
        }
        long id = store.insert(code, parent == null ? null : parent.id(), level, kind, name, subtype, geometry);
        String reason = c.reason() == null || c.reason().isBlank() ? null : reason(c.reason());
        store.history(id, actor, "CREATE", level + " " + kind + " " + code + " " + name
                + (parent == null ? "" : " under " + parent.code()), reason);
        audit.record(actor, "AREA_CREATE", code, level + " " + kind + " " + name
                + (reason == null ? "" : "; reason: " + reason), AuditTrail.Outcome.SUCCESS);
        if (geometry != null && !"BASE".equals(kind)) {
            fit.recomputeCoverage(id, code, geometry);
        }
        events.publishEvent(new AreaTreeChanged("CREATE", code));
        return store.findUnscoped(code).orElseThrow();
    }

    @Transactional
    AreaStore.Area rename(String code, String newName, String reason, Integer version) {
        AreaStore.Area area = store.get(code, visible());
        String actor = authorise(GeographyPermission.EDIT_AREAS, area.code());
        checkVersion(area, version);
        if (area.retired()) {
            throw new ConflictException("Area " + code + " is retired.");
        }
        String name = name(newName);
        String why = reason(reason);
        if (name.equals(area.name())) {
            throw new InvalidRequestException("The new name is the same as the current one.");
        }
        store.rename(area.id(), name);
        store.history(area.id(), actor, "RENAME", area.name() + " → " + name, why);
        audit.record(actor, "AREA_RENAME", code, area.name() + " → " + name + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("RENAME", code));
        return store.findUnscoped(code).orElseThrow();
    }

    @Transactional
    AreaStore.Area retire(String code, String reason, Integer version) {
        AreaStore.Area area = store.get(code, visible());
        String actor = authorise(GeographyPermission.EDIT_AREAS, area.code());
        checkVersion(area, version);
        String why = reason(reason);
        if (area.retired()) {
            throw new ConflictException("Area " + code + " is already retired.");
        }
        int active = store.activeChildren(area.id());
        if (active > 0) {
            throw new ConflictException("Area " + code + " still has " + active
                    + " active sub-areas; retire or move them first.");
        }
        store.retire(area.id(), actor, why);
        store.history(area.id(), actor, "RETIRE", area.name(), why);
        audit.record(actor, "AREA_RETIRE", code, area.name() + "; reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("RETIRE", code));
        return store.findUnscoped(code).orElseThrow();
    }

    @Transactional
    AreaStore.Area move(String code, String newParentCode, String reason, Integer version) {
        DataScope visible = visible();
        AreaStore.Area area = store.get(code, visible);
        checkVersion(area, version);
        String why = reason(reason);
        if (area.retired()) {
            throw new ConflictException("Area " + code + " is retired.");
        }
        if (area.parentId() == null) {
            throw new InvalidRequestException("A county cannot be moved.");
        }
        AreaStore.Area parent = store.get(required(newParentCode, "The new parent").strip(), visible);
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
        if (store.findUnscoped(newCode).isPresent()) {
            newCode = store.nextChildCode(parent.code());
        }
        String problem = AreaRules.check(newCode, area.level(), area.kind(),
                new AreaRules.Parent(parent.code(), parent.level(), parent.kind()));
        if (problem != null) {
            throw new InvalidRequestException("Cannot move area " + code + " under " + parent.code() + ": " + problem + ".");
        }
        // one post must cover the area where it is and where it goes
        String actor = authorise(GeographyPermission.EDIT_AREAS, code, newCode);
        if (area.hasBoundary()) {
            Geometry g = area.geometry();
            String misfit = g == null ? null : fit.problem(g, newCode, area.kind(), parent, area.id());
            if (misfit != null) {
                throw new InvalidRequestException("Cannot move area " + code + " under " + parent.code()
                        + ": its boundary " + misfit + ".");
            }
        }
        if (store.codesInUseUnder(newCode)) {
            throw new ConflictException("Codes under " + newCode + " are already in use.");
        }
        int recoded = store.recode(area, newCode, parent.id(), actor, why);
        store.history(area.id(), actor, "MOVE", code + " → " + newCode + " (under " + parent.code() + ")", why);
        audit.record(actor, "AREA_MOVE", code, code + " → " + newCode + ", " + recoded
                + " areas re-coded; reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaRecoded(code, newCode, actor, why));
        events.publishEvent(new AreaTreeChanged("MOVE", newCode));
        return store.findUnscoped(newCode).orElseThrow();
    }

    /** Links an overlay grid to the base grids it covers (replacing its links); one post must cover them all. */
    @Transactional
    AreaStore.Area setCoverage(String overlayCode, List<String> gridCodes, String reason) {
        DataScope visible = visible();
        AreaStore.Area overlay = store.get(overlayCode, visible);
        List<String> grids = gridCodes == null ? List.of() : gridCodes;
        List<String> touched = new ArrayList<>(grids);
        touched.add(overlay.code());
        String actor = authorise(GeographyPermission.EDIT_AREAS, touched.toArray(String[]::new));
        String why = reason(reason);
        if ("BASE".equals(overlay.kind())) {
            throw new InvalidRequestException("Area " + overlayCode + " is a base area, not an overlay grid.");
        }
        List<Long> ids = new ArrayList<>();
        for (String gc : grids) {
            AreaStore.Area g = store.get(gc, visible);
            if (!AreaRules.isBaseGrid(g.level(), g.kind()) || g.retired()) {
                throw new InvalidRequestException("Area " + gc + " is not an active base grid.");
            }
            ids.add(g.id());
        }
        store.replaceCoverage(overlay.id(), ids);
        String detail = "covers " + String.join(", ", grids);
        store.history(overlay.id(), actor, "COVERAGE", detail, why);
        audit.record(actor, "AREA_COVERAGE", overlayCode, detail + "; reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("COVERAGE", overlayCode));
        return overlay;
    }
}
