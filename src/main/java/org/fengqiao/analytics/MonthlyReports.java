package org.fengqiao.analytics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.fengqiao.cases.Indicators;
import org.fengqiao.platform.AccessPolicy;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The monthly analysis report (研判报告) of an area: the month's figures against the month before and the same month a
 * year before (like with like: a month still running is compared day for day), the 13-month trend, the top problems
 * with their year-on-year change, the child areas compared on outcomes, and notable cases (supervised, returned,
 * reworked, or rated dissatisfied). As a PDF in Chinese and as .xlsx; every number comes from the rollups.
 */
@Service
public class MonthlyReports {

    /** A category's reports this month and the same days a year before. */
    public record Problem(String code, String label, long reports, long opened, long reportsYearBefore,
                          BigDecimal change) {
    }

    /** A case worth a leader's attention, and why. */
    public record Notable(long caseId, String number, String categoryCode, String state, String leadOrgName,
                          String why) {
    }

    public record Report(String area, String areaName, YearMonth month, LocalDate from, LocalDate to,
                         Indicators.Figures current, Indicators.Figures monthBefore, Indicators.Figures yearBefore,
                         List<Indicators.Figures> trend, List<Problem> problems, List<Indicators.Figures> areas,
                         List<Notable> notable, Map<String, String> categoryLabels) {
    }

    private final Dashboards dashboards;
    private final AccessPolicy policy;
    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final org.fengqiao.cases.CategoryCatalogue catalogue;

    MonthlyReports(Dashboards dashboards, AccessPolicy policy, JdbcClient jdbc, MessageSource messages,
                   org.fengqiao.cases.CategoryCatalogue catalogue) {
        this.catalogue = catalogue;
        this.dashboards = dashboards;
        this.policy = policy;
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /** The report of an area for a month (up to today when the month is still running). */
    public Report build(String area, YearMonth month, Locale locale) {
        policy.check(AnalyticsPermission.READ_REPORT, area);
        return buildFor(area, month, locale);
    }

    /** Without a user: for the schedule, which sends each area's report to those who may read it. */
    Report buildFor(String area, YearMonth month, Locale locale) {
        LocalDate from = month.atDay(1);
        LocalDate today = dashboards.today();
        LocalDate to = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
        if (to.isBefore(from)) {
            throw new org.fengqiao.platform.InvalidRequestException("The month " + month + " has not begun");
        }
        Dashboards.Query q = new Dashboards.Query(area, null, null, from, to);
        return Dashboards.alreadyChecked(() -> {
            Dashboards.Comparison c = dashboards.compared(q);
            List<Indicators.Figures> categories = dashboards.byCategory(q, locale);
            Map<String, Long> lastYear = new HashMap<>();
            for (Indicators.Figures f : dashboards.byCategory(q.shiftedMonths(-12), locale)) {
                lastYear.put(f.key(), f.reports());
            }
            List<Problem> problems = categories.stream().filter(f -> f.reports() > 0)
                    .sorted(Comparator.comparingLong(Indicators.Figures::reports).reversed()).limit(10)
                    .map(f -> new Problem(f.key(), f.label(), f.reports(), f.opened(),
                            lastYear.getOrDefault(f.key(), 0L), change(f.reports(), lastYear.getOrDefault(f.key(), 0L))))
                    .toList();
            return new Report(area, dashboards.areaName(area), month, from, to, c.current(), c.monthBefore(),
                    c.yearBefore(), dashboards.byMonth(q, 13), problems, dashboards.byArea(q), notable(q),
                    labels(locale));
        });
    }

    private Map<String, String> labels(Locale locale) {
        Map<String, String> out = new HashMap<>();
        catalogue.all().forEach(c -> out.put(c.code(), c.label(locale)));
        return out;
    }

    /** The change from {@code before} to {@code now} in percent, one decimal; null when there was nothing before. */
    public static BigDecimal change(long now, long before) {
        if (before == 0) {
            return null;
        }
        return BigDecimal.valueOf(now - before).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(before), 1, RoundingMode.HALF_UP);
    }

