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
            + " ('D', 6)) as g(grain, level)";
    private static final String NOW_LEVELS = "(values (2), (4), (6), (9)) as g(level)";

    private final JdbcClient jdbc;

    Rollups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A record's rows summed per day, area and category. */
    record Key(LocalDate day, String area, String category) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = area.compareTo(o.area);
            if (c == 0) {
                c = day.compareTo(o.day);
            }
            return c != 0 ? c : category.compareTo(o.category);
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
        Map<Key, long[]> out = new HashMap<>();
        jdbc.sql("select day, area, coalesce(category, '') as category, " + Measures.sums("") + " from ("
                        + Measures.contributions(filter) + ") s group by day, area, 3")
                .param("zone", ZONE).param("id", id)
                .query((rs, n) -> {
                    long[] m = new long[Measures.ALL.size()];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = rs.getLong(4 + i);
                    }
                    out.put(new Key(rs.getObject("day", LocalDate.class), rs.getString("area"),
                            rs.getString("category")), m);
                    return null;
                }).list();
        return out;
    }

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
        String row = "(?::date, ?::text, ?::text" + ", ?::bigint".repeat(Measures.ALL.size()) + ")";
        for (Map.Entry<Key, long[]> e : net.entrySet()) {
            values.append(values.isEmpty() ? "" : ", ").append(row);
            params.add(Date.valueOf(e.getKey().day()));
            params.add(e.getKey().area());
            params.add(e.getKey().category());
            for (long v : e.getValue()) {
                params.add(v);
            }
        }
        String source = "select * from (values " + values + ") as v(day, area, category, "
                + Measures.columns("") + ")";
        jdbc.sql(expand(source)).params(params).update();
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
        jdbc.sql("delete from analytics_rollup").update();
        jdbc.sql("delete from analytics_case_now").update();
        jdbc.sql(expand("select day, area, coalesce(category, '') as category, " + Measures.columns("") + " from ("
                + Measures.contributions(Measures.Filter.everything()) + ") s")).param("zone", ZONE).update();
        jdbc.sql(expandNow("""
                        select area_code as area, coalesce(category_code, '') as category, state,
                               case when closed_at is null and handle_due is not null
                                    then (handle_due at time zone :zone)::date else date '9999-12-31' end as due_day,
                               supervised and closed_at is null as supervised, 1 as n
                        from analytics_case where area_code is not null and state is not null"""))
                .param("zone", ZONE).update();
    }

    private static String expand(String source) {
        String sums = Measures.ALL.stream().map(m -> "sum(s." + m + ")").collect(Collectors.joining(", "));
        String updates = Measures.ALL.stream().map(m -> m + " = analytics_rollup." + m + " + excluded." + m)
                .collect(Collectors.joining(", "));
        return "insert into analytics_rollup (grain, level, area, bucket, category_code, " + Measures.columns("")
                + ")\nselect g.grain, g.level::smallint, left(s.area, g.level),"
                + " case when g.grain = 'M' then date_trunc('month', s.day)::date else s.day end, s.category, "
                + sums + "\nfrom (" + source + ") s cross join " + LEVELS
                + "\nwhere length(s.area) >= g.level group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5"
                + "\non conflict (grain, level, area, bucket, category_code) do update set " + updates;
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
