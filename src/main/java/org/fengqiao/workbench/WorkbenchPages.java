package org.fengqiao.workbench;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page ({@code /} after sign-in) and each of its panels on its own URL: htmx refreshes a panel in place
 * (a fragment), a plain request gets the panel as a page.
 */
@Controller
class WorkbenchPages {

    private final Workbench workbench;
    private final AreaDirectory areas;

    WorkbenchPages(Workbench workbench, AreaDirectory areas) {
        this.workbench = workbench;
        this.areas = areas;
    }

    /** An area of the user's posts, named. */
    record ScopeArea(String code, String name) {
    }

    @GetMapping("/")
    String home(Model model) {
        CurrentUser.User me = CurrentUser.require();
        List<String> codes = me.scope().prefixes();
        Map<String, String> names = areas.names(codes);
        model.addAttribute("scopeAreas", codes.stream().map(c -> new ScopeArea(c, names.getOrDefault(c, c)))
                .toList());
        model.addAttribute("board", workbench.board(me));
        return "workbench/home";
    }

    @GetMapping({"/workbench/intake", "/workbench/dispatch", "/workbench/supervision", "/workbench/department",
            "/workbench/field", "/workbench/reports"})
    String panel(HttpServletRequest request, Model model) {
        String uri = request.getRequestURI();
        model.addAttribute("panel", workbench.panel(uri.substring(uri.lastIndexOf('/') + 1)));
        return "true".equals(request.getHeader("HX-Request")) ? "workbench/panel :: panel" : "workbench/panel";
    }
}
