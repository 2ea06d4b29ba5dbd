package org.fengqiao.people;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Pages for persons: search, detail (masked), unmask with reason, create, edit, retire. */
@Controller
class PersonPages {

    private static final int PAGE = 50;

    private final PersonDirectory persons;

    PersonPages(PersonDirectory persons) {
        this.persons = persons;
    }

    @GetMapping("/persons")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String area,
                @RequestParam(defaultValue = "false") boolean includeRetired,
                @RequestParam(required = false) Long after, Model model) {
        List<PersonDirectory.PersonSummary> rows = persons.search(q, area, includeRetired, after, PAGE + 1);
        boolean more = rows.size() > PAGE;
        if (more) {
            rows = rows.subList(0, PAGE);
        }
        model.addAttribute("persons", rows);
        model.addAttribute("q", q);
        model.addAttribute("area", area);
        model.addAttribute("includeRetired", includeRetired);
        model.addAttribute("nextAfter", more ? rows.getLast().id() : null);
        model.addAttribute("mayEdit", persons.mayRegister());
        return "people/list";
    }

    /** The search form posts, so that ID and phone numbers stay out of URLs, browser history and access logs. */
    @PostMapping("/persons/search")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String area,
                  @RequestParam(defaultValue = "false") boolean includeRetired, Model model) {
        return list(q, area, includeRetired, null, model);
    }

    @GetMapping("/persons/{id}")
    String detail(@PathVariable long id, Model model) {
        PersonDirectory.PersonDetail person = persons.get(id);
        model.addAttribute("person", person);
        model.addAttribute("mayUnmask", persons.mayUnmask(person.areaCode()));
        model.addAttribute("mayEdit", persons.mayEdit(person.areaCode()));
        return "people/detail";
    }

    @PostMapping("/persons/{id}/unmask")
    String unmask(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                  HttpServletResponse response) {
        try {
            model.addAttribute("unmasked", persons.unmask(id, reason));
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("unmaskError", "person.unmask.needReason");
        }
        return detail(id, model);
    }

    @GetMapping("/persons/new")
    String newForm(Model model) {
        model.addAttribute("form", new PersonDirectory.PersonInput("", "", "", "", ""));
        model.addAttribute("creating", true);
        return "people/form";
    }

    @PostMapping("/persons")
    String create(PersonDirectory.PersonInput form, Model model, HttpServletResponse response) {
        try {
            long id = persons.create(form);
            return "redirect:/persons/" + id + "?created";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("form", new PersonDirectory.PersonInput(form.name(), form.gender(), "", "",
                    form.areaCode()));
            model.addAttribute("creating", true);
            model.addAttribute("problem", e.getMessage());
            return "people/form";
        }
    }

    @GetMapping("/persons/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        PersonDirectory.PersonDetail p = persons.get(id);
        model.addAttribute("person", p);
        model.addAttribute("form", new PersonDirectory.PersonInput(p.name(), p.gender(), "", "", p.areaCode()));
        model.addAttribute("creating", false);
        return "people/form";
    }

    @PostMapping("/persons/{id}")
    String update(@PathVariable long id, @RequestParam int version, PersonDirectory.PersonInput form, Model model,
                  HttpServletResponse response) {
        try {
            persons.update(id, version, form);
            return "redirect:/persons/" + id + "?saved";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("person", persons.get(id));
            model.addAttribute("form", new PersonDirectory.PersonInput(form.name(), form.gender(), "", "",
                    form.areaCode()));
            model.addAttribute("creating", false);
            model.addAttribute("problem", e.getMessage());
            return "people/form";
        }
    }

    @PostMapping("/persons/{id}/retire")
    String retire(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                  HttpServletResponse response) {
        try {
            persons.retire(id, reason);
            return "redirect:/persons/" + id + "?retired";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            return detail(id, model);
        }
    }
}
