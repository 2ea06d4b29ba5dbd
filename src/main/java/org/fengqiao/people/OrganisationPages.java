package org.fengqiao.people;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Organisations and departments in scope, and a form to add one. */
@Controller
class OrganisationPages {

    private final Organisations organisations;

    OrganisationPages(Organisations organisations) {
        this.organisations = organisations;
    }

    @GetMapping("/organisations")
    String list(@RequestParam(required = false) String kind, Model model) {
        model.addAttribute("organisations", organisations.list(kind));
        model.addAttribute("kinds", Organisations.KINDS.stream().sorted().toList());
        model.addAttribute("kind", kind);
        model.addAttribute("mayCreate", organisations.mayCreate());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new Organisations.OrganisationInput("", "", "CENTER", "", null));
        }
        return "people/organisations";
    }

    @PostMapping("/organisations")
    String create(Organisations.OrganisationInput form, Model model, HttpServletResponse response) {
        try {
            organisations.create(form);
            return "redirect:/organisations?created";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("form", form);
            model.addAttribute("problem", e.getMessage());
            return list(null, model);
        }
    }
}
