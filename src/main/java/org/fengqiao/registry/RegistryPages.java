package org.fengqiao.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.registry.internal.Checks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The registry's pages: an area browser (town › village › grid › building › rooms), a room with its households, a
 * household with its members and notes, a resident with unmask, edit, move-out and care tags, and the search.
 * Every form posts and redirects; a refused input shows the page again with the reason and what was typed.
 */
@Controller
class RegistryPages {

    private final Rooms rooms;
    private final Households households;
    private final Residents residents;
    private final CareTags careTags;
    private final AreaDirectory areas;
    private final AccessPolicy policy;
    private Rentals rentals;

    @org.springframework.beans.factory.annotation.Autowired
    void setRentals(Rentals rentals) {
        this.rentals = rentals;
    }

    RegistryPages(Rooms rooms, Households households, Residents residents, CareTags careTags, AreaDirectory areas,
                  AccessPolicy policy) {
        this.rooms = rooms;
        this.households = households;
        this.residents = residents;
        this.careTags = careTags;
        this.areas = areas;
        this.policy = policy;
    }

    /** A child area in the browser with what the registry holds under it. */
    record Child(AreaView area, int rooms, int households, int residents) {
    }

    @GetMapping("/registry")
    String browse(@RequestParam(required = false) String area, Model model) {
        policy.checkHeld(RegistryPermission.READ);
        DataScope scope = policy.scope(RegistryPermission.READ);
        List<Rooms.Counts> counts;
        List<AreaView> children = new ArrayList<>();
        AreaView here = null;
        if (area == null || area.isBlank()) {
            for (String prefix : scope.prefixes()) {
                areas.find(prefix).ifPresent(children::add);
            }
            counts = new ArrayList<>();
            for (String prefix : scope.prefixes()) {
                counts.addAll(rooms.countsUnder(prefix));
            }
        } else {
            here = areas.find(area.strip()).filter(a -> scope.reaches(a.code()))
                    .orElseThrow(() -> new NotFoundException("No area " + area + " in your scope."));
            AreaView h = here;
            areas.children(h.code()).stream().filter(c -> scope.reaches(c.code())).forEach(children::add);
            counts = rooms.countsUnder(h.code());
            model.addAttribute("path", areas.path(h.code()).stream().filter(a -> scope.reaches(a.code())).toList());
            model.addAttribute("roomsHere", rooms.in(h.code()));
            model.addAttribute("mayEdit", policy.allows(RegistryPermission.EDIT, h.code()));
            model.addAttribute("mayHaveRooms", "BUILDING".equals(h.level()) || Rooms.HOUSE_LEVELS.contains(h.level()));
        }
        List<Child> rows = new ArrayList<>();
        for (AreaView c : children) {
            int r = 0;
            int hh = 0;
            int p = 0;
            for (Rooms.Counts k : counts) {
                if (k.areaCode().startsWith(c.code())) {
                    r += k.rooms();
                    hh += k.households();
                    p += k.residents();
                }
            }
            rows.add(new Child(c, r, hh, p));
        }
        model.addAttribute("here", here);
        model.addAttribute("children", rows);
        model.addAttribute("uses", Checks.ROOM_USES);
        return "registry/browse";
    }

    @PostMapping("/registry/rooms")
    String registerRoom(Rooms.RoomInput form, Model model, HttpServletResponse response) {
        try {
            long id = rooms.register(form);
            return "redirect:/registry/rooms/" + id + "?created";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("roomForm", form);
            return browse(form.areaCode(), model);
        }
    }

    @GetMapping("/registry/rooms/{id}")
    String room(@PathVariable long id, Model model) {
        Rooms.RoomView room = rooms.get(id);
        model.addAttribute("room", room);
        model.addAttribute("households", households.inRoom(id));
        model.addAttribute("mayEdit", policy.allows(RegistryPermission.EDIT, room.areaCode()));
        model.addAttribute("relationships", Checks.RELATIONSHIPS);
        model.addAttribute("rentals", rentals.ofRoom(id));
        model.addAttribute("mayRent", !room.retired()
                && policy.allows(RegistryPermission.MANAGE_RENTALS, room.areaCode()));
        return "registry/room";
    }

    /** Registers a household with its head (optional) in one form. */
    @PostMapping("/registry/rooms/{id}/households")
    String registerHousehold(@PathVariable long id, @RequestParam(required = false) String kind,
                             @RequestParam(required = false) String householdNumber,
                             @RequestParam(required = false) String phone, ResidentForm head, Model model,
                             HttpServletResponse response) {
        try {
            List<Residents.ResidentInput> members = head.name() == null || head.name().isBlank() ? List.of()
                    : List.of(head.withRelationship("02").toInput());
            long household = households.register(id, new Households.HouseholdInput(kind, householdNumber, phone),
                    members);
            return "redirect:/registry/households/" + household + "?created";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("headForm", head);
            return room(id, model);
        }
    }

