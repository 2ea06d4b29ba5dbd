package org.fengqiao.platform;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Each role's home: what they may open, and the areas they serve, by name. */
@Controller
class HomeController {

    private final JdbcClient jdbc;

    HomeController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An area of the user's scope, named. */
    record ScopeArea(String code, String name) {
    }

    @GetMapping("/")
    String home(Model model) {
        List<String> codes = CurrentUser.scope().prefixes();
        List<ScopeArea> areas = jdbc.sql("select code, name from area where code = any(?) order by code")
                .param(codes.toArray(String[]::new)).query(ScopeArea.class).list();
        model.addAttribute("scopeAreas", areas);
        return "home";
    }
}
