package org.fengqiao.analytics;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Dispatch suggestions: a small fragment the case page loads with htmx ({@code hx-get}) beside the dispatch form,
 * and the same as JSON.
 */
@Controller
class SuggestionPages {

    private final DispatchSuggestions suggestions;

    SuggestionPages(DispatchSuggestions suggestions) {
        this.suggestions = suggestions;
    }

    @GetMapping("/analytics/suggestions")
    String fragment(@RequestParam String category, @RequestParam String area, Model model) {
        model.addAttribute("suggestions", suggestions.forCase(category, area, 3));
        return "analytics/suggestions :: list";
    }

    @GetMapping(value = "/api/analytics/suggestions", produces = "application/json")
    @ResponseBody
    List<DispatchSuggestions.Suggestion> json(@RequestParam String category, @RequestParam String area) {
        return suggestions.forCase(category, area, 5);
    }
}
