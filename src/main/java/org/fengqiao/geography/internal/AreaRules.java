package org.fengqiao.geography.internal;

import java.util.Set;

/**
 * Which area may sit under which, and what its code looks like. Codes follow the national statistical division
 * code: county 6 digits, +3 town/street, +3 village/community, +3 grid, +3 building or micro-grid. Every child code
 * is its parent's code plus three digits, so a subtree is a code prefix. Overlay grids (industrial park, maritime,
 * police defense zone) are areas of their own kind under the county, town or village that owns them; a police
 * defense zone has micro-grids of its own kind.
 */
public final class AreaRules {

    public static final Set<String> LEVELS = Set.of("COUNTY", "TOWN", "VILLAGE", "GRID", "BUILDING", "MICRO_GRID");
    public static final Set<String> KINDS = Set.of("BASE", "INDUSTRIAL_PARK", "MARITIME", "POLICE_ZONE");

    private AreaRules() {
    }

    /** The parent's level and kind as far as the rules care. */
    public record Parent(String code, String level, String kind) {
    }

    /**
     * Checks that an area of this level and kind may have this code under this parent; returns a problem
     * description, or null when it is fine.
     */
    public static String check(String code, String level, String kind, Parent parent) {
        if (level == null || !LEVELS.contains(level)) {
            return "unknown level '" + level + "' (one of COUNTY, TOWN, VILLAGE, GRID, BUILDING, MICRO_GRID)";
        }
        if (kind == null || !KINDS.contains(kind)) {
            return "unknown kind '" + kind + "' (one of BASE, INDUSTRIAL_PARK, MARITIME, POLICE_ZONE)";
        }
        if (code == null || !code.matches("\\d{6}(\\d{3}){0,4}")) {
            return "code '" + code + "' must be 6 digits plus groups of 3 digits (at most 18)";
        }
        if (parent == null) {
            if (!"COUNTY".equals(level) || !"BASE".equals(kind) || code.length() != 6) {
                return "only a county (6 digits, kind BASE) may have no parent";
            }
            return null;
        }
        if (!code.startsWith(parent.code()) || code.length() != parent.code().length() + 3) {
            return "code " + code + " must be the parent's code " + parent.code() + " plus three digits";
        }
        if (code.endsWith("000") && !"TOWN".equals(level)) {
            return "the last three digits of code " + code + " may not be 000";
        }
        String allowed = allowedParentLevel(level, kind, parent.kind());
        if (allowed == null) {
            return "an area of level " + level + " and kind " + kind + " cannot sit under " + parent.level()
                    + " " + parent.code() + " (" + parent.kind() + ")";
        }
        if (!allowed.contains("," + parent.level() + ",")) {
            return "an area of level " + level + " and kind " + kind + " must sit under " + allowed.replaceAll("^,|,$", "")
                    .replace(",", " or ") + ", not " + parent.level() + " " + parent.code();
        }
        return null;
    }

    private static String allowedParentLevel(String level, String kind, String parentKind) {
        if ("BASE".equals(kind)) {
            if (!"BASE".equals(parentKind)) {
                return null;
            }
            return switch (level) {
                case "TOWN" -> ",COUNTY,";
                case "VILLAGE" -> ",TOWN,";
                case "GRID" -> ",VILLAGE,";
                case "BUILDING", "MICRO_GRID" -> ",GRID,";
                default -> null;
            };
        }
        // overlays: an overlay grid under the base area owning it; its micro-grids/buildings under it
        return switch (level) {
            case "GRID" -> "BASE".equals(parentKind) ? ",COUNTY,TOWN,VILLAGE," : null;
            case "MICRO_GRID", "BUILDING" -> kind.equals(parentKind) ? ",GRID," : null;
            default -> null;
        };
    }

    /** Whether this is a base grid (the unit a point is located to). */
    public static boolean isBaseGrid(String level, String kind) {
        return "GRID".equals(level) && "BASE".equals(kind);
    }
}
