package org.fengqiao.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fengqiao.cases.Category;
import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.cases.Indicators;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.people.Organisations;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * The dashboards' figures from the rollups: the indicators of DOMAIN.md §4 exactly as {@link Indicators} defines
 * them (its {@link Indicators.Figures} computes every rate), for any area subtree the user may see and any period
 * of whole days; compared like with like (the same days a month and a year earlier); by month, child area,
 * category and department — areas and departments, never persons.
 */
@Service
public class Dashboards {

    /**
     * An area subtree (a code prefix: 2 digits a province, 4 a prefecture, 6 a county, 9 a town …), a period of
     * whole days {@code [from, to]} in the county's calendar, and optionally one category and one lead department.
     */
    public record Query(String area, String category, Long orgId, LocalDate from, LocalDate to) {
        public Query {
            if (area == null || !area.matches("\\d{2}|\\d{4}|\\d{6,24}")) {
                throw new InvalidRequestException("Choose an area (its code: 2, 4 or 6 to 24 digits)");
            }
            if (from == null || to == null || to.isBefore(from)) {
                throw new InvalidRequestException("The period must not end before it starts");
            }
            if (ChronoUnit.DAYS.between(from, to) > 3700) {
                throw new InvalidRequestException("A period covers at most ten years");
            }
            category = category == null || category.isBlank() ? null : category.strip();
        }

        LocalDate end() {
            return to.plusDays(1);
        }

        /** The same days shifted by whole months (clamped to the month's length), e.g. −12 for a year earlier. */
        public Query shiftedMonths(int months) {
            LocalDate f = from.plusMonths(months);
            LocalDate t = to.plusMonths(months);
            if (to.equals(to.withDayOfMonth(to.lengthOfMonth())) && from.getDayOfMonth() == 1) {
                t = t.withDayOfMonth(t.lengthOfMonth());
            }
            return new Query(area, category, orgId, f, t);
        }

        public Query inArea(String code) {
            return new Query(code, category, orgId, from, to);
        }

        public Query forCategory(String code) {
            return new Query(area, code, orgId, from, to);
        }

        public Query forDepartment(Long org) {
            return new Query(area, category, org, from, to);
        }
    }

    private final RollupQueries rollups;
    private final CaseNowQueries now;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final CategoryCatalogue catalogue;
    private final Clock clock;
    private final DisputeFacts disputes;
    private final Organisations organisations;

    Dashboards(RollupQueries rollups, CaseNowQueries now, AccessPolicy policy, AreaDirectory areas,
               CategoryCatalogue catalogue, Clock clock, DisputeFacts disputes,
               Organisations organisations) {
        this.disputes = disputes;
        this.organisations = organisations;
        this.rollups = rollups;
        this.now = now;
        this.policy = policy;
        this.areas = areas;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    private static final ThreadLocal<Boolean> CHECKED = ThreadLocal.withInitial(() -> false);

    /**
     * Runs work whose caller already decided that it may be done (the monthly report checks its own permission; the
     * schedule sends each area's report to those who may read it): the figures are not checked again.
     */
    static <T> T alreadyChecked(java.util.function.Supplier<T> work) {
        boolean was = CHECKED.get();
        CHECKED.set(true);
        try {
            return work.get();
        } finally {
            CHECKED.set(was);
        }
    }

    /** 403 unless one assignment grants the dashboard and covers the whole area asked for. */
    void check(Query q) {
        if (!CHECKED.get()) {
            policy.check(AnalyticsPermission.READ_DASHBOARD, q.area());
        }
    }

    public Indicators.Figures figures(Query q) {
        check(q);
        return figuresOf(q.area(), areaName(q.area()), sum(q, RollupQueries.By.NOTHING).getOrDefault("",
                new long[Measures.ALL.size()]));
    }

    /** The figures, the same days a month earlier and a year earlier. */
    public record Comparison(Indicators.Figures current, Indicators.Figures monthBefore, Indicators.Figures yearBefore,
                             Query monthBeforeQuery, Query yearBeforeQuery) {
    }

    public Comparison compared(Query q) {
        Query mom = q.shiftedMonths(-1);
        Query yoy = q.shiftedMonths(-12);
        return new Comparison(figures(q), figures(mom), figures(yoy), mom, yoy);
    }

    /** Reports received per channel (source) in the period. */
    public Map<String, Long> reportsByChannel(Query q) {
        check(q);
        long[] m = sum(q, RollupQueries.By.NOTHING).getOrDefault("", new long[Measures.ALL.size()]);
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String ch : List.of("COUNTER", "HOTLINE", "PATROL", "QR", "OPEN311", "API")) {
            out.put(ch, m[Measures.index("reports_" + ch.toLowerCase(Locale.ROOT))]);
        }
        return out;
    }

