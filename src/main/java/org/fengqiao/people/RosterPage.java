package org.fengqiao.people;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The roster of an area as an HTML fragment for htmx (the map's side panel loads it). */
@Controller
class RosterPage {

    private final GridRoster roster;

    RosterPage(GridRoster roster) {
        this.roster = roster;
    }

    @GetMapping("/areas/{code}/roster")
    String roster(@PathVariable String code, Model model) {
        model.addAttribute("areaCode", code);
        model.addAttribute("members", roster.of(code));
        return "people/roster :: roster";
    }
}
