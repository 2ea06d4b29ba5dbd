package org.fengqiao.analytics;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Repeat reports (the "repeat calls" the seeds count): the same place reporting again and again — the same door
 * plate's QR code, or reports of one category within about 100 m — with the monthly trend of the last six months and
 * the cases and disputes they belong to (linked by the ids in the events). The events carry no reporter identity
 * (on purpose), so a person is never tracked: places are.
 */
@Service
public class RepeatReports {

    /** One place that keeps reporting: the key is "qr:<plate>" or "lat,lon" rounded to about 100 m. */
    public record Place(String key, String categoryCode, String areaCode, double lat, double lon, long reports,
                        Instant first, Instant last, List<Long> lastSixMonths, List<Long> caseIds,
                        List<String> disputeNumbers) {
    }

    private final Dashboards dashboards;
    private final JdbcClient jdbc;

    RepeatReports(Dashboards dashboards, JdbcClient jdbc) {
        this.dashboards = dashboards;
        this.jdbc = jdbc;
    }

    /** Places with at least {@code min} reports in the period, most first. */
    public List<Place> places(Dashboards.Query q, int min) {
        dashboards.check(q);
        Instant now = dashboards.now();
        return jdbc.sql("""
                        with r as (
                          select case when submitted_by like 'qr:%' then submitted_by
                                      else round(lat::numeric, 3) || ',' || round(lon::numeric, 3) end as place,
                                 category_code, area_code, lat, lon, received_at, case_id
                          from analytics_report
                          where area_code like :prefix and received_at >= :from and received_at < :to
                            and (lat is not null or submitted_by like 'qr:%')
                            and (cast(:category as text) is null or category_code = :category))
                        select place, category_code, max(area_code) as area_code, avg(lat) as lat, avg(lon) as lon,
                               count(*) as n, min(received_at) as first, max(received_at) as last,
                               array_agg(distinct case_id) filter (where case_id is not null) as cases
                        from r group by place, category_code having count(*) >= :min
                        order by n desc, last desc limit 50""")
                .param("prefix", q.area() + "%").param("from", RollupQueries.at(q.from()))
                .param("to", RollupQueries.at(q.end())).param("category", q.category()).param("min", Math.max(2, min))
                .query((rs, n) -> {
                    List<Long> cases = longs(rs.getArray("cases"));
                    return new Place(rs.getString("place"), rs.getString("category_code"), rs.getString("area_code"),
                            rs.getDouble("lat"), rs.getDouble("lon"), rs.getLong("n"),
                            rs.getObject("first", OffsetDateTime.class).toInstant(),
                            rs.getObject("last", OffsetDateTime.class).toInstant(), List.of(), cases, List.of());
                }).list().stream().map(p -> withTrendAndDisputes(p, q, now)).toList();
    }

    private Place withTrendAndDisputes(Place p, Dashboards.Query q, Instant now) {
        java.time.YearMonth m = java.time.YearMonth.from(java.time.LocalDate.ofInstant(now,
                org.fengqiao.cases.WorkingCalendar.ZONE));
        List<Long> trend = new ArrayList<>();
        for (int i = 5; i >= 0; i--) {
            java.time.YearMonth month = m.minusMonths(i);
            trend.add(jdbc.sql("""
                            select count(*) from analytics_report
                            where area_code like :prefix and category_code = :category and received_at >= :from
                              and received_at < :to
                              and (case when submitted_by like 'qr:%' then submitted_by
                                        else round(lat::numeric, 3) || ',' || round(lon::numeric, 3) end) = :place""")
                    .param("prefix", q.area() + "%").param("category", p.categoryCode())
                    .param("from", RollupQueries.at(month.atDay(1)))
                    .param("to", RollupQueries.at(month.plusMonths(1).atDay(1))).param("place", p.key())
                    .query(Long.class).single());
        }
        List<String> disputes = p.caseIds().isEmpty() ? List.of() : jdbc.sql("""
                        select number from analytics_dispute where case_id = any(:cases) order by number""")
                .param("cases", p.caseIds().toArray(Long[]::new)).query(String.class).list();
        return new Place(p.key(), p.categoryCode(), p.areaCode(), p.lat(), p.lon(), p.reports(), p.first(), p.last(),
                trend, p.caseIds(), disputes);
    }

    private static List<Long> longs(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        return Arrays.stream((Long[]) a.getArray()).sorted().toList();
    }
}