    /** One entry per calendar month, {@code months} of them ending with the month in which the period ends. */
    public List<Indicators.Figures> byMonth(Query q, int months) {
        check(q);
        if (months < 1 || months > 36) {
            throw new InvalidRequestException("A trend covers 1 to 36 months");
        }
        LocalDate last = q.to().withDayOfMonth(1);
        LocalDate first = last.minusMonths(months - 1);
        Map<String, long[]> sums = rollups.sums(q.area(), q.category(), q.orgId(), first, last.plusMonths(1),
                RollupQueries.By.MONTH);
        List<Indicators.Figures> out = new ArrayList<>();
        for (LocalDate m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            String key = m.toString().substring(0, 7);
            out.add(figuresOf(key, key, sums.getOrDefault(key, new long[Measures.ALL.size()])));
        }
        return out;
    }

    /**
     * The figures of each child area: every base child the area tree knows (towns of a county, villages of a town,
     * grids of a village), or, above counties, each child prefix that has figures.
     */
    public List<Indicators.Figures> byArea(Query q) {
        check(q);
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (AreaView child : areas.children(q.area())) {
            if ("BASE".equals(child.kind())) {
                names.put(child.code(), child.name());
            }
        }
        Map<String, long[]> sums = sum(q, RollupQueries.By.CHILD_AREA);
        List<Indicators.Figures> out = new ArrayList<>();
        if (names.isEmpty()) {
            sums.forEach((code, m) -> out.add(figuresOf(code, areaName(code), m)));
        } else {
            names.forEach((code, name) -> out.add(figuresOf(code, name,
                    sums.getOrDefault(code, new long[Measures.ALL.size()]))));
        }
        return out;
    }

    public List<Indicators.Figures> byCategory(Query q, Locale locale) {
        check(q);
        Map<String, String> labels = new HashMap<>();
        for (Category c : catalogue.all()) {
            labels.put(c.code(), c.label(locale));
        }
        List<Indicators.Figures> out = new ArrayList<>();
        sum(q, RollupQueries.By.CATEGORY).forEach((code, m) ->
                out.add(figuresOf(code, labels.getOrDefault(code, code), m)));
        return out;
    }

    /** The lead departments' figures (for a county or finer: departments belong to one county). */
    public List<Indicators.Figures> byDepartment(Query q) {
        check(q);
        if (q.area().length() < 6) {
            return List.of();
        }
        Map<String, long[]> sums = sum(q, RollupQueries.By.DEPARTMENT);
        sums.remove("");
        // the names from their owner by primary key (the read model's latest dispatch per department scanned every
        // dispatch of the county's departments: 28 ms of a county dashboard at a million cases)
        Map<Long, String> names = organisations.namesOf(sums.keySet().stream().map(Long::valueOf).toList());
        List<Indicators.Figures> out = new ArrayList<>();
        sums.forEach((org, m) -> out.add(figuresOf(org, names.getOrDefault(Long.valueOf(org), org), m)));
        out.sort(java.util.Comparator.comparing(Indicators.Figures::label));
        return out;
    }

    /** Disputes registered and concluded in the period, mediation outcomes by type, their warnings handled. */
    public DisputeFacts.Summary disputes(Query q) {
        check(q);
        return disputes.summary(q.area(), q.from(), q.end());
    }

    /** Cases per state as they stand now. */
    public Map<String, Long> casesByState(Query q) {
        check(q);
        return now.byState(q.area(), q.category());
    }

    public CaseNowQueries.Counts overdueAndSupervised(Query q) {
        check(q);
        return now.counts(q.area(), q.category(), clock.instant());
    }

    /** Open cases past their handling deadline or under supervision, most overdue first (counties and below). */
    public List<CaseNowQueries.OpenCase> needingAttention(Query q, int limit) {
        check(q);
        if (q.area().length() < 6) {
            return List.of();
        }
        return now.attention(q.area(), q.category(), clock.instant(), Math.min(Math.max(limit, 1), 200));
    }

    /** Today in the county's calendar. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), WorkingCalendar.ZONE);
    }

    public Instant now() {
        return clock.instant();
    }

    public String areaName(String code) {
        return areas.find(code).map(AreaView::name).orElse(code);
    }

    private Map<String, long[]> sum(Query q, RollupQueries.By by) {
        return rollups.sums(q.area(), q.category(), q.orgId(), q.from(), q.end(), by);
    }

    static Indicators.Figures figuresOf(String key, String label, long[] m) {
        long handled = m[Measures.index("handled")];
        Double mean = handled == 0 ? null
                : Math.round(m[Measures.index("handling_us")] / (double) handled / 3.6e9 * 10) / 10.0;
        return new Indicators.Figures(key, label, m[Measures.index("reports")], m[Measures.index("opened")],
                m[Measures.index("due")], m[Measures.index("closed")], m[Measures.index("closed_on_time")],
                m[Measures.index("accepted_in_time")], m[Measures.index("dispatches")], m[Measures.index("returns")],
                m[Measures.index("verifications")], m[Measures.index("failed_verifications")],
                m[Measures.index("ratings")], m[Measures.index("satisfied")], m[Measures.index("merged")],
                m[Measures.index("solved_on_spot")], m[Measures.index("disputes_closed")],
                m[Measures.index("disputes_resolved")], mean);
    }
}
