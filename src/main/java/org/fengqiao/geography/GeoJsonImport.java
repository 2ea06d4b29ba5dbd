package org.fengqiao.geography;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.internal.AreaRules;
import org.fengqiao.geography.internal.BoundaryValidator;
import org.fengqiao.geography.internal.BoundaryValidator.BoundaryException;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.locationtech.jts.geom.Geometry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Imports a GeoJSON FeatureCollection: creates the areas that do not exist yet and sets the boundaries (and names)
 * of those that do. Every feature must lie inside a post granting {@link GeographyPermission#IMPORT_BOUNDARIES}.
 * Everything is checked first — the features one by one, the tree structure, then the geometry — and one problem
 * rejects the whole file.
 */
@Service
class GeoJsonImport {

    static final int MAX_ERRORS = 20;

    private final AreaStore store;
    private final AreaFit fit;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;

    GeoJsonImport(AreaStore store, AreaFit fit, AccessPolicy policy, AuditTrail audit,
                  ApplicationEventPublisher events, ObjectMapper json) {
        this.store = store;
        this.fit = fit;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
        this.json = json;
    }

    record ImportResult(int created, int updated, List<String> codes) {
    }

    private record Feature(int index, String code, String name, String level, String kind, String parentCode,
                           Geometry geometry, AreaStore.Area existing) {
        String label() {
            return "features[" + index + "] (code " + code + ")";
        }
    }

    /** What the checks learnt, for the writing step: the features parents first, their level/kind, stored parents. */
    private static final class Plan {
        final Map<String, Feature> byCode = new LinkedHashMap<>();
        final List<String> errors = new ArrayList<>();
        final Map<String, AreaStore.Area> dbParents = new HashMap<>();
        final Map<String, String[]> levelKind = new HashMap<>();
        List<Feature> ordered = List.of();

        boolean full() {
            return errors.size() >= MAX_ERRORS;
        }

        void rejectIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidRequestException("GeoJSON import rejected, nothing was imported. "
                        + String.join("; ", errors) + (full() ? "; …" : ""));
            }
        }
    }

    @Transactional
    ImportResult importGeoJson(String text, String reason) {
        CurrentUser.User user = CurrentUser.require();
        if (!policy.holds(GeographyPermission.IMPORT_BOUNDARIES)) {
            audit.recordIndependently(user.username(), "AREA_IMPORT", null, "no post grants import",
                    AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("None of your role assignments allows importing areas.");
        }
        String why = reason == null || reason.isBlank() ? "GeoJSON import" : AreaService.reason(reason);
        Plan plan = new Plan();
        readFeatures(features(text), plan);
        plan.ordered = new ArrayList<>(plan.byCode.values());
        plan.ordered.sort(Comparator.comparingInt((Feature f) -> f.code().length()).thenComparing(Feature::code));
        checkStructure(plan);
        plan.rejectIfAny();
        checkGeometry(plan);
        plan.rejectIfAny();
        int[] counts = write(plan, user.username(), why);
        refreshCoverage(plan);
        List<String> codes = plan.ordered.stream().map(Feature::code).toList();
        audit.record(user.username(), "AREA_IMPORT", codes.getFirst(), counts[0] + " created, " + counts[1]
                + " boundaries set, " + codes.size() + " features; reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new AreaTreeChanged("IMPORT", codes.getFirst()));
        return new ImportResult(counts[0], counts[1], codes);
    }

    private JsonNode features(String text) {
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
        return features;
    }

    /** Each feature on its own: a Feature with a unique code inside the user's post and a valid geometry. */
    private void readFeatures(JsonNode features, Plan plan) {
        for (int i = 0; i < features.size() && !plan.full(); i++) {
            JsonNode f = features.get(i);
            JsonNode props = f.path("properties");
            String code = text(props, "code");
            String label = "features[" + i + "]" + (code == null ? "" : " (code " + code + ")");
            if (!f.isObject() || !"Feature".equals(f.path("type").asString(""))) {
                plan.errors.add(label + ": not a GeoJSON Feature");
                continue;
            }
            if (code == null) {
                plan.errors.add(label + ": has no property 'code'");
                continue;
            }
            if (plan.byCode.containsKey(code)) {
                plan.errors.add(label + ": code appears twice in the file (also features["
                        + plan.byCode.get(code).index() + "])");
                continue;
            }
            if (!policy.allows(GeographyPermission.IMPORT_BOUNDARIES, code)) {
                plan.errors.add(label + ": lies outside your area");
                continue;
            }
            Geometry g;
            try {
                JsonNode geom = f.get("geometry");
                g = BoundaryValidator.parse(geom == null || geom.isNull() ? null : geom.toString());
            } catch (BoundaryException e) {
                plan.errors.add(label + ": " + e.getMessage());
                continue;
            }
            String parentCode = text(props, "parentCode");
            if (parentCode == null && code.length() > 6) {
                parentCode = code.substring(0, code.length() - 3);
            }
            plan.byCode.put(code, new Feature(i, code, text(props, "name"), text(props, "level"),
                    text(props, "kind"), parentCode, g, store.findUnscoped(code).orElse(null)));
        }
    }

    /** Every area fits its parent by the tree rules; an existing area is not restructured by an import. */
    private void checkStructure(Plan plan) {
        for (Feature f : plan.ordered) {
            if (plan.full()) {
                break;
            }
            AreaStore.Area e = f.existing();
            if (e != null) {
                String problem = existingProblem(f, e);
                if (problem != null) {
                    plan.errors.add(f.label() + ": " + problem);
                }
                plan.levelKind.put(f.code(), new String[] {e.level(), e.kind()});
                continue;
            }
            if (f.name() == null) {
                plan.errors.add(f.label() + ": a new area needs a 'name'");
                continue;
            }
            if (f.name().length() > 100) {
                plan.errors.add(f.label() + ": name is longer than 100 characters");
                continue;
            }
            AreaRules.Parent parent = null;
            if (f.code().length() > 6 || f.parentCode() != null) {
                String pc = f.parentCode();
                if (plan.byCode.containsKey(pc) && plan.levelKind.containsKey(pc)) {
                    String[] lk = plan.levelKind.get(pc);
                    parent = new AreaRules.Parent(pc, lk[0], lk[1]);
                } else {
                    AreaStore.Area p = storedParent(plan, pc);
                    if (p == null || p.retired()) {
                        plan.errors.add(f.label() + ": parent " + pc + (p == null ? " does not exist" : " is retired"));
                        continue;
                    }
                    parent = new AreaRules.Parent(p.code(), p.level(), p.kind());
                }
            }
            String kind = f.kind() != null ? f.kind()
                    : parent != null && !"BASE".equals(parent.kind()) ? parent.kind() : "BASE";
            String level = f.level() != null ? f.level() : parent == null ? "COUNTY" : switch (parent.level()) {
                case "COUNTY" -> "TOWN";
                case "TOWN" -> "VILLAGE";
                case "VILLAGE" -> "GRID";
                default -> "BASE".equals(kind) ? "BUILDING" : "MICRO_GRID";
            };
            String problem = AreaRules.check(f.code(), level, kind, parent);
            if (problem != null) {
                plan.errors.add(f.label() + ": " + problem);
                continue;
            }
            plan.levelKind.put(f.code(), new String[] {level, kind});
        }
    }

    private static String existingProblem(Feature f, AreaStore.Area e) {
        if (e.retired()) {
            return "area is retired";
        }
        if (f.level() != null && !f.level().equals(e.level()) || f.kind() != null && !f.kind().equals(e.kind())) {
            return "level/kind " + f.level() + "/" + f.kind() + " differ from the stored " + e.level() + "/"
                    + e.kind() + " (use move, not import, to restructure)";
        }
        if (f.parentCode() != null && !f.parentCode().equals(e.parentCode())
                && !(e.parentCode() == null && f.code().length() == 6)) {
            return "parentCode " + f.parentCode() + " differs from the stored parent " + e.parentCode()
                    + " (use move, not import, to restructure)";
        }
        if (f.name() != null && f.name().length() > 100) {
            return "name is longer than 100 characters";
        }
        return null;
    }

    private AreaStore.Area storedParent(Plan plan, String code) {
        return plan.dbParents.computeIfAbsent(code, c -> store.findUnscoped(c).orElse(null));
    }

    /** Inside the parent, no overlap with siblings (from the file and from the database). */
    private void checkGeometry(Plan plan) {
        Map<String, List<Feature>> groups = new LinkedHashMap<>();
        for (Feature f : plan.ordered) {
            String kind = plan.levelKind.get(f.code())[1];
            String pc = f.existing() != null ? f.existing().parentCode() : f.parentCode();
            if (pc == null) {
                continue;
            }
            groups.computeIfAbsent(pc + "|" + kind, k -> new ArrayList<>()).add(f);
            Geometry parentGeometry;
            if (plan.byCode.containsKey(pc)) {
                parentGeometry = plan.byCode.get(pc).geometry();
            } else {
                AreaStore.Area p = storedParent(plan, pc);
                parentGeometry = p == null ? null : p.geometry();
            }
            if (parentGeometry != null && !"MARITIME".equals(kind)) {
                String p = BoundaryValidator.outsideParent(f.geometry(), parentGeometry, pc);
                if (p != null && !plan.full()) {
                    plan.errors.add(f.label() + ": " + p);
                }
            }
        }
        for (Map.Entry<String, List<Feature>> group : groups.entrySet()) {
            if (plan.full()) {
                break;
            }
            String pc = group.getKey().substring(0, group.getKey().indexOf('|'));
            String kind = group.getKey().substring(group.getKey().indexOf('|') + 1);
            List<Feature> members = group.getValue();
            AreaStore.Area parentRow = store.findUnscoped(pc).orElse(null);
            List<AreaStore.Area> stored = parentRow == null ? List.of() : store.siblings(parentRow.id(), kind)
                    .stream().filter(s -> !plan.byCode.containsKey(s.code())).toList();
            for (int i = 0; i < members.size() && !plan.full(); i++) {
                Feature a = members.get(i);
                for (int j = i + 1; j < members.size(); j++) {
                    String p = BoundaryValidator.overlap(a.geometry(), members.get(j).geometry(),
                            members.get(j).code());
                    if (p != null) {
                        plan.errors.add(a.label() + ": " + p + " (features[" + members.get(j).index() + "])");
                    }
                }
                for (AreaStore.Area s : stored) {
                    Geometry sg = s.geometry();
                    String p = sg == null ? null : BoundaryValidator.overlap(a.geometry(), sg, s.code());
                    if (p != null) {
                        plan.errors.add(a.label() + ": " + p);
                    }
                }
            }
        }
    }

    /** Writes parents first; returns {created, updated}. */
    private int[] write(Plan plan, String actor, String why) {
        int created = 0;
        int updated = 0;
        Map<String, Long> ids = new HashMap<>();
        for (Feature f : plan.ordered) {
            String[] lk = plan.levelKind.get(f.code());
            if (f.existing() == null) {
                Long parentId = null;
                if (f.parentCode() != null) {
                    parentId = ids.containsKey(f.parentCode()) ? ids.get(f.parentCode())
                            : plan.dbParents.get(f.parentCode()).id();
                }
                long id = store.insert(f.code(), parentId, lk[0], lk[1], f.name(), null, f.geometry());
                ids.put(f.code(), id);
                store.history(id, actor, "CREATE", lk[0] + " " + lk[1] + " " + f.code() + " " + f.name()
                        + " (GeoJSON import, with boundary)", why);
                created++;
            } else {
                AreaStore.Area e = f.existing();
                ids.put(f.code(), e.id());
                store.setBoundary(e.id(), f.geometry());
                store.history(e.id(), actor, "BOUNDARY", e.hasBoundary() ? "boundary replaced (GeoJSON import)"
                        : "boundary set (GeoJSON import)", why);
                if (f.name() != null && !f.name().equals(e.name())) {
                    store.rename(e.id(), f.name());
                    store.history(e.id(), actor, "RENAME", e.name() + " → " + f.name() + " (GeoJSON import)", why);
                }
                updated++;
            }
        }
        return new int[] {created, updated};
    }

    /** Overlay coverage: the imported overlays, and every overlay of the counties whose grids changed. */
    private void refreshCoverage(Plan plan) {
        Set<Long> done = new HashSet<>();
        Set<String> counties = new HashSet<>();
        for (Feature f : plan.ordered) {
            String[] lk = plan.levelKind.get(f.code());
            if ("GRID".equals(lk[0]) && !"BASE".equals(lk[1])) {
                long id = store.findUnscoped(f.code()).orElseThrow().id();
                fit.recomputeCoverage(id, f.code(), f.geometry());
                done.add(id);
            } else if ("GRID".equals(lk[0])) {
                counties.add(f.code().substring(0, 6));
            }
        }
        for (String county : counties) {
            for (AreaStore.Area o : store.overlaysWithBoundary(county)) {
                Geometry og = o.geometry();
                if (og != null && done.add(o.id())) {
                    fit.recomputeCoverage(o.id(), o.code(), og);
                }
            }
        }
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
}
