package org.fengqiao.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Early warnings: the list with the handling rate, acknowledging and handling, and the rules (for administrators). */
@Controller
class WarningPages {

    private final AreaWarnings warnings;
    private final AccessPolicy policy;
    private final CategoryCatalogue catalogue;
    private final Dashboards dashboards;

    WarningPages(AreaWarnings warnings, AccessPolicy policy, CategoryCatalogue catalogue, Dashboards dashboards) {
        this.warnings = warnings;
        this.policy = policy;
        this.catalogue = catalogue;
        this.dashboards = dashboards;
    }

    @GetMapping("/analytics/warnings")
    String list(@RequestParam(required = false) String area, Model model) {
        DataScope scope = policy.requireScope(AnalyticsPermission.HANDLE_WARNINGS);
        String a = area == null || area.isBlank() ? scope.prefixes().getFirst() : area.strip();
        if (!a.matches("\\d{6,24}")) {
            throw new InvalidRequestException("Choose an area by its code");
        }
        Instant now = dashboards.now();
        model.addAttribute("area", a);
        model.addAttribute("areaName", dashboards.areaName(a));
        model.addAttribute("warnings", warnings.list(a, 200));
        model.addAttribute("rate", warnings.handlingRate(a, now.minus(Duration.ofDays(365)), now));
        model.addAttribute("rules", warnings.rules());
        model.addAttribute("mayManage", policy.holds(AnalyticsPermission.MANAGE_WARNING_RULES));
        model.addAttribute("categories", catalogue.all());
        return "analytics/warnings";
    }

    @PostMapping("/analytics/warnings/acknowledge")
    String acknowledge(@RequestParam long id, @RequestParam(required = false) String area, RedirectAttributes r) {
        try {
            warnings.acknowledge(id);
            r.addFlashAttribute("notice", "analytics.warning.acknowledged");
        } catch (ConflictException | NotFoundException e) {
            r.addFlashAttribute("error", e.getMessage());
        }
        return back(area);
    }

    @PostMapping("/analytics/warnings/handle")
    String handle(@RequestParam long id, @RequestParam(required = false) String note,
                  @RequestParam(required = false) String area, RedirectAttributes r) {
        try {
            warnings.handle(id, note);
            r.addFlashAttribute("notice", "analytics.warning.handledNotice");
        } catch (ConflictException | NotFoundException | InvalidRequestException e) {
            r.addFlashAttribute("error", e.getMessage());
        }
        return back(area);
    }

    @PostMapping("/analytics/warnings/rules")
    String saveRule(@RequestParam(required = false) Long id, @RequestParam String kind, @RequestParam String name,
                    @RequestParam int areaLevel, @RequestParam int windowDays, @RequestParam BigDecimal factor,
                    @RequestParam int minCount, @RequestParam(required = false) String categoryCode,
                    @RequestParam int handleHours, @RequestParam(defaultValue = "false") boolean active,
                    @RequestParam(required = false) Integer version, @RequestParam(required = false) String area,
                    RedirectAttributes r) {
        try {
            warnings.save(new AreaWarnings.RuleEdit(id, kind, name, areaLevel, windowDays, factor, minCount,
                    categoryCode, handleHours, active, version));
            r.addFlashAttribute("notice", "analytics.warning.ruleSaved");
        } catch (ConflictException | InvalidRequestException e) {
            r.addFlashAttribute("error", e.getMessage());
        }
        return back(area);
    }

    private static String back(String area) {
        return "redirect:/analytics/warnings" + (area != null && area.matches("\\d{6,24}") ? "?area=" + area : "");
    }
}
