package org.fengqiao.registry;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Pages of rental housing: the list in the user's scope with its filters, the registration form reached from a room,
 * and a rental's page (edit, end, unmask the landlord, inspections with their form and rectification follow-ups).
 * Every form posts and redirects; a refused input shows the page again with the reason and what was typed (never the
 * ID or phone number).
 */
@Controller
class RentalPages {

    private final Rentals rentals;
    private final Rooms rooms;
    private final AccessPolicy policy;

    RentalPages(Rentals rentals, Rooms rooms, AccessPolicy policy) {
        this.rentals = rentals;
        this.rooms = rooms;
        this.policy = policy;
    }

    /** What the forms send; checkboxes arrive as "true" or not at all. */
    record RentalForm(String landlordKind, String landlordName, String landlordIdNumber, String landlordPhone,
                      String rentalKind, Integer roomsLet, Integer beds, String registeredOn, String letNow) {

        Rentals.RentalInput toInput(boolean change) {
            return new Rentals.RentalInput(landlordKind, landlordName, landlordIdNumber, landlordPhone, rentalKind,
                    roomsLet, beds, registeredOn, change ? Boolean.valueOf("true".equals(letNow))
                    : letNow == null ? Boolean.TRUE : Boolean.valueOf("true".equals(letNow)));
        }

        RentalForm withoutNumbers() {
            return new RentalForm(landlordKind, landlordName, null, null, rentalKind, roomsLet, beds, registeredOn,
                    letNow);
        }

        static RentalForm of(Rentals.RentalView r) {
            return new RentalForm(r.landlordKind(), r.landlordName(), null, null, r.rentalKind(), r.roomsLet(),
                    r.beds(), r.registeredOn() == null ? null : r.registeredOn().toString(), String.valueOf(r.letNow()));
        }
    }

    @GetMapping("/registry/rentals")
    String list(@RequestParam(required = false) String filter, @RequestParam(required = false) String area,
                Model model) {
        policy.checkHeld(RegistryPermission.READ_RENTALS);
        Rentals.Filter f = RentalApi.filter(filter);
        model.addAttribute("rentals", rentals.list(f, area, 300));
        model.addAttribute("filter", f.name());
        model.addAttribute("filters", Rentals.Filter.values());
        model.addAttribute("area", area);
        model.addAttribute("days", rentals.inspectionDays());
        model.addAttribute("mayExport", !policy.scope(RegistryPermission.EXPORT).isEmpty());
        model.addAttribute("mayImport", !policy.scope(RegistryPermission.IMPORT).isEmpty());
        return "registry/rentals";
    }

    /** The landlord search posts, so the number stays out of URLs, browser history and access logs. */
    @PostMapping("/registry/rentals/search")
    String search(@RequestParam(required = false) String number, Model model, HttpServletResponse response) {
        policy.checkHeld(RegistryPermission.READ_RENTALS);
        try {
            model.addAttribute("rentals", rentals.byLandlordNumber(number));
            model.addAttribute("searched", true);
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("rentals", List.of());
        }
        model.addAttribute("filter", Rentals.Filter.ALL.name());
        model.addAttribute("filters", Rentals.Filter.values());
        model.addAttribute("days", rentals.inspectionDays());
        model.addAttribute("mayExport", !policy.scope(RegistryPermission.EXPORT).isEmpty());
        model.addAttribute("mayImport", !policy.scope(RegistryPermission.IMPORT).isEmpty());
        return "registry/rentals";
    }

