package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.mediation.MenuViews.MediatorInput;
import org.fengqiao.mediation.MenuViews.RoomInput;
import org.fengqiao.mediation.MenuViews.SiteInput;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The menu (调解超市), sites with their QR codes and rooms with their bookings, warnings with their rules and the tiers'
 * deadlines, the indicators, and a mediator's own work.
 */
@Controller
@RequestMapping("/mediation")
class MenuPages {

    private final MediationMenu menu;
    private final EarlyWarnings warnings;
    private final TierRules tiers;
    private final MediationIndicators indicators;
    private final Disputes disputes;
    private final AreaDirectory areas;
    private final AccessPolicy policy;

    MenuPages(MediationMenu menu, EarlyWarnings warnings, TierRules tiers, MediationIndicators indicators,
              Disputes disputes, AreaDirectory areas, AccessPolicy policy) {
        this.menu = menu;
        this.warnings = warnings;
        this.tiers = tiers;
        this.indicators = indicators;
        this.disputes = disputes;
        this.areas = areas;
        this.policy = policy;
    }

    private static String fail(RedirectAttributes redirect, RuntimeException e, String to) {
        redirect.addFlashAttribute("error", e.getMessage());
        return "redirect:" + to;
    }

    // ---- the menu ----

    @GetMapping("/menu")
    String menu(@RequestParam(required = false) String type, @RequestParam(required = false) String language,
                @RequestParam(required = false) String kind, @RequestParam(required = false) Long site,
                @RequestParam(required = false) String q, Model model) {
        model.addAttribute("mediators", menu.mediators(new MediationMenu.Filter(type, language, kind, site, q)));
        model.addAttribute("filter", new MediationMenu.Filter(type, language, kind, site, q));
        model.addAttribute("types", DisputeType.values());
        model.addAttribute("languages", Vocabulary.Language.values());
        model.addAttribute("kinds", Vocabulary.MediatorKind.values());
        model.addAttribute("sites", menu.sites());
        model.addAttribute("mayKeep", policy.holds(MediationPermission.MANAGE_MENU));
        return "mediation/menu";
    }

    @PostMapping("/menu")
    String addMediator(@RequestParam(required = false) String name, @RequestParam(required = false) String kind,
                       @RequestParam(required = false) String title, @RequestParam(required = false) Long siteId,
                       @RequestParam(required = false) String teamRole,
                       @RequestParam(required = false) String areaCode,
                       @RequestParam(required = false) List<String> specialties,
                       @RequestParam(required = false) List<String> languages,
                       @RequestParam(required = false) String bio, @RequestParam(required = false) Integer maxOpen,
                       @RequestParam(required = false) Long personId, RedirectAttributes redirect) {
        try {
            menu.createMediator(new MediatorInput(name, kind, title, siteId, teamRole, areaCode, specialties,
                    languages, bio, "AVAILABLE", maxOpen, personId));
            redirect.addFlashAttribute("notice", "added");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/menu");
        }
        return "redirect:/mediation/menu";
    }

    @PostMapping("/menu/{id}/availability")
    String availability(@PathVariable long id, @RequestParam(required = false) String availability,
                        RedirectAttributes redirect) {
        try {
            menu.setAvailability(id, availability);
            redirect.addFlashAttribute("notice", "availability");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/menu");
        }
        return "redirect:/mediation/menu";
    }

    @PostMapping("/menu/{id}/retire")
    String retireMediator(@PathVariable long id, @RequestParam(required = false) String reason,
                          RedirectAttributes redirect) {
        try {
            menu.retireMediator(id, reason);
            redirect.addFlashAttribute("notice", "retired");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/menu");
        }
        return "redirect:/mediation/menu";
    }

    // ---- sites and rooms ----

    @GetMapping("/sites")
    String sites(Model model) {
        model.addAttribute("sites", menu.sites());
        model.addAttribute("rooms", menu.rooms(null));
        model.addAttribute("siteKinds", Vocabulary.SiteKind.values());
        model.addAttribute("roomKinds", Vocabulary.RoomKind.values());
        model.addAttribute("tiers", Tier.values());
        model.addAttribute("mayKeep", policy.holds(MediationPermission.MANAGE_MENU));
        return "mediation/sites";
    }

    @PostMapping("/sites")
    String addSite(@RequestParam(required = false) String name, @RequestParam(required = false) String kind,
                   @RequestParam(required = false) String tier, @RequestParam(required = false) Long organisationId,
                   @RequestParam(required = false) String areaCode, @RequestParam(required = false) String address,
                   RedirectAttributes redirect) {
        try {
            menu.createSite(new SiteInput(name, kind, tier, organisationId, areaCode, address));
            redirect.addFlashAttribute("notice", "added");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/sites");
        }
        return "redirect:/mediation/sites";
    }

    @PostMapping("/rooms")
    String addRoom(@RequestParam(required = false) Long siteId, @RequestParam(required = false) String name,
                   @RequestParam(required = false) String kind, @RequestParam(required = false) Integer capacity,
                   RedirectAttributes redirect) {
        try {
            if (siteId == null) {
                throw new InvalidRequestException("Choose the site of the room.");
            }
            menu.createRoom(new RoomInput(siteId, name, kind, capacity));
            redirect.addFlashAttribute("notice", "added");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/sites");
        }
        return "redirect:/mediation/sites";
    }

