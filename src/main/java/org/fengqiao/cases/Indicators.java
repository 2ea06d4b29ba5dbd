package org.fengqiao.cases;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.intake.Reports;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The workflow indicators exactly as DOMAIN.md §4 defines them; the denominator of 结案率 and 按期结案率 is the
 * cases due for closure in the period (closing deadline inside it), not all cases. Areas and departments are
 * compared on outcomes; there is deliberately no per-worker figure (DOMAIN.md §8).
 */
@Service
public class Indicators {

    /** What to compute: an area subtree (code prefix), optionally one lead department and one category, [from, to). */
    public record Query(String area, Long orgId, String category, Instant from, Instant to) {
        public Query {
            if (area == null || !area.matches("\\d{6,24}")) {
                throw new InvalidRequestException("Choose an area (6 to 24 digits)");
            }
            if (from == null || to == null || !from.isBefore(to)) {
                throw new InvalidRequestException("The period must start before it ends");
            }
            category = category == null || category.isBlank() ? null : category;
        }

        public static Query month(String area, LocalDate firstDay) {
            return new Query(area, null, null, firstDay.atStartOfDay(WorkingCalendar.ZONE).toInstant(),
                    firstDay.plusMonths(1).atStartOfDay(WorkingCalendar.ZONE).toInstant());
        }
    }

    /** The counts behind the indicators, and the indicators as percentages with two decimals (null: no base). */
    public record Figures(String key, String label, long reports, long opened, long due, long closed,
                          long closedOnTime, long acceptedInTime, long dispatches, long returns, long verifications,
                          long failedVerifications, long ratings, long satisfied, long merged, long solvedOnSpot,
                          long disputesClosed, long disputesResolved, Double meanHandlingHours) {

        public BigDecimal completionRate() {
            return rate(closed, due);
        }

        public BigDecimal onTimeRate() {
            return rate(closedOnTime, due);
        }

        public BigDecimal timelyIntakeRate() {
            return rate(acceptedInTime, reports);
        }

        public BigDecimal returnRate() {
            return rate(returns, dispatches);
        }

        public BigDecimal reworkRate() {
            return rate(failedVerifications, verifications);
        }

        public BigDecimal satisfactionRate() {
            return rate(satisfied, ratings);
        }

        public BigDecimal repeatRate() {
            return rate(merged, reports);
        }

        public BigDecimal resolutionRate() {
            return rate(disputesResolved, disputesClosed);
        }

        Figures labelled(String k, String l) {
            return new Figures(k, l, reports, opened, due, closed, closedOnTime, acceptedInTime, dispatches, returns,
                    verifications, failedVerifications, ratings, satisfied, merged, solvedOnSpot, disputesClosed,
                    disputesResolved, meanHandlingHours);
        }
    }

