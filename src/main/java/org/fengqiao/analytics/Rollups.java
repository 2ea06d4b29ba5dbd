package org.fengqiao.analytics;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.fengqiao.cases.WorkingCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keeps {@code analytics_rollup} and {@code analytics_case_now} equal to the sums of the read models' rows: a
 * change to one case or report takes that record's rows as they were, applies the change, takes them again and adds
 * the difference, in one statement whose rows are locked in key order (so concurrent listeners cannot deadlock on
 * the rollup). The same expansion into grains and levels rebuilds everything from the read models.
 */
@Repository
class Rollups {

    static final String ZONE = WorkingCalendar.ZONE.getId();
    static final LocalDate NO_DUE_DAY = LocalDate.of(9999, 12, 31);

    /** The grains and area levels a contribution is added to (see the migration). */
    private static final String LEVELS = "(values ('M', 2), ('M', 4), ('M', 6), ('M', 9), ('D', 2), ('D', 4),"
            + " ('D', 6), ('T', 9)) as g(grain, level)";
    /** Grain T (a day of a town) keeps no categories: its rows say {@value #ALL_CATEGORIES}. */
    static final String ALL_CATEGORIES = "*";
    private static final String NOW_LEVELS = "(values (2), (4), (6), (9)) as g(level)";

    private final JdbcClient jdbc;

