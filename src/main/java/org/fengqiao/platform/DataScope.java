package org.fengqiao.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The area subtrees a user may see, as area-code prefixes (SECURITY.md rule 3). Queries take it as a parameter and
 * filter in SQL; templates never decide what is visible.
 */
public record DataScope(List<String> prefixes) {

    public static final DataScope NOTHING = new DataScope(List.of());

    public DataScope {
        prefixes = normalise(prefixes);
    }

    public static DataScope of(Collection<String> codes) {
        return new DataScope(new ArrayList<>(codes));
    }

    public static DataScope of(String... codes) {
        return new DataScope(List.of(codes));
    }

    /** Whether an area with this code lies inside the scope. */
    public boolean covers(String areaCode) {
        if (areaCode == null) {
            return false;
        }
        for (String p : prefixes) {
            if (areaCode.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any part of the scope lies under the area with this code (the area is an ancestor or equal). */
    public boolean reaches(String areaCode) {
        if (covers(areaCode)) {
            return true;
        }
        for (String p : prefixes) {
            if (p.startsWith(areaCode)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /**
     * A SQL predicate for a column holding area codes, e.g. {@code area_code like any (?)}; bind
     * {@link #likePatterns()} as a text array.
     */
    public String[] likePatterns() {
        return prefixes.stream().map(p -> p + "%").toArray(String[]::new);
    }

    /** Drops prefixes covered by shorter ones, so queries carry as few as needed. */
    private static List<String> normalise(List<String> codes) {
        List<String> sorted = codes.stream().filter(c -> c != null && !c.isBlank()).distinct()
                .sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())).toList();
        List<String> kept = new ArrayList<>();
        for (String c : sorted) {
            if (kept.stream().noneMatch(c::startsWith)) {
                kept.add(c);
            }
        }
        return List.copyOf(kept);
    }
}
