package org.fengqiao.platform;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Each role's home: what they may open, and the areas they serve, by name (names from {@link AreaNames}). */
@Controller
class HomeController {

    private final AreaNames areaNames;

    HomeController(AreaNames areaNames) {
        this.areaNames = areaNames;
    }

    /** An area of the user's posts, named. */
    record ScopeArea(String code, String name) {
    }

    @GetMapping("/")
    String home(Model model) {
        List<String> codes = CurrentUser.get().map(u -> u.assignments().stream()
                .map(CurrentUser.Assignment::areaCode).distinct().sorted().toList()).orElse(List.of());
        Map<String, String> names = areaNames.namesOf(codes);
        model.addAttribute("scopeAreas", codes.stream().filter(names::containsKey)
                .map(c -> new ScopeArea(c, names.get(c))).toList());
        return "home";
    }
}
