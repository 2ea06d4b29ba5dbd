package org.fengqiao.analytics;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.fengqiao.cases.Indicators;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which departments handled cases like this one best (DOMAIN.md §4, "center blows the whistle"): for the case's
 * category, the lead dispatches of the last year in its town, or its county when the town has too few, with each
 * department's record — returned, closed on time, satisfied. Learned from the read models, not typed in.
 */
@Service
public class DispatchSuggestions {

    static final int ENOUGH = 5;

    /** A department's record with similar cases; rates are percentages (null: no base). */
    public record Suggestion(long orgId, String orgName, long dispatches, long returns, long handled, long onTime,
                             long ratings, long satisfied, String scope) {
        public BigDecimal returnRate() {
            return Indicators.rate(returns, dispatches);
        }

        public BigDecimal onTimeRate() {
            return Indicators.rate(onTime, handled);
        }

        public BigDecimal satisfactionRate() {
            return Indicators.rate(satisfied, ratings);
        }

        /** Higher is better: kept (not returned), on time, satisfied; an unknown rate counts as half. */
        double score() {
            return 3 - part(returnRate()) + part(onTimeRate()) + part(satisfactionRate())
                    - (returnRate() == null ? 0.5 : 0);
        }

        private static double part(BigDecimal rate) {
            return rate == null ? 0.5 : rate.doubleValue() / 100;
        }
    }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Clock clock;

    DispatchSuggestions(JdbcClient jdbc, AccessPolicy policy, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.clock = clock;
    }

    /** The best departments first, at most {@code limit}. */
    public List<Suggestion> forCase(String categoryCode, String areaCode, int limit) {
        if (categoryCode == null || categoryCode.isBlank() || areaCode == null || !areaCode.matches("\\d{6,24}")) {
            throw new InvalidRequestException("Name the case's category and area");
        }
        policy.check(AnalyticsPermission.SUGGEST_DISPATCH, areaCode);
        String town = areaCode.substring(0, Math.min(9, areaCode.length()));
        List<Suggestion> found = query(categoryCode, town, "town");
        if (found.stream().mapToLong(Suggestion::dispatches).sum() < ENOUGH && areaCode.length() > 6) {
            found = query(categoryCode, areaCode.substring(0, 6), "county");
        }
        return found.stream().sorted(Comparator.comparingDouble(Suggestion::score).reversed()
                .thenComparing(Suggestion::dispatches, Comparator.reverseOrder())).limit(limit).toList();
    }

    private List<Suggestion> query(String category, String prefix, String scope) {
        return jdbc.sql("""
                        select d.org_id, max(d.org_name) as org_name, count(*) as dispatches,
                               count(d.returned_at) as returns,
                               count(*) filter (where d.returned_at is null and c.lead_org_id = d.org_id
                                                  and c.handle_due is not null and c.closed_at is not null) as handled,
                               count(*) filter (where d.returned_at is null and c.lead_org_id = d.org_id
                                                  and c.closed_at <= c.handle_due) as on_time,
                               count(*) filter (where d.returned_at is null and c.lead_org_id = d.org_id
                                                  and c.rating is not null and c.rating <> 'UNREACHABLE') as ratings,
                               count(*) filter (where d.returned_at is null and c.lead_org_id = d.org_id
                                                  and c.rating in ('SATISFIED', 'BASICALLY_SATISFIED')) as satisfied
                        from analytics_dispatch d join analytics_case c on c.case_id = d.case_id
                        where d.category_code = :category and d.area_code like :prefix and d.dispatched_at >= :since
                        group by d.org_id""")
                .param("category", category).param("prefix", prefix + "%")
                .param("since", RollupQueries.at(clock.instant().minus(Duration.ofDays(365))))
                .query((rs, n) -> new Suggestion(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), scope))
                .list();
    }
}
