package org.fengqiao.publicchannel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.fengqiao.cases.Category;
import org.fengqiao.intake.Photos;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The no-account pages: the landing page, the report page a QR plate opens, the tracking page and the rating. Small
 * HTML with one stylesheet and one optional script; no login.
 */
@Controller
class PublicPagesController {

    static final String VOLUNTEER_COOKIE = "FQ_VOL";
    /** Times on the public pages are the county's local time. */
    static final java.time.ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;

    private final PublicCodes codes;
    private final PublicReports reports;
    private final RateLimits limits;
    private final Volunteers volunteers;
    private final MessageSource messages;
    private final FengqiaoProperties properties;
    private final org.springframework.beans.factory.ObjectProvider<PlateLinks> plateLinks;

    PublicPagesController(PublicCodes codes, PublicReports reports, RateLimits limits, Volunteers volunteers,
                          MessageSource messages, FengqiaoProperties properties,
                          org.springframework.beans.factory.ObjectProvider<PlateLinks> plateLinks) {
        this.plateLinks = plateLinks;
        this.codes = codes;
        this.reports = reports;
        this.limits = limits;
        this.volunteers = volunteers;
        this.messages = messages;
        this.properties = properties;
    }

    @GetMapping({"/public", "/public/"})
    String home(@CookieValue(name = VOLUNTEER_COOKIE, required = false) String vol, Model model) {
        model.addAttribute("volunteer", volunteers.fromCookie(vol).orElse(null));
        return "publicchannel/home";
    }

    /** The page a QR plate opens. */
    @GetMapping("/public/r/{code}")
    String reportAtCode(@PathVariable String code, @CookieValue(name = VOLUNTEER_COOKIE, required = false) String vol,
                        HttpServletRequest request, Model model) {
        PublicCode c = codes.find(code).orElseThrow(() -> new NotFoundException(
                msg("publicchannel.report.unknownCode")));
        return form(c, vol, request, model, null);
    }

    /** Reporting without a plate: the browser's position or a pin on the map. */
    @GetMapping("/public/report")
    String reportAnywhere(@CookieValue(name = VOLUNTEER_COOKIE, required = false) String vol,
                          HttpServletRequest request, Model model) {
        return form(null, vol, request, model, null);
    }

    private String form(PublicCode c, String vol, HttpServletRequest request, Model model, String error) {
        Optional<Volunteers.Volunteer> v = volunteers.fromCookie(vol);
        PublicReports.Caller caller = new PublicReports.Caller(request.getRemoteAddr(),
                v.map(Volunteers.Volunteer::id).orElse(null));
        model.addAttribute("place", c);
        model.addAttribute("plateLinks", c == null ? List.of()
                : plateLinks.orderedStream().flatMap(l -> l.linksFor(c).stream()).toList());
        model.addAttribute("volunteer", v.orElse(null));
        model.addAttribute("categories", reports.shortList());
        model.addAttribute("formId", UUID.randomUUID().toString());
        model.addAttribute("challenge", reports.challengeDue(caller) ? limits.newChallenge() : null);
        model.addAttribute("tileUrl", properties.map().tileUrl());
        model.addAttribute("error", error);
        model.addAttribute("maxPhotos", PublicReports.MAX_PHOTOS);
        return "publicchannel/report";
    }

