package org.fengqiao.analytics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.cases.Indicators;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The dashboard (研判): an area subtree and a period, its indicators against the same days a month and a year
 * earlier, the trend, the child areas (drill down to a grid and its cases), categories, sources, departments, the
 * cases as they stand and those needing attention. Every chart's numbers download as CSV or .xlsx.
 */
@Controller
@RequestMapping("/analytics")
class DashboardPages {

    static final int TREND_MONTHS = 13;

    private final Dashboards dashboards;
    private final AccessPolicy policy;
    private final CategoryCatalogue catalogue;
    private final AreaDirectory areas;
    private final MessageSource messages;

    DashboardPages(Dashboards dashboards, AccessPolicy policy, CategoryCatalogue catalogue, AreaDirectory areas,
                   MessageSource messages) {
        this.dashboards = dashboards;
        this.policy = policy;
        this.catalogue = catalogue;
        this.areas = areas;
        this.messages = messages;
    }

    /** The query of a request; without an area the first the user may see, without a period this month so far. */
    Dashboards.Query query(String area, String category, Long org, LocalDate from, LocalDate to) {
        DataScope scope = policy.requireScope(AnalyticsPermission.READ_DASHBOARD);
        String a = area == null || area.isBlank() ? scope.prefixes().getFirst() : area.strip();
        LocalDate today = dashboards.today();
        LocalDate f = from == null ? today.withDayOfMonth(1) : from;
        LocalDate t = to == null ? (from == null ? today : f.plusMonths(1).minusDays(1)) : to;
        return new Dashboards.Query(a, category, org, f, t);
    }

    @GetMapping
    String dashboard(@RequestParam(required = false) String area, @RequestParam(required = false) String category,
                     @RequestParam(required = false) Long org, @RequestParam(required = false) LocalDate from,
                     @RequestParam(required = false) LocalDate to, Model model, Locale locale) {
        Dashboards.Query q = query(area, category, org, from, to);
        Dashboards.Comparison c = dashboards.compared(q);
        model.addAttribute("q", q);
        model.addAttribute("cmp", c);
        model.addAttribute("areaName", dashboards.areaName(q.area()));
        model.addAttribute("path", areas.path(q.area()).stream()
                .filter(a -> policy.allows(AnalyticsPermission.READ_DASHBOARD, a.code())).toList());
        model.addAttribute("channels", dashboards.reportsByChannel(q));
        model.addAttribute("trend", dashboards.byMonth(q, TREND_MONTHS));
        model.addAttribute("byArea", dashboards.byArea(q));
        model.addAttribute("byCategory", dashboards.byCategory(q, locale));
        model.addAttribute("byDepartment", dashboards.byDepartment(q));
        model.addAttribute("states", dashboards.casesByState(q));
        model.addAttribute("disputes", dashboards.disputes(q));
        model.addAttribute("counts", dashboards.overdueAndSupervised(q));
        model.addAttribute("attention", dashboards.needingAttention(q, 20));
        model.addAttribute("categories", catalogue.all());
        model.addAttribute("leaf", q.area().length() >= 15);
        model.addAttribute("rates", rates(c.current()));
        model.addAttribute("ratesMonth", rates(c.monthBefore()));
        model.addAttribute("ratesYear", rates(c.yearBefore()));
        return "analytics/dashboard";
    }

    static Map<String, Object> rates(Indicators.Figures f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("completionRate", f.completionRate());
        r.put("onTimeRate", f.onTimeRate());
        r.put("timelyIntakeRate", f.timelyIntakeRate());
        r.put("returnRate", f.returnRate());
        r.put("reworkRate", f.reworkRate());
        r.put("satisfactionRate", f.satisfactionRate());
        r.put("repeatRate", f.repeatRate());
        r.put("resolutionRate", f.resolutionRate());
        return r;
    }

    // ---- downloads: every chart's numbers ----

