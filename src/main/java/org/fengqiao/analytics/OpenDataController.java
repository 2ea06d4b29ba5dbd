package org.fengqiao.analytics;

import java.io.IOException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.platform.InvalidRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletResponse;

/** Open data without sign-in: the towns' indicators per month as JSON and CSV (see {@link OpenData}). */
@RestController
class OpenDataController {

    private final OpenData openData;

    OpenDataController(OpenData openData) {
        this.openData = openData;
    }

    private static YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return null;
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("A month is written like 2026-10");
        }
    }

    @GetMapping(value = "/public/open-data/indicators.json", produces = "application/json")
    List<OpenData.TownMonth> json(@RequestParam String county, @RequestParam(required = false) String month,
                                  HttpServletResponse response) {
        response.setHeader("Cache-Control", "public, max-age=3600");
        return openData.indicators(county, month(month));
    }

    @GetMapping("/public/open-data/indicators.csv")
    void csv(@RequestParam String county, @RequestParam(required = false) String month,
             HttpServletResponse response) throws IOException {
        List<OpenData.TownMonth> rows = openData.indicators(county, month(month));
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setHeader("Content-Disposition", "attachment; filename=\"indicators-" + county + ".csv\"");
        List<List<Object>> out = new ArrayList<>();
        for (OpenData.TownMonth r : rows) {
            out.add(java.util.Arrays.asList(r.month(), r.townCode(), r.townName(), r.reports(), r.opened(), r.due(),
                    r.closed(), r.closedOnTime(), r.completionRate(), r.onTimeRate(), r.satisfactionRate()));
        }
        Downloads.csv(List.of("month", "town_code", "town_name", "reports", "cases_opened", "cases_due",
                "cases_closed", "closed_on_time", "completion_rate", "on_time_rate", "satisfaction_rate"), out,
                response.getOutputStream());
    }
}