    @GetMapping("/registry/households/{id}")
    String household(@PathVariable long id, Model model) {
        Households.HouseholdView h = households.get(id);
        model.addAttribute("h", h);
        model.addAttribute("mayEdit", policy.allows(RegistryPermission.EDIT, h.areaCode()));
        model.addAttribute("mayNote", policy.allows(RegistryPermission.EDIT_CARE, h.areaCode()));
        model.addAttribute("mayUnmask", policy.allows(RegistryPermission.UNMASK, h.areaCode()));
        model.addAttribute("relationships", Checks.RELATIONSHIPS);
        // a report about this household is started from here: linked to it, never retyped
        java.util.Set<org.fengqiao.platform.Role> held = org.fengqiao.platform.CurrentUser.get()
                .map(org.fengqiao.platform.CurrentUser.User::heldRoles).orElse(java.util.Set.of());
        model.addAttribute("reportPath", held.stream().anyMatch(org.fengqiao.platform.Role.CENTER::contains)
                ? "/intake/new" : held.stream().anyMatch(r -> r == org.fengqiao.platform.Role.GRID_WORKER
                || r == org.fengqiao.platform.Role.COMMUNITY_POLICE) ? "/intake/patrol" : null);
        return "registry/household";
    }

    @PostMapping("/registry/households/{id}")
    String changeHousehold(@PathVariable long id, @RequestParam int version,
                           @RequestParam(required = false) String kind,
                           @RequestParam(required = false) String householdNumber,
                           @RequestParam(required = false) String phone, Model model, HttpServletResponse response) {
        return attempt(() -> households.change(id, version, new Households.HouseholdInput(kind, householdNumber,
                phone)), "redirect:/registry/households/" + id + "?saved", () -> household(id, model), model, response);
    }

    @PostMapping("/registry/households/{id}/notes")
    String note(@PathVariable long id, @RequestParam(required = false) String body, Model model,
                HttpServletResponse response) {
        return attempt(() -> households.note(id, body), "redirect:/registry/households/" + id + "?noted#notes",
                () -> household(id, model), model, response);
    }

    @PostMapping("/registry/households/{id}/end")
    String endHousehold(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                        HttpServletResponse response) {
        return attempt(() -> households.end(id, reason), "redirect:/registry/households/" + id + "?ended",
                () -> household(id, model), model, response);
    }

    @PostMapping("/registry/households/{id}/unmask")
    String unmaskHousehold(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                           HttpServletResponse response) {
        try {
            model.addAttribute("unmaskedPhone", households.unmaskPhone(id, reason));
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("unmaskError", "registry.unmask.needReason");
        }
        return household(id, model);
    }

    @PostMapping("/registry/households/{id}/residents")
    String moveIn(@PathVariable long id, ResidentForm form, Model model, HttpServletResponse response) {
        try {
            long resident = residents.moveIn(id, form.toInput());
            return "redirect:/registry/households/" + id + "?movedIn=" + resident;
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("memberForm", form.withoutNumbers());
            return household(id, model);
        }
    }

    @GetMapping("/registry/residents/{id}")
    String resident(@PathVariable long id, Model model) {
        Residents.ResidentView r = residents.get(id);
        model.addAttribute("r", r);
        model.addAttribute("mayEdit", policy.allows(RegistryPermission.EDIT, r.areaCode()));
        model.addAttribute("mayUnmask", policy.allows(RegistryPermission.UNMASK, r.areaCode()));
        model.addAttribute("mayTag", policy.allows(RegistryPermission.EDIT_CARE, r.areaCode()));
        model.addAttribute("kinds", careTags.kinds());
        model.addAttribute("relationships", Checks.RELATIONSHIPS);
        return "registry/resident";
    }

    @GetMapping("/registry/residents/{id}/edit")
    String editResident(@PathVariable long id, Model model) {
        Residents.ResidentView r = residents.get(id);
        model.addAttribute("r", r);
        model.addAttribute("form", ResidentForm.of(r));
        model.addAttribute("relationships", Checks.RELATIONSHIPS);
        return "registry/resident-edit";
    }

    @PostMapping("/registry/residents/{id}")
    String changeResident(@PathVariable long id, @RequestParam int version, ResidentForm form, Model model,
                          HttpServletResponse response) {
        try {
            residents.change(id, version, form.toInput());
            return "redirect:/registry/residents/" + id + "?saved";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("r", residents.get(id));
            model.addAttribute("form", form.withoutNumbers());
            model.addAttribute("relationships", Checks.RELATIONSHIPS);
            return "registry/resident-edit";
        }
    }

    @PostMapping("/registry/residents/{id}/unmask")
    String unmaskResident(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                          HttpServletResponse response) {
        try {
            model.addAttribute("unmasked", residents.unmask(id, reason));
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("unmaskError", "registry.unmask.needReason");
        }
        return resident(id, model);
    }

