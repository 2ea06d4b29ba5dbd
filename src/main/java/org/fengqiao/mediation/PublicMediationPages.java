package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.fengqiao.mediation.MenuViews.SiteView;
import org.fengqiao.mediation.internal.SiteQr;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.publicchannel.RateLimits;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The no-account pages of "一码解纠纷": the page a site's QR code opens, where a party starts a dispute; the page of
 * their link, where they follow it and choose a mediator from the menu; the QR image of a site.
 */
@Controller
class PublicMediationPages {

    private final PublicMediation mediation;
    private final RateLimits limits;
    private final MessageSource messages;

    PublicMediationPages(PublicMediation mediation, RateLimits limits, MessageSource messages) {
        this.mediation = mediation;
        this.limits = limits;
        this.messages = messages;
    }

    @GetMapping("/public/mediation/s/{code}")
    String start(@PathVariable String code, HttpServletRequest request, Model model) {
        SiteView site = mediation.site(code).orElseThrow(() -> new NotFoundException("mediation.public.unknownSite"));
        form(site, request, model, null);
        return "mediation/public-start";
    }

    private void form(SiteView site, HttpServletRequest request, Model model, String error) {
        model.addAttribute("site", site);
        model.addAttribute("types", DisputeType.values());
        model.addAttribute("languages", Vocabulary.Language.values());
        model.addAttribute("formId", UUID.randomUUID().toString());
        model.addAttribute("challenge", mediation.challengeDue(request.getRemoteAddr()) ? limits.newChallenge() : null);
        model.addAttribute("error", error);
    }

    @PostMapping("/public/mediation/s/{code}")
    Object submit(@PathVariable String code, @RequestParam(required = false) String type,
                  @RequestParam(required = false) String description, @RequestParam(required = false) String amount,
                  @RequestParam(required = false) String people, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String phone, @RequestParam(required = false) String otherParty,
                  @RequestParam(required = false) String language, @RequestParam(required = false) String formId,
                  @RequestParam(required = false) String challengeToken,
                  @RequestParam(required = false) String challengeAnswer, HttpServletRequest request, Model model) {
        SiteView site = mediation.site(code).orElseThrow(() -> new NotFoundException("mediation.public.unknownSite"));
        try {
            String tracking = mediation.start(code, new PublicMediation.Start(type, description, number(amount),
                    integer(people), name, phone, otherParty, language, formId, challengeToken, challengeAnswer),
                    request.getRemoteAddr()).trackingCode();
            return "redirect:/public/mediation/t/" + tracking + "?new";
        } catch (InvalidRequestException e) {
            // the form again with what was typed and the reason; nothing was saved
            form(site, request, model, text(e.getMessage()));
            if (e instanceof PublicMediation.ChallengeNeeded) {
                model.addAttribute("challenge", limits.newChallenge());
            }
            model.addAttribute("typed", new Typed(type, description, amount, people, name, phone, otherParty,
                    language));
            return new ModelAndView("mediation/public-start", model.asMap(),
                    e instanceof PublicMediation.TooMany ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.BAD_REQUEST);
        }
    }

    record Typed(String type, String description, String amount, String people, String name, String phone,
                 String otherParty, String language) {
    }

    private static BigDecimal number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("mediation.public.err.amount");
        }
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 1 || n > 100_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("mediation.public.err.people");
        }
    }

    @GetMapping("/public/mediation/t")
    String lookup(@RequestParam(required = false) String code) {
        if (code == null || code.isBlank()) {
            return "redirect:/public";
        }
        String tracking = code.strip().toUpperCase(Locale.ROOT).replace("-", "");
        // a tracking code is letters and digits: anything else is no code of ours (and never part of a redirect)
        if (!tracking.matches("[A-Z0-9]{1,64}")) {
            throw new NotFoundException("mediation.public.unknownCode");
        }
        return "redirect:/public/mediation/t/" + tracking;
    }

    @GetMapping("/public/mediation/t/{tracking}")
    String track(@PathVariable String tracking, HttpServletRequest request, Model model) {
        PublicMediation.Progress p = mediation.track(tracking, request.getRemoteAddr())
                .orElseThrow(() -> new NotFoundException("mediation.public.unknownCode"));
        model.addAttribute("p", p);
        return "mediation/public-track";
    }

    @PostMapping("/public/mediation/t/{tracking}/choose")
    String choose(@PathVariable String tracking, @RequestParam(required = false) Long mediatorId,
                  HttpServletRequest request) {
        if (mediatorId == null) {
            throw new InvalidRequestException("mediation.public.err.chooseOne");
        }
        mediation.choose(tracking, mediatorId, request.getRemoteAddr());
        return "redirect:/public/mediation/t/" + tracking.strip().toUpperCase(Locale.ROOT) + "?chosen";
    }

    @GetMapping(value = "/public/mediation/qr/{code}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> qr(@PathVariable String code) {
        SiteView site = mediation.site(code).orElseThrow(() -> new NotFoundException("mediation.public.unknownSite"));
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/public/mediation/s/" + site.code())
                .build().toUriString();
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .contentType(MediaType.IMAGE_PNG).body(SiteQr.png(url, 300));
    }

    private String text(String keyOrMessage) {
        return keyOrMessage == null ? null
                : messages.getMessage(keyOrMessage, null, keyOrMessage, LocaleContextHolder.getLocale());
    }

    /** These pages answer bad input with a clear page and the right status, in the reader's language. */
    @ControllerAdvice(assignableTypes = PublicMediationPages.class)
    static class Errors {
        private final MessageSource messages;

        Errors(MessageSource messages) {
            this.messages = messages;
        }

        private ModelAndView page(HttpStatus status, String message) {
            ModelAndView mv = new ModelAndView("mediation/public-problem");
            mv.setStatus(status);
            mv.addObject("status", status.value());
            mv.addObject("message", message == null ? null
                    : messages.getMessage(message, null, message, LocaleContextHolder.getLocale()));
            return mv;
        }

        @ExceptionHandler(NotFoundException.class)
        ModelAndView notFound(NotFoundException e) {
            return page(HttpStatus.NOT_FOUND, e.getMessage());
        }

        @ExceptionHandler(PublicMediation.TooMany.class)
        ModelAndView tooMany(PublicMediation.TooMany e) {
            return page(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        }

        @ExceptionHandler({InvalidRequestException.class, IllegalArgumentException.class,
                org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class})
        ModelAndView invalid(Exception e) {
            return page(HttpStatus.BAD_REQUEST, e.getMessage());
        }

        @ExceptionHandler(ConflictException.class)
        ModelAndView conflict(ConflictException e) {
            return page(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