    @GetMapping("/registry/rooms/{id}/rental")
    String newRental(@PathVariable long id, Model model) {
        Rooms.RoomView room = rooms.get(id);
        policy.check(RegistryPermission.MANAGE_RENTALS, room.areaCode());
        model.addAttribute("room", room);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new RentalForm("PERSON", null, null, null, "WHOLE", null, null, null, "true"));
        }
        model.addAttribute("current", rentals.ofRoom(id).stream().filter(r -> !r.ended()).findFirst().orElse(null));
        return "registry/rental-new";
    }

    @PostMapping("/registry/rooms/{id}/rental")
    String register(@PathVariable long id, RentalForm form, Model model, HttpServletResponse response) {
        try {
            long rental = rentals.register(id, form.toInput(false));
            return "redirect:/registry/rentals/" + rental + "?created";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("form", form.withoutNumbers());
            return newRental(id, model);
        }
    }

    @GetMapping("/registry/rentals/{id}")
    String rental(@PathVariable long id, Model model) {
        Rentals.RentalView r = rentals.get(id);
        model.addAttribute("r", r);
        model.addAttribute("inspections", rentals.inspections(id));
        model.addAttribute("mayManage", !r.ended() && policy.allows(RegistryPermission.MANAGE_RENTALS, r.areaCode()));
        model.addAttribute("mayInspect", policy.allows(RegistryPermission.INSPECT_RENTALS, r.areaCode()));
        model.addAttribute("mayUnmask", policy.allows(RegistryPermission.UNMASK, r.areaCode()));
        model.addAttribute("days", rentals.inspectionDays());
        model.addAttribute("uses", List.of("VACANT", "SELF_OCCUPIED", "SHOP", "OTHER"));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", RentalForm.of(r));
        }
        return "registry/rental";
    }

    @PostMapping("/registry/rentals/{id}")
    String change(@PathVariable long id, @RequestParam int version, RentalForm form, Model model,
                  HttpServletResponse response) {
        model.addAttribute("form", form.withoutNumbers());
        return attempt(() -> rentals.change(id, version, form.toInput(true)),
                "redirect:/registry/rentals/" + id + "?saved", id, model, response);
    }

    @PostMapping("/registry/rentals/{id}/end")
    String end(@PathVariable long id, @RequestParam(required = false) String reason,
               @RequestParam(required = false) String roomUse, Model model, HttpServletResponse response) {
        return attempt(() -> rentals.end(id, reason, roomUse), "redirect:/registry/rentals/" + id + "?ended", id,
                model, response);
    }

    @PostMapping("/registry/rentals/{id}/unmask")
    String unmask(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                  HttpServletResponse response) {
        try {
            model.addAttribute("unmasked", rentals.unmaskLandlord(id, reason));
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("unmaskError", "registry.unmask.needReason");
        }
        return rental(id, model);
    }

    /** What the inspection form sends. */
    record InspectionForm(String inspectedOn, String fireSafety, String tenantsRegistered, String otherFindings,
                          String result, String rectifyBy) {
        Rentals.InspectionInput toInput() {
            return new Rentals.InspectionInput(inspectedOn, fireSafety,
                    tenantsRegistered == null ? null : Boolean.valueOf(tenantsRegistered), otherFindings, result,
                    rectifyBy);
        }
    }

    @PostMapping("/registry/rentals/{id}/inspections")
    String inspect(@PathVariable long id, InspectionForm form, Model model, HttpServletResponse response) {
        model.addAttribute("inspectionForm", form);
        return attempt(() -> rentals.inspect(id, form.toInput()), "redirect:/registry/rentals/" + id
                + "?inspected#inspections", id, model, response);
    }

    @PostMapping("/registry/rental-inspections/{id}/rectified")
    String rectified(@PathVariable long id, @RequestParam(required = false) String note,
                     @RequestParam(required = false) String checkedOn, Model model, HttpServletResponse response) {
        long rental = rentals.inspection(id).rentalId();
        return attempt(() -> rentals.rectified(id, note, checkedOn), "redirect:/registry/rentals/" + rental
                + "?rectified#inspections", rental, model, response);
    }

    private String attempt(Runnable action, String success, long rentalId, Model model,
                           HttpServletResponse response) {
        try {
            action.run();
            return success;
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            return rental(rentalId, model);
        }
    }
}