    @PostMapping("/registry/residents/{id}/move-out")
    String moveOut(@PathVariable long id, @RequestParam(required = false) String reason,
                   @RequestParam(required = false) String leftOn, Model model, HttpServletResponse response) {
        return attempt(() -> residents.moveOut(id, reason, leftOn), "redirect:/registry/residents/" + id + "?movedOut",
                () -> resident(id, model), model, response);
    }

    @PostMapping("/registry/residents/{id}/care-tags")
    String tag(@PathVariable long id, @RequestParam(required = false) String kind,
               @RequestParam(required = false) String note, @RequestParam(required = false) String reason, Model model,
               HttpServletResponse response) {
        return attempt(() -> careTags.set(id, kind, note, reason), "redirect:/registry/residents/" + id + "?tagged",
                () -> resident(id, model), model, response);
    }

    @PostMapping("/registry/residents/{id}/care-tags/{tagId}/remove")
    String untag(@PathVariable long id, @PathVariable long tagId, @RequestParam(required = false) String reason,
                 Model model, HttpServletResponse response) {
        return attempt(() -> careTags.remove(tagId, reason), "redirect:/registry/residents/" + id + "?untagged",
                () -> resident(id, model), model, response);
    }

    /** The search form posts, so ID and phone numbers stay out of URLs, browser history and access logs. */
    @PostMapping("/registry/search")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String area,
                  @RequestParam(defaultValue = "false") boolean includeMovedOut, Model model) {
        model.addAttribute("results", residents.search(q, area, includeMovedOut, null, 100));
        model.addAttribute("q", q);
        model.addAttribute("area", area);
        model.addAttribute("includeMovedOut", includeMovedOut);
        return "registry/search";
    }

    @GetMapping("/registry/search")
    String searchPage(@RequestParam(required = false) String q, @RequestParam(required = false) String area,
                      Model model) {
        policy.checkHeld(RegistryPermission.READ);
        if (q != null && !q.isBlank()) {
            // names only by GET (a link); numbers go through the POST form
            return search(q, area, false, model);
        }
        model.addAttribute("results", null);
        model.addAttribute("area", area);
        return "registry/search";
    }

    /** The building leader's phone view: every household of their buildings on one screen, with notes. */
    @GetMapping("/registry/mine")
    String mine(Model model) {
        policy.checkHeld(RegistryPermission.READ);
        Map<AreaView, List<Households.HouseholdView>> byBuilding = new LinkedHashMap<>();
        for (String prefix : policy.scope(RegistryPermission.READ).prefixes()) {
            areas.find(prefix).filter(a -> "BUILDING".equals(a.level()) || Rooms.HOUSE_LEVELS.contains(a.level()))
                    .ifPresent(a -> byBuilding.put(a, households.under(a.code(), 300)));
        }
        model.addAttribute("buildings", byBuilding);
        return "registry/mine";
    }

    @GetMapping("/registry/care")
    String care(@RequestParam(required = false) String kind, @RequestParam(required = false) String area,
                Model model) {
        policy.checkHeld(RegistryPermission.READ_CARE);
        model.addAttribute("tagged", careTags.residentsTagged(kind, area, 200));
        model.addAttribute("kinds", careTags.kinds());
        model.addAttribute("kind", kind);
        return "registry/care";
    }

    private String attempt(Runnable action, String success, java.util.function.Supplier<String> again, Model model,
                           HttpServletResponse response) {
        try {
            action.run();
            return success;
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            return again.get();
        }
    }

    /** A resident as the forms send it; checkboxes arrive as "true" or not at all. */
    record ResidentForm(String name, String gender, String idNumber, String phone, String birthDate,
                        String relationship, String populationKind, String registeredHere, String livesHere,
                        String registeredAddress, String inflowReason, String workplace, String arrivedOn) {

        Residents.ResidentInput toInput() {
            return new Residents.ResidentInput(name, gender, idNumber, phone, birthDate, relationship, populationKind,
                    registeredHere == null ? null : Boolean.valueOf(registeredHere),
                    livesHere == null ? null : Boolean.valueOf(livesHere), registeredAddress, inflowReason, workplace,
                    arrivedOn);
        }

        ResidentForm withRelationship(String rel) {
            return new ResidentForm(name, gender, idNumber, phone, birthDate, rel, populationKind, registeredHere,
                    livesHere, registeredAddress, inflowReason, workplace, arrivedOn);
        }

        /** What is shown again after a refusal: never the ID or phone number typed. */
        ResidentForm withoutNumbers() {
            return new ResidentForm(name, gender, null, null, birthDate, relationship, populationKind, registeredHere,
                    livesHere, registeredAddress, inflowReason, workplace, arrivedOn);
        }

        static ResidentForm of(Residents.ResidentView r) {
            return new ResidentForm(r.name(), r.gender(), null, null,
                    r.birthDate() == null ? null : r.birthDate().toString(), r.relationship(), r.populationKind(),
                    String.valueOf(r.registeredHere()), String.valueOf(r.livesHere()), r.registeredAddress(),
                    r.inflowReason(), r.workplace(), r.arrivedOn() == null ? null : r.arrivedOn().toString());
        }
    }
}
