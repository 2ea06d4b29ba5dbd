package org.fengqiao.analytics;

import java.io.IOException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/** The monthly analysis report: choose an area and a month, download it as PDF or .xlsx. */
@Controller
class ReportPages {

    private final MonthlyReports reports;
    private final Dashboards dashboards;
    private final AccessPolicy policy;

    ReportPages(MonthlyReports reports, Dashboards dashboards, AccessPolicy policy) {
        this.reports = reports;
        this.dashboards = dashboards;
        this.policy = policy;
    }

    private String area(String area) {
        DataScope scope = policy.requireScope(AnalyticsPermission.READ_REPORT);
        return area == null || area.isBlank() ? scope.prefixes().getFirst() : area.strip();
    }

    private YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.from(dashboards.today()).minusMonths(1);
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("A month is written like 2026-10");
        }
    }

    @GetMapping("/analytics/reports")
    String page(@RequestParam(required = false) String area, @RequestParam(required = false) String month,
                Model model) {
        String a = area(area);
        YearMonth m = month(month);
        policy.check(AnalyticsPermission.READ_REPORT, a);
        model.addAttribute("area", a);
        model.addAttribute("areaName", dashboards.areaName(a));
        model.addAttribute("month", m);
        return "analytics/reports";
    }

    @GetMapping("/analytics/reports/monthly.{format}")
    void download(@PathVariable String format, @RequestParam(required = false) String area,
                  @RequestParam(required = false) String month, Locale locale, HttpServletResponse response)
            throws IOException {
        if (!format.equals("pdf") && !format.equals("xlsx")) {
            throw new InvalidRequestException("Download as pdf or xlsx");
        }
        MonthlyReports.Report r = reports.build(area(area), month(month), locale);
        byte[] body = format.equals("pdf") ? reports.pdf(r, locale) : reports.xlsx(r, locale);
        String name = "fengqiao-report-" + r.area() + "-" + r.month() + "." + format;
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        response.setContentType(format.equals("pdf") ? "application/pdf"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