    @PostMapping(value = {"/public/r/{code}", "/public/report"})
    Object submit(@PathVariable(required = false) String code, @RequestParam(required = false) String category,
                  @RequestParam(required = false) String description, @RequestParam(required = false) String lon,
                  @RequestParam(required = false) String lat, @RequestParam(required = false) String phone,
                  @RequestParam(required = false) String formId,
                  @RequestParam(required = false) String challengeToken,
                  @RequestParam(required = false) String challengeAnswer,
                  @RequestParam(name = "photo", required = false) List<MultipartFile> photos,
                  @CookieValue(name = VOLUNTEER_COOKIE, required = false) String vol,
                  HttpServletRequest request, Model model) throws IOException {
        PublicCode c = code == null ? null : codes.find(code)
                .orElseThrow(() -> new NotFoundException(msg("publicchannel.report.unknownCode")));
        Optional<Volunteers.Volunteer> v = volunteers.fromCookie(vol);
        List<byte[]> files = new ArrayList<>();
        if (photos != null) {
            for (MultipartFile f : photos) {
                if (!f.isEmpty()) {
                    files.add(f.getBytes());
                }
            }
        }
        try {
            PublicReports.Receipt receipt = reports.submit(new PublicReports.Form(code, category, description,
                            number(lon), number(lat), phone, formId, challengeToken, challengeAnswer), files,
                    new PublicReports.Caller(request.getRemoteAddr(), v.map(Volunteers.Volunteer::id).orElse(null)));
            return "redirect:/public/t/" + receipt.trackingCode() + "?new";
        } catch (InvalidRequestException e) {
            // show the form again with what was typed and the reason; nothing was saved
            HttpStatus status = e instanceof PublicReports.TooMany ? HttpStatus.TOO_MANY_REQUESTS
                    : HttpStatus.BAD_REQUEST;
            String view = form(c, vol, request, model, msg(e.getMessage()));
            if (e instanceof PublicReports.ChallengeNeeded) {
                model.addAttribute("challenge", limits.newChallenge());
            }
            model.addAttribute("typedCategory", category);
            model.addAttribute("typedDescription", description);
            model.addAttribute("typedPhone", phone);
            model.addAttribute("typedLon", lon);
            model.addAttribute("typedLat", lat);
            return new org.springframework.web.servlet.ModelAndView(view, model.asMap(), status);
        }
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("The position is not a number");
        }
    }

    // ---- tracking ----

    @GetMapping("/public/t")
    String lookup(@RequestParam(required = false) String code, HttpServletRequest request) {
        if (code == null || code.isBlank()) {
            return "redirect:/public";
        }
        return "redirect:/public/t/" + PublicCodes.normalise(code);
    }

    @GetMapping("/public/t/{tracking}")
    String track(@PathVariable String tracking, HttpServletRequest request, Model model) {
        if (limits.standing(RateLimits.LOOKUPS_PER_IP, request.getRemoteAddr()) == RateLimits.Standing.BLOCKED) {
            throw new InvalidRequestException(msg("publicchannel.track.tooMany"));
        }
        limits.hit(RateLimits.LOOKUPS_PER_IP, request.getRemoteAddr());
        PublicReports.Tracked t = reports.track(tracking)
                .orElseThrow(() -> new NotFoundException(msg("publicchannel.track.unknown")));
        model.addAttribute("zone", ZONE);
        model.addAttribute("t", t);
        model.addAttribute("p", t.progress());
        model.addAttribute("photos", reports.photosOf(t.trackingCode()));
        model.addAttribute("category", reports.shortList().stream()
                .filter(c -> c.code().equals(t.progress().categoryCode())).findFirst().map(c -> c.label(locale()))
                .orElse(t.progress().categoryCode()));
        return "publicchannel/track";
    }

    @PostMapping("/public/t/{tracking}/rate")
    String rate(@PathVariable String tracking, @RequestParam(required = false) Integer rating,
                @RequestParam(required = false) String comment) {
        if (rating == null) {
            throw new InvalidRequestException(msg("publicchannel.rate.choose"));
        }
        reports.rate(tracking, rating, comment);
        return "redirect:/public/t/" + PublicCodes.normalise(tracking) + "?rated";
    }

    @GetMapping("/public/t/{tracking}/photo/{id}")
    ResponseEntity<byte[]> photo(@PathVariable String tracking, @PathVariable UUID id,
                                 @RequestParam(defaultValue = "false") boolean thumb) {
        Photos.Content c = reports.photo(tracking, id, thumb).orElseThrow(() -> new NotFoundException("No photo"));
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .contentType(MediaType.parseMediaType(c.contentType())).body(c.data());
    }

    private String msg(String key) {
        return messages.getMessage(key, null, key, locale());
    }

    private static Locale locale() {
        return org.springframework.context.i18n.LocaleContextHolder.getLocale();
    }

    static String label(Category c) {
        return c.label(locale());
    }
}