    Rollups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A record's rows summed per day, area, category and lead department (0: none). */
    record Key(LocalDate day, String area, String category, long org) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = area.compareTo(o.area);
            if (c == 0) {
                c = day.compareTo(o.day);
            }
            if (c == 0) {
                c = category.compareTo(o.category);
            }
            return c != 0 ? c : Long.compare(org, o.org);
        }
    }

    /** A case as it stands, for {@code analytics_case_now}. */
    record NowKey(String area, String category, String state, LocalDate dueDay, boolean supervised)
            implements Comparable<NowKey> {
        @Override
        public int compareTo(NowKey o) {
            return toString().compareTo(o.toString());
        }
    }

    /** The contribution rows of one case or one report as the read model holds them now. */
    Map<Key, long[]> rowsOf(Measures.Filter filter, long id) {
        return rows(jdbc.sql(rowsSql(filter)).param("zone", ZONE).param("id", id));
    }

    /** What these reports contribute to the rollups now, added up. */
    Map<Key, long[]> rowsOfReports(Long[] ids) {
        return rows(jdbc.sql(rowsSql(Measures.Filter.ofReports())).param("zone", ZONE).param("ids", ids));
    }

    private static Map<Key, long[]> rows(JdbcClient.StatementSpec statement) {
        Map<Key, long[]> out = new HashMap<>();
        statement
                .query((rs, n) -> {
                    long[] m = new long[Measures.ALL.size()];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = rs.getLong(5 + i);
                    }
                    out.put(new Key(rs.getObject("day", LocalDate.class), rs.getString("area"),
                            rs.getString("category"), rs.getLong("org")), m);
                    return null;
                }).list();
        return out;
    }

    /**
     * The statement of {@link #rowsOf} for one of the few fixed filters ({@link Measures.Filter#ofCase},
     * {@link Measures.Filter#ofReport}, {@link Measures.Filter#ofReports}): built once, not on every delivery (building it was a tenth of the listener
     * threads' CPU during intake).
     */
    private static String rowsSql(Measures.Filter filter) {
        return ROWS_SQL.computeIfAbsent(filter, f -> "select day, area, coalesce(category, '') as category,"
                + " coalesce(org, 0) as org, " + Measures.sums("") + " from (" + Measures.contributions(f)
                + ") s group by 1, 2, 3, 4");
    }

    private static final Map<Measures.Filter, String> ROWS_SQL = new java.util.concurrent.ConcurrentHashMap<>();

    /** How one case stands now (empty before it is opened). */
    Map<NowKey, Long> nowOf(long caseId) {
        Map<NowKey, Long> out = new HashMap<>();
        jdbc.sql("""
                        select area_code, coalesce(category_code, '') as category, state,
                               case when closed_at is null and handle_due is not null
                                    then (handle_due at time zone :zone)::date else date '9999-12-31' end as due_day,
                               supervised and closed_at is null as supervised
                        from analytics_case where case_id = :id and area_code is not null and state is not null""")
                .param("zone", ZONE).param("id", caseId)
                .query((rs, n) -> out.merge(new NowKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getBoolean(5)), 1L, Long::sum)).list();
        return out;
    }

    /** Adds {@code after − before} to the rollup. */
    void apply(Map<Key, long[]> before, Map<Key, long[]> after) {
        TreeMap<Key, long[]> net = new TreeMap<>();
        after.forEach((k, m) -> net.put(k, m.clone()));
        before.forEach((k, m) -> {
            long[] t = net.computeIfAbsent(k, x -> new long[m.length]);
            for (int i = 0; i < m.length; i++) {
                t[i] -= m[i];
            }
        });
        net.values().removeIf(m -> java.util.Arrays.stream(m).allMatch(v -> v == 0));
        if (net.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        String row = "(?::date, ?::text, ?::text, ?::bigint" + ", ?::bigint".repeat(Measures.ALL.size()) + ")";
        for (Map.Entry<Key, long[]> e : net.entrySet()) {
            values.append(values.isEmpty() ? "" : ", ").append(row);
            params.add(Date.valueOf(e.getKey().day()));
            params.add(e.getKey().area());
            params.add(e.getKey().category());
            params.add(e.getKey().org());
            for (long v : e.getValue()) {
                params.add(v);
            }
        }
        String source = "select * from (values " + values + ") as v(day, area, category, org, "
                + Measures.columns("") + ")";
        jdbc.sql(expand(source)).params(params).update();
        if (net.keySet().stream().anyMatch(k -> k.org() != 0)) {
            jdbc.sql(expandOrg(source)).params(params).update();
        }
    }

    void applyNow(Map<NowKey, Long> before, Map<NowKey, Long> after) {
        TreeMap<NowKey, Long> net = new TreeMap<>(after);
        before.forEach((k, n) -> net.merge(k, -n, Long::sum));
        net.values().removeIf(n -> n == 0);
        if (net.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (Map.Entry<NowKey, Long> e : net.entrySet()) {
            values.append(values.isEmpty() ? "" : ", ").append("(?::text, ?::text, ?::text, ?::date, ?::boolean,"
                    + " ?::bigint)");
            NowKey k = e.getKey();
            params.addAll(List.of(k.area(), k.category(), k.state(), Date.valueOf(k.dueDay()), k.supervised(),
                    e.getValue()));
        }
        jdbc.sql(expandNow("select * from (values " + values + ") as v(area, category, state, due_day, supervised,"
                + " n)")).params(params).update();
    }

    /** Empties the rollups and adds up every record of the read models again (the bulk path, and after area moves). */
    void rebuild() {
        // listeners wait meanwhile (they lock rollup rows one by one; a rebuild that took them row by row could
        // deadlock with one), then add their differences on top of what this transaction committed
        jdbc.sql("lock table analytics_rollup, analytics_rollup_org, analytics_case_now in exclusive mode").update();
        jdbc.sql("delete from analytics_rollup").update();
        jdbc.sql("delete from analytics_rollup_org").update();
        jdbc.sql("delete from analytics_case_now").update();
        // one pass over the read models, summed to a day of a town and a department (the finest any rollup keeps);
        // then each grain and level from the next finer one already written, so that every GROUP BY reads a table a
        // fraction of the size of the last (spreading every row to all eight grains and levels at once spilled 8 GB
        // to disk at a million cases; the earlier slices of ids updated the same rows again and again). The rollups
        // are empty: plain inserts, no conflicts.
        jdbc.sql("set local work_mem = '256MB'").update();
        jdbc.sql("create temporary table analytics_rollup_base on commit drop as select day, left(area, 9) as area,"
                        + " coalesce(category, '') as category, coalesce(org, 0) as org, "
                        + Measures.ALL.stream().map(m -> "sum(" + m + ")::bigint as " + m)
                        .collect(Collectors.joining(", "))
                        + " from (" + Measures.contributions(Measures.Filter.everything()) + ") s group by 1, 2, 3, 4")
                .param("zone", ZONE).update();
        rollUp("T", 9, "day", "'" + ALL_CATEGORIES + "'", null);
        rollUp("D", 6, "day", "category", null);
        rollUp("D", 4, "day", "category", 6);
        rollUp("D", 2, "day", "category", 4);
        rollUp("M", 9, "date_trunc('month', day)::date", "category", null);
        rollUp("M", 6, "date_trunc('month', day)::date", "category", 9);
        rollUp("M", 4, "date_trunc('month', day)::date", "category", 6);
        rollUp("M", 2, "date_trunc('month', day)::date", "category", 4);
        String sums = Measures.ALL.stream().map(m -> "sum(" + m + ")::bigint").collect(Collectors.joining(", "));
        jdbc.sql("insert into analytics_rollup_org (grain, area, bucket, org_id, " + Measures.columns("") + ")"
                + " select 'D', left(area, 6), day, org, " + sums + " from analytics_rollup_base"
                + " where org <> 0 and length(area) >= 6 group by 2, 3, 4").update();
        jdbc.sql("insert into analytics_rollup_org (grain, area, bucket, org_id, " + Measures.columns("") + ")"
                + " select 'M', area, date_trunc('month', bucket)::date, org_id, " + sums + " from analytics_rollup_org"
                + " where grain = 'D' group by 2, 3, 4").update();
        jdbc.sql("drop table analytics_rollup_base").update();
        jdbc.sql(expandNow("""
                        select area_code as area, coalesce(category_code, '') as category, state,
                               case when closed_at is null and handle_due is not null
                                    then (handle_due at time zone :zone)::date else date '9999-12-31' end as due_day,
                               supervised and closed_at is null as supervised, 1 as n
                        from analytics_case where area_code is not null and state is not null"""))
                .param("zone", ZONE).update();
    }

    /**
     * Adds the rows of one grain and level: from the level {@code finer} of the same grain already written, plus the
     * base rows of areas coarser than that level (a record of a county counts in the province's rows but not in any
     * town's); with {@code finer} null, from the base alone.
     */
    private void rollUp(String grain, int level, String bucket, String category, Integer finer) {
        String sums = Measures.ALL.stream().map(m -> "sum(" + m + ")::bigint").collect(Collectors.joining(", "));
        String fromBase = "select " + bucket + " as bucket, area, " + category + " as category_code, "
                + Measures.columns("") + " from analytics_rollup_base where length(area) >= " + level
                + (finer == null ? "" : " and length(area) < " + finer);
        String source = finer == null ? fromBase
                : fromBase + " union all select bucket, area, category_code, " + Measures.columns("")
                + " from analytics_rollup where grain = '" + grain + "' and level = " + finer;
        jdbc.sql("insert into analytics_rollup (grain, level, area, bucket, category_code, " + Measures.columns("")
                + ") select '" + grain + "', " + level + ", left(area, " + level + "), bucket, category_code, " + sums
                + " from (" + source + ") s group by 3, 4, 5").update();
    }

    private static String expand(String source) {
        String sums = Measures.ALL.stream().map(m -> "sum(s." + m + ")").collect(Collectors.joining(", "));
        String updates = Measures.ALL.stream().map(m -> m + " = analytics_rollup." + m + " + excluded." + m)
                .collect(Collectors.joining(", "));
        return "insert into analytics_rollup (grain, level, area, bucket, category_code, " + Measures.columns("")
                + ")\nselect g.grain, g.level::smallint, left(s.area, g.level),"
                + " case when g.grain = 'M' then date_trunc('month', s.day)::date else s.day end,"
                + " case when g.grain = 'T' then '" + ALL_CATEGORIES + "' else s.category end, "
                + sums + "\nfrom (" + source + ") s cross join " + LEVELS
                + "\nwhere length(s.area) >= g.level group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5"
                + "\non conflict (grain, level, area, bucket, category_code) do update set " + updates;
    }

    /** The lead departments' rows: a month (M) and a day (D) of a county (level 6) for each department. */
    private static String expandOrg(String source) {
        String sums = Measures.ALL.stream().map(m -> "sum(s." + m + ")").collect(Collectors.joining(", "));
        String updates = Measures.ALL.stream().map(m -> m + " = analytics_rollup_org." + m + " + excluded." + m)
                .collect(Collectors.joining(", "));
        return "insert into analytics_rollup_org (grain, area, bucket, org_id, " + Measures.columns("") + ")\n"
                + "select g.grain, left(s.area, 6),"
                + " case when g.grain = 'M' then date_trunc('month', s.day)::date else s.day end, s.org, " + sums
                + "\nfrom (" + source + ") s cross join (values ('M'), ('D')) as g(grain)"
                + "\nwhere s.org <> 0 and length(s.area) >= 6 group by 1, 2, 3, 4 order by 1, 2, 3, 4"
                + "\non conflict (grain, area, bucket, org_id) do update set " + updates;
    }

    private static String expandNow(String source) {
        return "insert into analytics_case_now (level, area, category_code, state, due_day, supervised, n)\n"
                + "select g.level::smallint, left(s.area, g.level), s.category, s.state, s.due_day, s.supervised,"
                + " sum(s.n)\nfrom (" + source + ") s cross join " + NOW_LEVELS
                + "\nwhere length(s.area) >= g.level group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6"
                + "\non conflict (level, area, category_code, state, due_day, supervised)"
                + " do update set n = analytics_case_now.n + excluded.n";
    }
}
