package org.fengqiao.analytics;

import java.time.LocalDate;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Repeat reports: places reporting again and again, with their trend and their cases and disputes. */
@Controller
class RepeatPages {

    private final RepeatReports repeats;
    private final DashboardPages dashboardPages;
    private final Dashboards dashboards;

    RepeatPages(RepeatReports repeats, DashboardPages dashboardPages, Dashboards dashboards) {
        this.repeats = repeats;
        this.dashboardPages = dashboardPages;
        this.dashboards = dashboards;
    }

    @GetMapping("/analytics/repeats")
    String page(@RequestParam(required = false) String area, @RequestParam(required = false) String category,
                @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                @RequestParam(defaultValue = "3") int min, Model model) {
        LocalDate today = dashboards.today();
        Dashboards.Query q = dashboardPages.query(area, category, null, from == null ? today.minusDays(89) : from,
                to == null ? today : to);
        model.addAttribute("q", q);
        model.addAttribute("min", Math.max(2, min));
        model.addAttribute("areaName", dashboards.areaName(q.area()));
        model.addAttribute("places", repeats.places(q, min));
        return "analytics/repeats";
    }
}
