package org.fengqiao.publicchannel;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Volunteer reporters: phone sign-in and "my reports and points" (public side), registration (staff side). */
@Controller
class VolunteerPagesController {

    private final Volunteers volunteers;
    private final PublicReports reports;
    private final RateLimits limits;

    VolunteerPagesController(Volunteers volunteers, PublicReports reports, RateLimits limits) {
        this.volunteers = volunteers;
        this.reports = reports;
        this.limits = limits;
    }

    @GetMapping("/public/v/login")
    String loginPage() {
        return "publicchannel/volunteer-login";
    }

    @PostMapping("/public/v/login")
    Object login(@RequestParam(required = false) String phone, @RequestParam(required = false) String pin,
                 HttpServletRequest request) {
        String ip = request.getRemoteAddr();
        try {
            if (limits.standing(RateLimits.SIGN_INS_PER_IP, ip) == RateLimits.Standing.BLOCKED) {
                throw new InvalidRequestException("Too many sign-in attempts from here; try again later");
            }
            limits.hit(RateLimits.SIGN_INS_PER_IP, ip);
            Volunteers.Volunteer v = volunteers.signIn(phone, pin);
            ResponseCookie cookie = ResponseCookie.from(PublicPagesController.VOLUNTEER_COOKIE,
                            volunteers.cookieFor(v.id())).httpOnly(true).sameSite("Lax").path("/public")
                    .secure(request.isSecure()).maxAge(Volunteers.SESSION).build();
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.SET_COOKIE, cookie.toString())
                    .header(HttpHeaders.LOCATION, "/public/v").build();
        } catch (InvalidRequestException e) {
            ModelAndView mv = new ModelAndView("publicchannel/volunteer-login");
            mv.setStatus(HttpStatus.BAD_REQUEST);
            mv.addObject("error", e.getMessage());
            mv.addObject("typedPhone", phone);
            return mv;
        }
    }

    @PostMapping("/public/v/logout")
    ResponseEntity<Void> logout() {
        ResponseCookie cookie = ResponseCookie.from(PublicPagesController.VOLUNTEER_COOKIE, "").path("/public")
                .maxAge(Duration.ZERO).build();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.SET_COOKIE, cookie.toString())
                .header(HttpHeaders.LOCATION, "/public").build();
    }

    @GetMapping("/public/v")
    String mine(@CookieValue(name = PublicPagesController.VOLUNTEER_COOKIE, required = false) String vol,
                Model model) {
        Volunteers.Volunteer v = volunteers.fromCookie(vol).orElse(null);
        if (v == null) {
            return "redirect:/public/v/login";
        }
        var own = reports.ofVolunteer(v.id());
        model.addAttribute("volunteer", v);
        model.addAttribute("zone", PublicPagesController.ZONE);
        model.addAttribute("reports", own);
        model.addAttribute("points", own.stream().mapToInt(PublicReports.OwnReport::points).sum());
        return "publicchannel/volunteer-home";
    }

    // ---- staff ----

    @GetMapping("/channels/volunteers")
    String list(Model model) {
        model.addAttribute("volunteers", volunteers.list());
        model.addAttribute("kinds", Volunteers.KINDS);
        return "publicchannel/volunteers";
    }

    @PostMapping("/channels/volunteers")
    String register(@RequestParam String name, @RequestParam String kind, @RequestParam String phone,
                    @RequestParam String areaCode, Model model) {
        model.addAttribute("issued", volunteers.register(name, kind, phone, areaCode));
        return list(model);
    }

    @PostMapping("/channels/volunteers/{id}/pin")
    String resetPin(@PathVariable long id, Model model) {
        model.addAttribute("issued", volunteers.resetPin(id));
        return list(model);
    }

    @PostMapping("/channels/volunteers/{id}/retire")
    String retire(@PathVariable long id) {
        volunteers.retire(id);
        return "redirect:/channels/volunteers";
    }
}