    private List<Notable> notable(Dashboards.Query q) {
        return jdbc.sql("""
                        select case_id, number, category_code, state, lead_org_name,
                               case when supervised then 'SUPERVISED' when rating = 'DISSATISFIED' then 'DISSATISFIED'
                                    when return_count > 0 then 'RETURNED' else 'REWORKED' end as why
                        from analytics_case
                        where area_code like :prefix
                          and ((opened_at >= :from and opened_at < :to) or (closed_at >= :from and closed_at < :to))
                          and (supervised or rating = 'DISSATISFIED' or return_count > 0 or rework_count > 0)
                        order by supervised desc, (rating = 'DISSATISFIED') desc, return_count + rework_count desc,
                                 case_id
                        limit 10""")
                .param("prefix", q.area() + "%").param("from", RollupQueries.at(q.from()))
                .param("to", RollupQueries.at(q.end()))
                .query((rs, n) -> new Notable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6))).list();
    }

    // ---- rendering ----

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm").withZone(org.fengqiao.cases.WorkingCalendar.ZONE);

    static String pct(BigDecimal v) {
        return v == null ? "—" : v.toPlainString() + "%";
    }

    private static final List<String> RATES = List.of("completionRate", "onTimeRate", "timelyIntakeRate",
            "returnRate", "reworkRate", "satisfactionRate", "repeatRate", "resolutionRate");
    private static final List<String> COUNTS = List.of("reports", "opened", "due", "closed", "closedOnTime",
            "dispatches", "returns", "ratings", "satisfied");

    static long count(Indicators.Figures f, String k) {
        return switch (k) {
            case "reports" -> f.reports();
            case "opened" -> f.opened();
            case "due" -> f.due();
            case "closed" -> f.closed();
            case "closedOnTime" -> f.closedOnTime();
            case "dispatches" -> f.dispatches();
            case "returns" -> f.returns();
            case "ratings" -> f.ratings();
            case "satisfied" -> f.satisfied();
            default -> throw new IllegalArgumentException(k);
        };
    }

    static BigDecimal rate(Indicators.Figures f, String k) {
        return switch (k) {
            case "completionRate" -> f.completionRate();
            case "onTimeRate" -> f.onTimeRate();
            case "timelyIntakeRate" -> f.timelyIntakeRate();
            case "returnRate" -> f.returnRate();
            case "reworkRate" -> f.reworkRate();
            case "satisfactionRate" -> f.satisfactionRate();
            case "repeatRate" -> f.repeatRate();
            case "resolutionRate" -> f.resolutionRate();
            default -> throw new IllegalArgumentException(k);
        };
    }

    public String title(Report r, Locale locale) {
        return msg("analytics.report.title", locale, r.areaName(), r.month().getYear(), r.month().getMonthValue());
    }

    public byte[] pdf(Report r, Locale locale) {
        try (PdfPages p = new PdfPages(title(r, locale))) {
            p.heading(title(r, locale), 18);
            p.paragraph(msg("analytics.report.period", locale, r.from(), r.to(), r.area(),
                    STAMP.format(dashboards.now())), 9);
            p.heading(msg("analytics.report.figures", locale), 13);
            List<List<String>> rows = new ArrayList<>();
            for (String k : COUNTS) {
                rows.add(List.of(msg("analytics.col." + k, locale), Long.toString(count(r.current(), k)),
                        Long.toString(count(r.monthBefore(), k)), Long.toString(count(r.yearBefore(), k)),
                        pct(change(count(r.current(), k), count(r.yearBefore(), k)))));
            }
            for (String k : RATES) {
                rows.add(List.of(msg("analytics.col." + k, locale), pct(rate(r.current(), k)),
                        pct(rate(r.monthBefore(), k)), pct(rate(r.yearBefore(), k)), ""));
            }
            p.table(List.of("", msg("analytics.period.current", locale), msg("analytics.period.monthBefore", locale),
                    msg("analytics.period.yearBefore", locale), msg("analytics.report.yoyChange", locale)), rows, 9);
            p.heading(msg("analytics.chart.trend", locale) + " · " + msg("analytics.col.opened", locale), 13);
            p.bars(r.trend().stream().map(f -> f.key().substring(2)).toList(),
                    r.trend().stream().map(Indicators.Figures::opened).toList(), 120);
            p.heading(msg("analytics.report.problems", locale), 13);
            p.table(List.of(msg("analytics.report.category", locale), msg("analytics.col.reports", locale),
                            msg("analytics.col.opened", locale), msg("analytics.period.yearBefore", locale),
                            msg("analytics.report.yoyChange", locale)),
                    r.problems().stream().map(x -> List.of(x.label(), Long.toString(x.reports()),
                            Long.toString(x.opened()), Long.toString(x.reportsYearBefore()), pct(x.change()))).toList(),
                    9);
            p.heading(msg("analytics.chart.areas", locale), 13);
            p.table(List.of("", msg("analytics.col.opened", locale), msg("analytics.col.due", locale),
                            msg("analytics.col.completionRate", locale), msg("analytics.col.onTimeRate", locale),
                            msg("analytics.col.satisfactionRate", locale)),
                    r.areas().stream().map(f -> List.of(f.label(), Long.toString(f.opened()), Long.toString(f.due()),
                            pct(f.completionRate()), pct(f.onTimeRate()), pct(f.satisfactionRate()))).toList(), 9);
            p.heading(msg("analytics.report.notable", locale), 13);
            if (r.notable().isEmpty()) {
                p.paragraph(msg("analytics.report.notableNone", locale), 9);
            }
            p.table(List.of(msg("analytics.report.number", locale), msg("analytics.report.category", locale),
                            msg("analytics.report.state", locale), msg("analytics.report.department", locale),
                            msg("analytics.report.why", locale)),
                    r.notable().stream().map(n -> List.of(n.number(),
                            r.categoryLabels().getOrDefault(n.categoryCode(), n.categoryCode()),
                            msg("analytics.state." + n.state(), locale), n.leadOrgName() == null ? "" : n.leadOrgName(),
                            msg("analytics.report.why." + n.why(), locale))).toList(), 8);
            p.paragraph(msg("analytics.report.footer", locale), 8);
            return p.finish();
        }
    }

    public byte[] xlsx(Report r, Locale locale) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Workbook wb = new Workbook(out, "Fengqiao", "1.0");
            Worksheet s = wb.newWorksheet(msg("analytics.report.figures", locale));
            s.value(0, 0, title(r, locale));
            s.value(1, 0, r.from().toString());
            s.value(1, 1, r.to().toString());
            String[] head = {"", msg("analytics.period.current", locale), msg("analytics.period.monthBefore", locale),
                    msg("analytics.period.yearBefore", locale)};
            for (int c = 0; c < head.length; c++) {
                s.value(2, c, head[c]);
            }
            int row = 3;
            for (String k : COUNTS) {
                s.value(row, 0, msg("analytics.col." + k, locale));
                s.value(row, 1, count(r.current(), k));
                s.value(row, 2, count(r.monthBefore(), k));
                s.value(row, 3, count(r.yearBefore(), k));
                row++;
            }
            for (String k : RATES) {
                s.value(row, 0, msg("analytics.col." + k, locale));
                Object[] v = {rate(r.current(), k), rate(r.monthBefore(), k), rate(r.yearBefore(), k)};
                for (int c = 0; c < 3; c++) {
                    if (v[c] != null) {
                        s.value(row, c + 1, (BigDecimal) v[c]);
                    }
                }
                row++;
            }
            Worksheet t = wb.newWorksheet(msg("analytics.chart.trend", locale));
            t.value(0, 0, msg("analytics.report.month", locale));
            t.value(0, 1, msg("analytics.col.reports", locale));
            t.value(0, 2, msg("analytics.col.opened", locale));
            t.value(0, 3, msg("analytics.col.closed", locale));
            for (int i = 0; i < r.trend().size(); i++) {
                Indicators.Figures f = r.trend().get(i);
                t.value(i + 1, 0, f.key());
                t.value(i + 1, 1, f.reports());
                t.value(i + 1, 2, f.opened());
                t.value(i + 1, 3, f.closed());
            }
            Worksheet pr = wb.newWorksheet(msg("analytics.report.problems", locale));
            String[] ph = {msg("analytics.col.key", locale), msg("analytics.report.category", locale),
                    msg("analytics.col.reports", locale), msg("analytics.col.opened", locale),
                    msg("analytics.period.yearBefore", locale), msg("analytics.report.yoyChange", locale)};
            for (int c = 0; c < ph.length; c++) {
                pr.value(0, c, ph[c]);
            }
            for (int i = 0; i < r.problems().size(); i++) {
                Problem x = r.problems().get(i);
                pr.value(i + 1, 0, x.code());
                pr.value(i + 1, 1, x.label());
                pr.value(i + 1, 2, x.reports());
                pr.value(i + 1, 3, x.opened());
                pr.value(i + 1, 4, x.reportsYearBefore());
                if (x.change() != null) {
                    pr.value(i + 1, 5, x.change());
                }
            }
            Worksheet a = wb.newWorksheet(msg("analytics.chart.areas", locale));
            String[] ah = {msg("analytics.col.key", locale), msg("analytics.col.label", locale),
                    msg("analytics.col.opened", locale), msg("analytics.col.due", locale),
                    msg("analytics.col.closed", locale), msg("analytics.col.closedOnTime", locale)};
            for (int c = 0; c < ah.length; c++) {
                a.value(0, c, ah[c]);
            }
            for (int i = 0; i < r.areas().size(); i++) {
                Indicators.Figures f = r.areas().get(i);
                a.value(i + 1, 0, f.key());
                a.value(i + 1, 1, f.label());
                a.value(i + 1, 2, f.opened());
                a.value(i + 1, 3, f.due());
                a.value(i + 1, 4, f.closed());
                a.value(i + 1, 5, f.closedOnTime());
            }
            Worksheet n = wb.newWorksheet(msg("analytics.report.notable", locale));
            for (int i = 0; i < r.notable().size(); i++) {
                Notable x = r.notable().get(i);
                n.value(i, 0, x.number());
                n.value(i, 1, x.categoryCode());
                n.value(i, 2, msg("analytics.state." + x.state(), locale));
                n.value(i, 3, msg("analytics.report.why." + x.why(), locale));
            }
            wb.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