    @GetMapping("/data/{table}.{format}")
    void download(@PathVariable String table, @PathVariable String format,
                  @RequestParam(required = false) String area, @RequestParam(required = false) String category,
                  @RequestParam(required = false) Long org, @RequestParam(required = false) LocalDate from,
                  @RequestParam(required = false) LocalDate to, Locale locale, HttpServletResponse response)
            throws IOException {
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw new InvalidRequestException("Download as csv or xlsx");
        }
        Dashboards.Query q = query(area, category, org, from, to);
        Sheet sheet = sheet(table, q, locale);
        String name = "fengqiao-" + table + "-" + q.area() + "-" + q.from() + "-" + q.to() + "." + format;
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        if (format.equals("csv")) {
            response.setContentType("text/csv; charset=UTF-8");
            Downloads.csv(sheet.header(), sheet.rows(), response.getOutputStream());
        } else {
            response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            OutputStream out = response.getOutputStream();
            Downloads.xlsx(table, sheet.header(), sheet.rows(), out);
        }
    }

    record Sheet(List<String> header, List<List<Object>> rows) {
    }

    Sheet sheet(String table, Dashboards.Query q, Locale locale) {
        return switch (table) {
            case "indicators" -> {
                Dashboards.Comparison c = dashboards.compared(q);
                yield figures(List.of(label(c.current(), msg("analytics.period.current", locale)),
                        label(c.monthBefore(), msg("analytics.period.monthBefore", locale)),
                        label(c.yearBefore(), msg("analytics.period.yearBefore", locale))), locale);
            }
            case "trend" -> figures(dashboards.byMonth(q, TREND_MONTHS), locale);
            case "areas" -> figures(dashboards.byArea(q), locale);
            case "categories" -> figures(dashboards.byCategory(q, locale), locale);
            case "departments" -> figures(dashboards.byDepartment(q), locale);
            case "channels" -> counts(dashboards.reportsByChannel(q), "analytics.channel.", locale);
            case "states" -> counts(dashboards.casesByState(q), "analytics.state.", locale);
            default -> throw new NotFoundException("No table " + table);
        };
    }

    private static Indicators.Figures label(Indicators.Figures f, String label) {
        return new Indicators.Figures(f.key(), label, f.reports(), f.opened(), f.due(), f.closed(),
                f.closedOnTime(), f.acceptedInTime(), f.dispatches(), f.returns(), f.verifications(),
                f.failedVerifications(), f.ratings(), f.satisfied(), f.merged(), f.solvedOnSpot(),
                f.disputesClosed(), f.disputesResolved(), f.meanHandlingHours());
    }

    static final List<String> FIGURE_COLUMNS = List.of("key", "label", "reports", "opened", "due", "closed",
            "closedOnTime", "completionRate", "onTimeRate", "acceptedInTime", "timelyIntakeRate", "dispatches",
            "returns", "returnRate", "verifications", "failedVerifications", "reworkRate", "ratings", "satisfied",
            "satisfactionRate", "merged", "repeatRate", "solvedOnSpot", "disputesClosed", "disputesResolved",
            "resolutionRate", "meanHandlingHours");

    Sheet figures(List<Indicators.Figures> list, Locale locale) {
        List<String> header = FIGURE_COLUMNS.stream().map(c -> msg("analytics.col." + c, locale)).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (Indicators.Figures f : list) {
            List<Object> r = new ArrayList<>();
            r.add(f.key());
            r.add(f.label());
            r.add(f.reports());
            r.add(f.opened());
            r.add(f.due());
            r.add(f.closed());
            r.add(f.closedOnTime());
            r.add(f.completionRate());
            r.add(f.onTimeRate());
            r.add(f.acceptedInTime());
            r.add(f.timelyIntakeRate());
            r.add(f.dispatches());
            r.add(f.returns());
            r.add(f.returnRate());
            r.add(f.verifications());
            r.add(f.failedVerifications());
            r.add(f.reworkRate());
            r.add(f.ratings());
            r.add(f.satisfied());
            r.add(f.satisfactionRate());
            r.add(f.merged());
            r.add(f.repeatRate());
            r.add(f.solvedOnSpot());
            r.add(f.disputesClosed());
            r.add(f.disputesResolved());
            r.add(f.resolutionRate());
            r.add(f.meanHandlingHours());
            rows.add(r);
        }
        return new Sheet(header, rows);
    }

    private Sheet counts(Map<String, Long> counts, String prefix, Locale locale) {
        List<List<Object>> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(List.of(k, msg(prefix + k, locale), n)));
        return new Sheet(List.of(msg("analytics.col.key", locale), msg("analytics.col.label", locale),
                msg("analytics.col.count", locale)), rows);
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
