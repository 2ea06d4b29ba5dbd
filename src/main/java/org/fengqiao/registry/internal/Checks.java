package org.fengqiao.registry.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import org.fengqiao.platform.InvalidRequestException;

/** Small input rules shared by the registry's commands, imports and forms; each failure names the field. */
public final class Checks {

    /** 与户主关系, GB/T 4761 家庭关系代码 (the two-digit classes). */
    public static final Map<String, String> RELATIONSHIPS = Map.of("02", "户主", "10", "配偶", "20", "子",
            "30", "女", "40", "孙子女", "50", "父母", "60", "祖父母", "70", "兄弟姐妹", "80", "其他亲属", "99", "非亲属");
    public static final String HEAD = "02";
    public static final Set<String> POPULATION_KINDS = Set.of("REGISTERED", "FLOATING", "FOREIGN");
    public static final Set<String> INFLOW_REASONS = Set.of("WORK", "BUSINESS", "STUDY", "FAMILY", "OTHER");
    public static final Set<String> HOUSEHOLD_KINDS = Set.of("REGISTERED", "RESIDENT", "TENANT", "COLLECTIVE");
    public static final Set<String> ROOM_USES = Set.of("SELF_OCCUPIED", "RENTAL", "SHOP", "VACANT", "OTHER");

    private Checks() {
    }

    /** Stripped text, null when blank. */
    public static String text(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Required text of at most {@code max} characters. */
    public static String required(String value, String field, int max) {
        String t = text(value);
        if (t == null) {
            throw new InvalidRequestException(field + " is required.");
        }
        return optional(t, field, max);
    }

    public static String optional(String value, String field, int max) {
        String t = text(value);
        if (t != null && t.length() > max) {
            throw new InvalidRequestException(field + " may have at most " + max + " characters.");
        }
        return t;
    }

    /** A reason for a change that must be explained: at least 2 characters, at most 500. */
    public static String reason(String value, String what) {
        String t = text(value);
        if (t == null || t.length() < 2) {
            throw new InvalidRequestException("State why " + what + ".");
        }
        return t.length() > 500 ? t.substring(0, 500) : t;
    }

    public static String oneOf(String value, Set<String> allowed, String field) {
        String t = text(value);
        if (t == null) {
            return null;
        }
        t = t.toUpperCase();
        if (!allowed.contains(t)) {
            throw new InvalidRequestException(field + " must be one of " + new java.util.TreeSet<>(allowed) + ".");
        }
        return t;
    }

    public static LocalDate date(String value, String field) {
        String t = text(value);
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t.replace('/', '-'));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field + " is not a date (YYYY-MM-DD).");
        }
    }

    /** Cuts free text for an audit row. */
    public static String limit(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }

    /** A LIKE pattern matching the text anywhere, with LIKE's own characters escaped. */
    public static String contains(String q) {
        return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
