package org.fengqiao.analytics;

import java.time.LocalDate;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The hotspot map page (Leaflet) and its figures as JSON. */
@Controller
class MapPages {

    private final HotspotMap map;
    private final DashboardPages dashboardPages;
    private final Dashboards dashboards;

    MapPages(HotspotMap map, DashboardPages dashboardPages, Dashboards dashboards) {
        this.map = map;
        this.dashboardPages = dashboardPages;
        this.dashboards = dashboards;
    }

    @GetMapping("/analytics/map")
    String page(@RequestParam(required = false) String area, @RequestParam(required = false) String category,
                @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                Model model) {
        Dashboards.Query q = dashboardPages.query(area, category, null, from, to);
        HotspotMap.Heat heat = map.heat(q);
        model.addAttribute("q", q);
        model.addAttribute("heat", heat);
        model.addAttribute("areaName", dashboards.areaName(q.area()));
        return "analytics/map";
    }

    @GetMapping(value = "/api/analytics/map", produces = "application/json")
    @ResponseBody
    HotspotMap.Heat json(@RequestParam(required = false) String area, @RequestParam(required = false) String category,
                         @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
        return map.heat(dashboardPages.query(area, category, null, from, to));
    }
}
