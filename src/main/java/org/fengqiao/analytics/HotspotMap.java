package org.fengqiao.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fengqiao.cases.Indicators;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The hotspot map's figures: each child area's cases and reports in the period against its residents (from the
 * registry's events), and the points where reports were made (a heat layer). Drill down county → town → village →
 * grid → the grid's cases.
 */
@Service
public class HotspotMap {

    /** One child area: cases opened, reports, residents and cases per 1,000 residents (null without residents). */
    public record AreaHeat(String code, String name, String level, long opened, long reports, long residents,
                           BigDecimal perThousand) {
    }

    public record Heat(String area, String childLevel, List<AreaHeat> areas, List<double[]> points) {
    }

    static final int MAX_POINTS = 5000;

    private final Dashboards dashboards;
    private final Population population;
    private final JdbcClient jdbc;

    HotspotMap(Dashboards dashboards, Population population, JdbcClient jdbc) {
        this.dashboards = dashboards;
        this.population = population;
        this.jdbc = jdbc;
    }

    static String levelOf(int codeLength) {
        return switch (codeLength) {
            case 6 -> "COUNTY";
            case 9 -> "TOWN";
            case 12 -> "VILLAGE";
            case 15 -> "GRID";
            default -> codeLength > 15 ? "BUILDING" : "PROVINCE";
        };
    }

    public Heat heat(Dashboards.Query q) {
        List<Indicators.Figures> children = dashboards.byArea(q); // checks the permission
        int childLevel = RollupQueries.childLevel(q.area().length());
        Map<String, Long> residents = population.perChild(q.area(), childLevel);
        List<AreaHeat> areas = new ArrayList<>();
        for (Indicators.Figures f : children) {
            long people = Math.max(0, residents.getOrDefault(f.key(), 0L));
            BigDecimal per = people == 0 ? null : BigDecimal.valueOf(f.opened() * 1000L)
                    .divide(BigDecimal.valueOf(people), 2, RoundingMode.HALF_UP);
            areas.add(new AreaHeat(f.key(), f.label(), levelOf(f.key().length()), f.opened(), f.reports(), people,
                    per));
        }
        List<double[]> points = jdbc.sql("""
                        select lat, lon from analytics_report
                        where area_code like :prefix and received_at >= :from and received_at < :to
                          and lat is not null and lon is not null
                          and (cast(:category as text) is null or category_code = :category)
                        order by received_at desc limit :limit""")
                .param("prefix", q.area() + "%").param("from", RollupQueries.at(q.from()))
                .param("to", RollupQueries.at(q.end())).param("category", q.category()).param("limit", MAX_POINTS)
                .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).list();
        return new Heat(q.area(), levelOf(childLevel), areas, points);
    }
}