    /** numerator ÷ denominator as a percentage, rounded half-up to two decimals; null when nothing is due. */
    public static BigDecimal rate(long numerator, long denominator) {
        if (denominator <= 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
    }

    private final JdbcClient jdbc;
    private final Reports reports;
    private final AreaDirectory areas;
    private final CategoryCatalogue catalogue;
    private final AccessPolicy policy;

    Indicators(JdbcClient jdbc, Reports reports, AreaDirectory areas, CategoryCatalogue catalogue,
               AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.reports = reports;
        this.areas = areas;
        this.catalogue = catalogue;
    }

    /** 403 unless one of the user's assignments grants the indicators and covers the whole area asked for. */
    private void checkedScope(String area) {
        policy.check(CasePermission.READ_INDICATORS, area);
    }

    public Figures figures(Query q) {
        checkedScope(q.area());
        return compute(q, q.area(), q.area());
    }

    private Figures compute(Query q, String key, String label) {
        OffsetDateTime from = CaseFiles.ts(q.from());
        OffsetDateTime to = CaseFiles.ts(q.to());
        String area = q.area() + "%";
        record CaseCounts(long opened, long due, long closed, long closedOnTime, long ratings, long satisfied,
                          long disputesClosed, long disputesResolved, Double meanHandlingHours) {
        }
        CaseCounts cc = jdbc.sql("""
                        select count(*) filter (where opened_at >= :from and opened_at < :to) as opened,
                               count(*) filter (where handle_due >= :from and handle_due < :to) as due,
                               count(*) filter (where handle_due >= :from and handle_due < :to
                                                  and closed_at is not null) as closed,
                               count(*) filter (where handle_due >= :from and handle_due < :to
                                                  and closed_at <= handle_due) as closed_on_time,
                               count(*) filter (where rated_at >= :from and rated_at < :to
                                                  and rating <> 'UNREACHABLE') as ratings,
                               count(*) filter (where rated_at >= :from and rated_at < :to
                                                  and rating in ('SATISFIED', 'BASICALLY_SATISFIED')) as satisfied,
                               count(*) filter (where dispute and closed_at >= :from and closed_at < :to) as disputes_closed,
                               count(*) filter (where dispute and closed_at >= :from and closed_at < :to
                                                  and closing_kind in ('VERIFIED', 'MEDIATION')) as disputes_resolved,
                               avg(extract(epoch from closed_at - first_dispatched_at) / 3600.0)
                                   filter (where closed_at >= :from and closed_at < :to
                                             and first_dispatched_at is not null) as mean_handling_hours
                        from case_file
                        where area_code like :area
                          and (cast(:org as bigint) is null or lead_org_id = :org)
                          and (cast(:category as text) is null or category_code = :category)""")
                .param("from", from).param("to", to).param("area", area).param("org", q.orgId())
                .param("category", q.category()).query(CaseCounts.class).single();
        record DispatchCounts(long dispatches, long returns) {
        }
        DispatchCounts dc = jdbc.sql("""
                        select count(*) as dispatches, count(*) filter (where d.returned_at is not null) as returns
                        from case_dispatch d join case_file c on c.id = d.case_id
                        where d.role = 'LEAD' and d.dispatched_at >= :from and d.dispatched_at < :to
                          and c.area_code like :area
                          and (cast(:org as bigint) is null or d.org_id = :org)
                          and (cast(:category as text) is null or c.category_code = :category)""")
                .param("from", from).param("to", to).param("area", area).param("org", q.orgId())
                .param("category", q.category()).query(DispatchCounts.class).single();
        record VerifyCounts(long verifications, long failed) {
        }
        VerifyCounts vc = jdbc.sql("""
                        select count(*) as verifications, count(*) filter (where e.action = 'VERIFY_FAIL') as failed
                        from case_event e join case_file c on c.id = e.case_id
                        where e.action in ('VERIFY_PASS', 'VERIFY_FAIL') and e.at >= :from and e.at < :to
                          and c.area_code like :area
                          and (cast(:org as bigint) is null or c.lead_org_id = :org)
                          and (cast(:category as text) is null or c.category_code = :category)""")
                .param("from", from).param("to", to).param("area", area).param("org", q.orgId())
                .param("category", q.category()).query(VerifyCounts.class).single();
        // reports have no department: with a department filter their indicators have no base
        Reports.Counts rc = q.orgId() == null ? reports.counts(q.area(), q.category(), q.from(), q.to())
                : new Reports.Counts(0, 0, 0, 0);
        Double mean = cc.meanHandlingHours() == null ? null
                : Math.round(cc.meanHandlingHours() * 10) / 10.0;
        return new Figures(key, label, rc.reports(), cc.opened(), cc.due(), cc.closed(), cc.closedOnTime(),
                rc.acceptedInTime(), dc.dispatches(), dc.returns(), vc.verifications(), vc.failed(), cc.ratings(),
                cc.satisfied(), rc.merged(), rc.solvedOnSpot(), cc.disputesClosed(), cc.disputesResolved(), mean);
    }

    /** The figures of each child area of the query's area (towns of a county, villages of a town, …). */
    public List<Figures> byArea(Query q) {
        checkedScope(q.area());
        List<Figures> out = new ArrayList<>();
        for (AreaView child : areas.children(q.area())) {
            if (!"BASE".equals(child.kind())) {
                continue;
            }
            Query sub = new Query(child.code(), q.orgId(), q.category(), q.from(), q.to());
            out.add(compute(sub, child.code(), child.name()));
        }
        return out;
    }

    /**
     * A trend: the figures of each calendar month, {@code months} of them (1 to 24), ending with the month in which
     * the query's period ends; same area, department and category as the query.
     */
    public List<Figures> byMonth(Query q, int months) {
        checkedScope(q.area());
        if (months < 1 || months > 24) {
            throw new InvalidRequestException("A trend covers 1 to 24 months");
        }
        LocalDate lastMonth = q.to().atZone(WorkingCalendar.ZONE).toLocalDate().minusDays(1).withDayOfMonth(1);
        List<Figures> out = new ArrayList<>();
        for (int i = months - 1; i >= 0; i--) {
            LocalDate first = lastMonth.minusMonths(i);
            Query m = new Query(q.area(), q.orgId(), q.category(),
                    first.atStartOfDay(WorkingCalendar.ZONE).toInstant(),
                    first.plusMonths(1).atStartOfDay(WorkingCalendar.ZONE).toInstant());
            String key = first.toString().substring(0, 7);
            out.add(compute(m, key, key));
        }
        return out;
    }

    /** The figures of each lead department that had cases in the area. */
    public List<Figures> byDepartment(Query q) {
        checkedScope(q.area());
        record Org(long id, String name) {
        }
        List<Org> orgs = jdbc.sql("""
                        select distinct d.org_id as id, d.org_name as name from case_dispatch d
                        join case_file c on c.id = d.case_id
                        where d.role = 'LEAD' and c.area_code like ? order by name""")
                .param(q.area() + "%").query(Org.class).list();
        List<Figures> out = new ArrayList<>();
        for (Org o : orgs) {
            out.add(compute(new Query(q.area(), o.id(), q.category(), q.from(), q.to()), Long.toString(o.id()),
                    o.name()));
        }
        return out;
    }

    /** The figures of each category with cases or reports in the area. */
    public List<Figures> byCategory(Query q, java.util.Locale locale) {
        checkedScope(q.area());
        List<Figures> out = new ArrayList<>();
        for (Category c : catalogue.all()) {
            Figures f = compute(new Query(q.area(), q.orgId(), c.code(), q.from(), q.to()), c.code(),
                    c.label(locale));
            if (f.reports() + f.opened() + f.due() > 0) {
                out.add(f);
            }
        }
        return out;
    }
}