    @GetMapping("/rooms/{id}")
    String room(@PathVariable long id, @RequestParam(required = false) LocalDate from, Model model) {
        model.addAttribute("room", menu.room(id));
        model.addAttribute("bookings", menu.bookings(id, from));
        model.addAttribute("from", from);
        return "mediation/room";
    }

    // ---- warnings, rules, tiers ----

    @GetMapping("/warnings")
    String warnings(@RequestParam(defaultValue = "true") boolean open, Model model) {
        model.addAttribute("warnings", warnings.list(open, 200));
        model.addAttribute("open", open);
        model.addAttribute("rules", warnings.listRules());
        model.addAttribute("tierRules", tiers.listRules());
        model.addAttribute("mayTune", policy.holds(MediationPermission.MANAGE_RULES));
        return "mediation/warnings";
    }

    @PostMapping("/rules/{id}")
    String updateRule(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String nameEn,
                      @RequestParam(required = false) BigDecimal threshold,
                      @RequestParam(required = false) Integer windowDays,
                      @RequestParam(required = false) String words, @RequestParam(required = false) String level,
                      @RequestParam(required = false) Integer ackHours,
                      @RequestParam(required = false) Integer handleHours,
                      @RequestParam(defaultValue = "false") boolean active, RedirectAttributes redirect) {
        try {
            warnings.updateRule(id, version, new EarlyWarnings.RuleInput(null, null, name, nameEn, threshold,
                    windowDays, EarlyWarnings.wordsOf(words), level, ackHours, handleHours, active));
            redirect.addFlashAttribute("notice", "rule");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/warnings");
        }
        return "redirect:/mediation/warnings";
    }

    @PostMapping("/tiers/{tier}")
    String updateTier(@PathVariable String tier, @RequestParam int amount, @RequestParam String unit,
                      @RequestParam int version, RedirectAttributes redirect) {
        try {
            tiers.update(tier, amount, unit, version);
            redirect.addFlashAttribute("notice", "tier");
        } catch (InvalidRequestException | ConflictException e) {
            return fail(redirect, e, "/mediation/warnings");
        }
        return "redirect:/mediation/warnings";
    }

    // ---- indicators and own work ----

    @GetMapping("/indicators")
    String indicators(@RequestParam(required = false) String area, @RequestParam(required = false) LocalDate from,
                      @RequestParam(required = false) LocalDate to, Model model) {
        MediationIndicators.Query q = indicators.query(area, from, to);
        model.addAttribute("q", q);
        model.addAttribute("fromDay", q.from().atZone(org.fengqiao.cases.WorkingCalendar.ZONE).toLocalDate());
        model.addAttribute("toDay", q.to().atZone(org.fengqiao.cases.WorkingCalendar.ZONE).toLocalDate().minusDays(1));
        model.addAttribute("f", indicators.figures(q));
        model.addAttribute("byTier", indicators.breakdown(q, "tier"));
        model.addAttribute("byType", indicators.breakdown(q, "type"));
        model.addAttribute("bySite", indicators.breakdown(q, "site"));
        model.addAttribute("byTown", indicators.breakdown(q, "town"));
        model.addAttribute("declines", indicators.declines(q));
        model.addAttribute("trend", indicators.trend(q, 12));
        model.addAttribute("areaName", areas.find(q.area()).map(AreaView::name).orElse(q.area()));
        model.addAttribute("townNames", indicators.breakdown(q, "town").stream()
                .collect(java.util.stream.Collectors.toMap(MediationIndicators.Row::key,
                        r -> areas.find(r.key()).map(AreaView::name).orElse(r.key()))));
        return "mediation/indicators";
    }

    @GetMapping("/mine")
    String mine(Model model) {
        model.addAttribute("work", indicators.ownWork());
        model.addAttribute("awaiting", disputes.list(Disputes.Filter.of(Disputes.View.AWAITING_ME), null, 50));
        model.addAttribute("entries", menu.entriesOf(CurrentUser.require().personId()));
        return "mediation/mine";
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        Navigation mediationNavigation() {
            return () -> Arrays.asList(
                    new Navigation.Item("mediation.nav.disputes", "/mediation", "⚖", 20, MediationPermission.READ),
                    new Navigation.Item("mediation.nav.menu", "/mediation/menu", "🧑‍⚖️", 21,
                            MediationPermission.READ),
                    new Navigation.Item("mediation.nav.mine", "/mediation/mine", "🗂", 22,
                            MediationPermission.RESPOND),
                    new Navigation.Item("mediation.nav.warnings", "/mediation/warnings", "🚨", 23,
                            MediationPermission.READ),
                    new Navigation.Item("mediation.nav.indicators", "/mediation/indicators", "📈", 24,
                            MediationPermission.READ),
                    new Navigation.Item("mediation.nav.sites", "/mediation/sites", "🏠", 62,
                            MediationPermission.READ));
        }
    }
}
