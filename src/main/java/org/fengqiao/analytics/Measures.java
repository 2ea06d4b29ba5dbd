package org.fengqiao.analytics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one definition of every count the dashboards add up (DOMAIN.md §4), as SQL over this module's read models.
 * Each row of {@link #contributions} is one thing that happened on one day in one area and category: a report
 * received, a case opened, a case's handling deadline, a rating, a closing, a dispatch, a verification. The rollups
 * are sums of these rows; a listener takes a case's rows away before its change and adds them back after; the bulk
 * rebuild and the fine-grained queries (villages, grids, departments, odd periods) sum the same rows.
 */
final class Measures {

    private Measures() {
    }

    /** The additive columns of {@code analytics_rollup}, in order. */
    static final List<String> ALL = List.of("reports", "reports_counter", "reports_hotline", "reports_patrol",
            "reports_qr", "reports_open311", "reports_api", "accepted_in_time", "merged", "rejected",
            "solved_on_spot", "opened", "due", "closed", "closed_on_time", "closed_all", "ratings", "satisfied",
            "disputes_closed", "disputes_resolved", "handled", "handling_us", "dispatches", "returns",
            "verifications", "failed_verifications");

    static int index(String measure) {
        int i = ALL.indexOf(measure);
        if (i < 0) {
            throw new IllegalArgumentException("No measure " + measure);
        }
        return i;
    }

    /**
     * Which records' rows to take: a SQL condition per branch (reports, cases, dispatches, verifications). A
     * condition may say {@code $time} (the branch's own time column: received, opened, due, rated, closed,
     * dispatched, verified), {@code $area}, {@code $category} and {@code $org} (the lead department; the dispatched
     * one for dispatches; none for reports).
     */
    record Filter(String report, String kase, String dispatch, String verification) {
        static Filter where(String condition) {
            return new Filter(condition, condition, condition, condition);
        }

        static Filter everything() {
            return where("true");
        }

        /** One case's rows; bind {@code :id}. */
        static Filter ofCase() {
            return new Filter("false", "c.case_id = :id", "d.case_id = :id", "v.case_id = :id");
        }

        /** One report's rows; bind {@code :id}. */
        static Filter ofReport() {
            return new Filter("r.report_id = :id", "false", "false", "false");
        }

        /** Some reports' rows; bind {@code :ids} (an array of ids). */
        static Filter ofReports() {
            return new Filter("r.report_id = any(:ids)", "false", "false", "false");
        }
    }

    /**
     * The contribution rows {@code (day, area, category, org, <measures…>)} of the records the filter keeps.
     * {@code :zone} must be bound to the county's zone id.
     */
    static String contributions(Filter f) {
        StringBuilder sql = new StringBuilder();
        branch(sql, "r.received_at", "r.area_code", "r.category_code", "cast(null as bigint)",
                "analytics_report r", f.report(), Map.of(
                        "reports", "1",
                        "reports_counter", "(r.channel = 'COUNTER')::int",
                        "reports_hotline", "(r.channel = 'HOTLINE')::int",
                        "reports_patrol", "(r.channel = 'PATROL')::int",
                        "reports_qr", "(r.channel = 'QR')::int",
                        "reports_open311", "(r.channel = 'OPEN311')::int",
                        "reports_api", "(r.channel = 'API')::int",
                        "accepted_in_time", "coalesce(r.status = 'ACCEPTED' and r.decided_at <= r.accept_due, false)::int",
                        "merged", "(r.status = 'MERGED')::int",
                        "rejected", "(r.status = 'REJECTED')::int"), Map.of(
                        "solved_on_spot", "(r.status = 'SOLVED_ON_SPOT')::int"));
        sql.append("\nunion all\n");
        branch(sql, "c.opened_at", "c.area_code", "c.category_code", "c.lead_org_id", "analytics_case c",
                f.kase(), Map.of("opened", "1"), Map.of());
        sql.append("\nunion all\n");
        branch(sql, "c.handle_due", "c.area_code", "c.category_code", "c.lead_org_id", "analytics_case c",
                f.kase(), Map.of("due", "1", "closed", "(c.closed_at is not null)::int",
                        "closed_on_time", "coalesce(c.closed_at <= c.handle_due, false)::int"), Map.of());
        sql.append("\nunion all\n");
        branch(sql, "c.rated_at", "c.area_code", "c.category_code", "c.lead_org_id", "analytics_case c",
                f.kase(), Map.of("ratings", "(c.rating <> 'UNREACHABLE')::int",
                        "satisfied", "(c.rating in ('SATISFIED', 'BASICALLY_SATISFIED'))::int"), Map.of());
        sql.append("\nunion all\n");
        branch(sql, "c.closed_at", "c.area_code", "c.category_code", "c.lead_org_id", "analytics_case c",
                f.kase(), Map.of("closed_all", "1", "disputes_closed", "c.dispute::int",
                        "disputes_resolved", "(c.dispute and c.closing_kind in ('VERIFIED', 'MEDIATION'))::int",
                        "handled", "(c.first_dispatched_at is not null)::int",
                        "handling_us", "coalesce(round(extract(epoch from c.closed_at - c.first_dispatched_at)"
                                + " * 1000000), 0)::bigint"), Map.of());
        sql.append("\nunion all\n");
        branch(sql, "d.dispatched_at", "d.area_code", "d.category_code", "d.org_id", "analytics_dispatch d",
                f.dispatch(), Map.of("dispatches", "1", "returns", "(d.returned_at is not null)::int"), Map.of());
        sql.append("\nunion all\n");
        branch(sql, "v.at", "v.area_code", "v.category_code", "vc.lead_org_id",
                "analytics_verification v join analytics_case vc on vc.case_id = v.case_id", f.verification(),
                Map.of("verifications", "1", "failed_verifications", "(not v.passed)::int"), Map.of());
        return sql.toString();
    }

    private static void branch(StringBuilder sql, String time, String area, String category, String org,
                               String from, String filter, Map<String, String> values, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.putAll(more);
        sql.append("select (").append(time).append(" at time zone :zone)::date as day, ").append(area)
                .append(" as area, ").append(category).append(" as category, ").append(org).append(" as org, ");
        // counts as int: PostgreSQL adds ints up in a bigint, bigints in a numeric (ten times slower in a rebuild)
        sql.append(ALL.stream().map(m -> all.getOrDefault(m, "0") + (m.equals("handling_us") ? "::bigint as "
                        : "::int as ") + m)
                .collect(Collectors.joining(", ")));
        sql.append(" from ").append(from).append(" where ").append(time).append(" is not null and ")
                .append(area).append(" is not null and ")
                .append("(").append(filter.replace("$time", time).replace("$area", area)
                        .replace("$category", category).replace("$org", org)).append(")");
    }

    /** {@code sum(m) as m, …} over all measures. */
    static String sums(String alias) {
        return ALL.stream().map(m -> "coalesce(sum(" + alias + m + "), 0)::bigint as " + m)
                .collect(Collectors.joining(", "));
    }

    static String columns(String prefix) {
        return ALL.stream().map(m -> prefix + m).collect(Collectors.joining(", "));
    }
}
