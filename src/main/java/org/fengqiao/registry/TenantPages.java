package org.fengqiao.registry;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.publicchannel.PlateLinks;
import org.fengqiao.publicchannel.PublicCode;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The tenant's page reached from a door plate (no account; on the public channel's pages) and the staff's list of
 * registrations to confirm or reject.
 */
@Controller
class TenantPages implements PlateLinks {

    private final TenantRegistrations tenants;
    private final MessageSource messages;

    TenantPages(TenantRegistrations tenants, MessageSource messages) {
        this.tenants = tenants;
        this.messages = messages;
    }

    /** The plate page offers the registration where the building or grid has let rooms. */
    @Override
    public List<Link> linksFor(PublicCode plate) {
        if (List.of("BUILDING", "GRID", "ROOM").contains(plate.kind()) && !tenants.letRooms(plate).isEmpty()) {
            return List.of(new Link("registry.tenant.link", "/public/tenant/" + plate.code()));
        }
        return List.of();
    }

    @GetMapping("/public/tenant/{code}")
    String form(@PathVariable String code, Model model) {
        PublicCode plate = tenants.plate(code).orElseThrow(() -> new NotFoundException("unknown plate"));
        model.addAttribute("plate", plate);
        model.addAttribute("rooms", tenants.letRooms(plate));
        model.addAttribute("formId", UUID.randomUUID().toString());
        return "registry/tenant-form";
    }

    @PostMapping("/public/tenant/{code}")
    String apply(@PathVariable String code, @RequestParam(required = false) Long roomId,
                 @RequestParam(required = false) String name, @RequestParam(required = false) String idNumber,
                 @RequestParam(required = false) String phone, @RequestParam(required = false) String arrivedOn,
                 @RequestParam(required = false) String registeredAddress,
                 @RequestParam(required = false) String workplace, @RequestParam(required = false) String formId,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            TenantRegistrations.Receipt r = tenants.apply(new TenantRegistrations.Form(code, roomId, name, idNumber,
                    phone, arrivedOn, registeredAddress, workplace, formId), request.getRemoteAddr());
            return "redirect:/public/tenant/receipt/" + r.receipt();
        } catch (InvalidRequestException e) {
            response.setStatus(e instanceof TenantRegistrations.TooMany ? 429 : 400);
            String view = form(code, model);
            model.addAttribute("error", messages.getMessage(e.getMessage(), null, e.getMessage(), locale()));
            model.addAttribute("typedName", name);
            model.addAttribute("typedRoom", roomId);
            model.addAttribute("typedArrived", arrivedOn);
            model.addAttribute("typedAddress", registeredAddress);
            model.addAttribute("typedWorkplace", workplace);
            model.addAttribute("formId", formId);
            return view;
        }
    }

    @GetMapping("/public/tenant/receipt/{receipt}")
    String receipt(@PathVariable String receipt, Model model) {
        model.addAttribute("receipt", receipt);
        model.addAttribute("status", tenants.statusOf(receipt).orElseThrow(() -> new NotFoundException("unknown")));
        return "registry/tenant-receipt";
    }

    // ---- staff ----

    @GetMapping("/registry/tenants")
    String pending(Model model) {
        model.addAttribute("applications", tenants.pending());
        return "registry/tenants";
    }

    @PostMapping("/registry/tenants/{id}/confirm")
    String confirm(@PathVariable long id, Model model, HttpServletResponse response) {
        try {
            long resident = tenants.confirm(id);
            return "redirect:/registry/residents/" + resident + "?saved";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(409);
            model.addAttribute("problem", e.getMessage());
            return pending(model);
        }
    }

    @PostMapping("/registry/tenants/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                  HttpServletResponse response) {
        try {
            tenants.reject(id, reason);
            return "redirect:/registry/tenants?rejected";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.getMessage());
            return pending(model);
        }
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
