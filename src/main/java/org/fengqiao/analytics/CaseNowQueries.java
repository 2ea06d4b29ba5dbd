package org.fengqiao.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.cases.WorkingCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Cases as they stand now: by state, overdue (open past their handling deadline) and supervised. Provinces to
 * towns read {@code analytics_case_now}; finer areas and today's deadlines read the open cases' partial index.
 */
@Repository
public class CaseNowQueries {

    private final JdbcClient jdbc;

    CaseNowQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Open and closed cases per state. */
    Map<String, Long> byState(String area, String category) {
        Map<String, Long> out = new LinkedHashMap<>();
        String sql = RollupQueries.coarse(area.length())
                ? "select state, sum(n) from analytics_case_now where level = :level and area = :area"
                        + " and (cast(:category as text) is null or category_code = :category) group by 1 order by 1"
                : "select state, count(*) from analytics_case where area_code like :prefix and state is not null"
                        + " and (cast(:category as text) is null or category_code = :category) group by 1 order by 1";
        jdbc.sql(sql).param("level", area.length()).param("area", area).param("prefix", area + "%")
                .param("category", category)
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    /** Open cases whose handling deadline has passed, and open cases under supervision. */
    public record Counts(long overdue, long supervised) {
    }

    Counts counts(String area, String category, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, WorkingCalendar.ZONE);
        if (RollupQueries.coarse(area.length())) {
            Counts before = jdbc.sql("""
                            select coalesce(sum(n) filter (where due_day < :today), 0) as overdue,
                                   coalesce(sum(n) filter (where supervised), 0) as supervised
                            from analytics_case_now where level = :level and area = :area and state <> 'CLOSED'
                              and (cast(:category as text) is null or category_code = :category)""")
                    .param("today", today).param("level", area.length()).param("area", area)
                    .param("category", category).query(Counts.class).single();
            long dueToday = jdbc.sql("""
                            select count(*) from analytics_case where closed_at is null and area_code like :prefix
                              and handle_due >= :start and handle_due < :now
                              and (cast(:category as text) is null or category_code = :category)""")
                    .param("prefix", area + "%").param("start", RollupQueries.at(today))
                    .param("now", RollupQueries.at(now)).param("category", category).query(Long.class).single();
            return new Counts(before.overdue() + dueToday, before.supervised());
        }
        return jdbc.sql("""
                        select count(*) filter (where handle_due < :now) as overdue,
                               count(*) filter (where supervised) as supervised
                        from analytics_case where closed_at is null and area_code like :prefix
                          and (cast(:category as text) is null or category_code = :category)""")
                .param("now", RollupQueries.at(now)).param("prefix", area + "%").param("category", category)
                .query(Counts.class).single();
    }

    /** An open case that needs attention: overdue or supervised. */
    public record OpenCase(long caseId, String number, String areaCode, String categoryCode, String state,
                           String leadOrgName, Instant handleDue, boolean supervised, boolean overdue) {
    }

    /** The overdue and supervised open cases, most overdue first. */
    List<OpenCase> attention(String area, String category, Instant now, int limit) {
        return jdbc.sql("""
                        select case_id, number, area_code, category_code, state, lead_org_name, handle_due, supervised,
                               coalesce(handle_due < :now, false) as overdue
                        from analytics_case where closed_at is null and area_code like :prefix
                          and (handle_due < :now or supervised)
                          and (cast(:category as text) is null or category_code = :category)
                        order by handle_due nulls last, case_id limit :limit""")
                .param("now", RollupQueries.at(now)).param("prefix", area + "%").param("category", category)
                .param("limit", limit)
                .query((rs, n) -> {
                    java.time.OffsetDateTime due = rs.getObject("handle_due", java.time.OffsetDateTime.class);
                    return new OpenCase(rs.getLong("case_id"), rs.getString("number"), rs.getString("area_code"),
                            rs.getString("category_code"), rs.getString("state"), rs.getString("lead_org_name"),
                            due == null ? null : due.toInstant(), rs.getBoolean("supervised"),
                            rs.getBoolean("overdue"));
                }).list();
    }
}
