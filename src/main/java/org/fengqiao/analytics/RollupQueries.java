package org.fengqiao.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.fengqiao.cases.WorkingCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sums the measures for an area subtree, a period of whole days and optional category and department, grouped by
 * nothing, month, child area, category or department. Whole months of provinces, prefectures, counties and towns
 * come from the monthly rollup, the days at the edges from the daily rollup (province to county) or the read
 * models; villages, grids and departments are summed from the read models' rows, which their indexes keep small.
 * Both paths add up the same rows ({@link Measures#contributions}).
 */
@Repository
class RollupQueries {

    enum By { NOTHING, MONTH, CHILD_AREA, CATEGORY, DEPARTMENT }

    private final JdbcClient jdbc;

    RollupQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static boolean coarse(int level) {
        return level == 2 || level == 4 || level == 6 || level == 9;
    }

    /** The level of an area's children: province → prefecture → county → town → village → grid → building. */
    static int childLevel(int level) {
        return switch (level) {
            case 2 -> 4;
            case 4 -> 6;
            case 6 -> 9;
            case 9 -> 12;
            default -> level + 3;
        };
    }

    /** Sums over [from, to) days; the map's keys are the groups ("" when grouped by nothing), sorted. */
    Map<String, long[]> sums(String area, String category, Long org, LocalDate from, LocalDate to, By by) {
        Map<String, long[]> out = new TreeMap<>();
        if (!from.isBefore(to)) {
            return out;
        }
        int level = area.length();
        int rowLevel = by == By.CHILD_AREA ? childLevel(level) : level;
        if (by == By.DEPARTMENT && level == 6 && category == null && org == null) {
            return departments(area, from, to);
        }
        if (org != null || by == By.DEPARTMENT || !coarse(rowLevel)) {
            add(out, fromReadModels(area, category, org, from, to, by, rowLevel));
            return out;
        }
        LocalDate m1 = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        LocalDate m2 = to.withDayOfMonth(1);
        if (m1.isBefore(m2)) {
            add(out, fromRollup("M", rowLevel, area, category, m1, m2, by));
            edge(out, area, category, from, m1, by, rowLevel);
            edge(out, area, category, m2, to, by, rowLevel);
        } else {
            edge(out, area, category, from, to, by, rowLevel);
        }
        return out;
    }

    private void edge(Map<String, long[]> out, String area, String category, LocalDate from, LocalDate to, By by,
                      int rowLevel) {
        if (!from.isBefore(to)) {
            return;
        }
        if (rowLevel <= 6) {
            add(out, fromRollup("D", rowLevel, area, category, from, to, by));
        } else if (rowLevel == 9 && category == null && by != By.CATEGORY) {
            add(out, fromRollup("T", rowLevel, area, Rollups.ALL_CATEGORIES, from, to, by));
        } else {
            add(out, fromReadModels(area, category, null, from, to, by, rowLevel));
        }
    }

    private static void add(Map<String, long[]> out, Map<String, long[]> more) {
        more.forEach((k, m) -> {
            long[] t = out.computeIfAbsent(k, x -> new long[m.length]);
            for (int i = 0; i < m.length; i++) {
                t[i] += m[i];
            }
        });
    }

    private Map<String, long[]> fromRollup(String grain, int rowLevel, String area, String category, LocalDate from,
                                           LocalDate to, By by) {
        String group = switch (by) {
            case NOTHING -> "''";
            case MONTH -> "to_char(bucket, 'YYYY-MM')";
            case CHILD_AREA -> "area";
            case CATEGORY -> "category_code";
            case DEPARTMENT -> throw new IllegalArgumentException("departments are not rolled up");
        };
        String areaCondition = rowLevel == area.length() ? "area = :area" : "area like :prefix";
        return collect(jdbc.sql("select " + group + " as g, " + Measures.sums("") + " from analytics_rollup"
                        + " where grain = :grain and level = :level and " + areaCondition
                        + " and bucket >= :from and bucket < :to"
                        + " and (cast(:category as text) is null or category_code = :category) group by 1")
                .param("grain", grain).param("level", rowLevel).param("area", area).param("prefix", area + "%")
                .param("from", from).param("to", to).param("category", category));
    }

    /** A county's lead departments: whole months and the days at the edges from the departments' rollup. */
    private Map<String, long[]> departments(String county, LocalDate from, LocalDate to) {
        Map<String, long[]> out = new TreeMap<>();
        LocalDate m1 = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        LocalDate m2 = to.withDayOfMonth(1);
        if (m1.isBefore(m2)) {
            add(out, departmentRows("M", county, m1, m2));
            add(out, departmentRows("D", county, from, m1));
            add(out, departmentRows("D", county, m2, to));
        } else {
            add(out, departmentRows("D", county, from, to));
        }
        return out;
    }

    private Map<String, long[]> departmentRows(String grain, String county, LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            return Map.of();
        }
        return collect(jdbc.sql("select cast(org_id as text) as g, " + Measures.sums("")
                        + " from analytics_rollup_org where grain = :grain and area = :area and bucket >= :from"
                        + " and bucket < :to group by 1")
                .param("grain", grain).param("area", county).param("from", from).param("to", to));
    }

    private Map<String, long[]> fromReadModels(String area, String category, Long org, LocalDate from, LocalDate to,
                                               By by, int rowLevel) {
        String group = switch (by) {
            case NOTHING -> "''";
            case MONTH -> "to_char(day, 'YYYY-MM')";
            case CHILD_AREA -> "left(area, " + rowLevel + ")";
            case CATEGORY -> "coalesce(category, '')";
            case DEPARTMENT -> "coalesce(cast(org as text), '')";
        };
        String condition = "$area like :prefix and $time >= :from and $time < :to"
                + " and (cast(:category as text) is null or $category = :category)"
                + " and (cast(:org as bigint) is null or $org = :org)";
        String sql = "select " + group + " as g, " + Measures.sums("") + " from ("
                + Measures.contributions(Measures.Filter.where(condition)) + ") s"
                + (by == By.CHILD_AREA ? " where length(area) >= " + rowLevel : "") + " group by 1";
        return collect(jdbc.sql(sql).param("zone", Rollups.ZONE).param("prefix", area + "%")
                .param("from", at(from)).param("to", at(to)).param("category", category).param("org", org));
    }

    private static Map<String, long[]> collect(JdbcClient.StatementSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>();
        spec.query((rs, n) -> {
            long[] m = new long[Measures.ALL.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = rs.getLong(2 + i);
            }
            out.put(rs.getString(1), m);
            return null;
        }).list();
        return out;
    }

    static OffsetDateTime at(LocalDate day) {
        return OffsetDateTime.ofInstant(day.atStartOfDay(WorkingCalendar.ZONE).toInstant(), ZoneOffset.UTC);
    }

    static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
