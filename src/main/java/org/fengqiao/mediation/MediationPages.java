package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages of disputes: the worklists, registering, a dispute with its steps, parties and timeline. */
@Controller
@RequestMapping("/mediation")
class MediationPages {

    private final Disputes disputes;
    private final DisputeWorkflow workflow;
    private final MediationMenu menu;
    private final AgreementDocuments documents;
    private final AccessPolicy policy;

    MediationPages(Disputes disputes, DisputeWorkflow workflow, MediationMenu menu, AgreementDocuments documents,
                   AccessPolicy policy) {
        this.disputes = disputes;
        this.workflow = workflow;
        this.menu = menu;
        this.documents = documents;
        this.policy = policy;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "OPEN") String view, @RequestParam(required = false) String type,
                @RequestParam(required = false) String tier, @RequestParam(required = false) String q,
                @RequestParam(required = false) Long before, Model model) {
        Disputes.View v = Vocabulary.parse(Disputes.View.class, view, "view");
        List<DisputeRow> rows = disputes.list(new Disputes.Filter(v, type, tier, null, null, q), before, 50);
        model.addAttribute("rows", rows);
        model.addAttribute("view", v);
        model.addAttribute("views", Disputes.View.values());
        model.addAttribute("types", DisputeType.values());
        model.addAttribute("tiers", Tier.values());
        model.addAttribute("type", type);
        model.addAttribute("tier", tier);
        model.addAttribute("q", q);
        model.addAttribute("next", rows.size() == 50 ? rows.getLast().id() : null);
        model.addAttribute("mayRegister", policy.holds(MediationPermission.REGISTER));
        return "mediation/list";
    }

    @GetMapping("/new")
    String registerForm(Model model) {
        CurrentUser.User u = CurrentUser.require();
        model.addAttribute("types", DisputeType.values());
        model.addAttribute("tiers", Tier.values());
        model.addAttribute("risks", RiskLevel.values());
        model.addAttribute("languages", Vocabulary.Language.values());
        model.addAttribute("sides", Vocabulary.Side.values());
        model.addAttribute("sites", menu.sites());
        model.addAttribute("defaultArea", policy.scope(u, MediationPermission.REGISTER).prefixes().stream()
                .findFirst().orElse(""));
        return "mediation/register";
    }

    @PostMapping
    String register(@RequestParam(required = false) String type, @RequestParam(required = false) String title,
                    @RequestParam(required = false) String description,
                    @RequestParam(required = false) BigDecimal amount,
                    @RequestParam(required = false) Integer peopleInvolved,
                    @RequestParam(required = false) String areaCode, @RequestParam(required = false) String place,
                    @RequestParam(required = false) String risk, @RequestParam(required = false) String language,
                    @RequestParam(required = false) String tier, @RequestParam(required = false) Long siteId,
                    @RequestParam(name = "partySide", required = false) List<String> sides,
                    @RequestParam(name = "partyKind", required = false) List<String> kinds,
                    @RequestParam(name = "partyName", required = false) List<String> names,
                    @RequestParam(name = "partyId", required = false) List<String> ids,
                    @RequestParam(name = "partyPhone", required = false) List<String> phones,
                    @RequestParam(name = "partyAddress", required = false) List<String> addresses,
                    @RequestParam(name = "partyRepresents", required = false) List<Integer> represents,
                    RedirectAttributes redirect) {
        List<NewDispute.NewParty> parties = new ArrayList<>();
        for (int i = 0; names != null && i < names.size(); i++) {
            if (names.get(i) == null || names.get(i).isBlank()) {
                continue;
            }
            parties.add(new NewDispute.NewParty(at(sides, i), at(kinds, i), names.get(i), at(ids, i), at(phones, i),
                    at(addresses, i), represents == null || represents.size() <= i ? null : represents.get(i), null));
        }
        try {
            DisputeView d = disputes.register(new NewDispute(type, title, description, amount, peopleInvolved,
                    areaCode, place, risk, language, tier, siteId, parties));
            redirect.addFlashAttribute("notice", "registered");
            return "redirect:/mediation/" + d.id();
        } catch (InvalidRequestException | ConflictException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/mediation/new";
        }
    }

    private static String at(List<String> list, int i) {
        return list == null || list.size() <= i ? null : list.get(i);
    }

    @GetMapping("/{id:\\d+}")
    String detail(@PathVariable long id, Model model) {
        DisputeView d = disputes.find(id);
        model.addAttribute("d", d);
        model.addAttribute("timeline", disputes.timeline(id));
        if (d.may("CHOOSE_MEDIATOR")) {
            model.addAttribute("suggestions", disputes.suggestions(id));
            model.addAttribute("candidates", disputes.candidates(id));
        }
        if (d.may("ESCALATE")) {
            model.addAttribute("sitesAbove", menu.sitesFor(d.tier().above(), d.areaCode()));
        }
        if (d.may("HAND_DOWN")) {
            model.addAttribute("sitesBelow", menu.sitesFor(d.tier().below(), d.areaCode()));
        }
        if (d.may("BOOK_SESSION")) {
            model.addAttribute("rooms", menu.roomsServing(d.areaCode()));
        }
        if (d.may("APPLY_CONFIRMATION")) {
            model.addAttribute("courts", workflow.courtsFor(d.areaCode()));
        }
        model.addAttribute("types", DisputeType.values());
        model.addAttribute("risks", RiskLevel.values());
        model.addAttribute("sides", Vocabulary.Side.values());
        model.addAttribute("declineCodes", Vocabulary.DeclineCode.values());
        model.addAttribute("outcomes", List.of(Outcome.NOT_SETTLED, Outcome.WITHDRAWN, Outcome.REFERRED_TO_COURT,
                Outcome.REFERRED_TO_ARBITRATION));
        model.addAttribute("mayUnmask", policy.allows(MediationPermission.UNMASK_PARTY, d.areaCode()));
        model.addAttribute("defaultDeadline", LocalDate.now(WorkingCalendar.ZONE).plusDays(15));
        return "mediation/detail";
    }

    @PostMapping("/{id:\\d+}/act/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) Integer version,
               @RequestParam(required = false) String reason, @RequestParam(required = false) String note,
               @RequestParam(required = false) String type, @RequestParam(required = false) String risk,
               @RequestParam(required = false) BigDecimal amount,
               @RequestParam(required = false) Integer peopleInvolved,
               @RequestParam(required = false) Long mediatorId, @RequestParam(required = false) String declineCode,
               @RequestParam(required = false) Long siteId, @RequestParam(required = false) Long roomId,
               @RequestParam(required = false) String place, @RequestParam(required = false) String startsAt,
               @RequestParam(required = false) Integer minutes, @RequestParam(required = false) Long sessionId,
               @RequestParam(required = false) String attendees, @RequestParam(required = false) Integer attendeeCount,
               @RequestParam(required = false) String record, @RequestParam(required = false) Boolean partial,
               @RequestParam(required = false) String facts, @RequestParam(required = false) String matters,
               @RequestParam(required = false) String responsibilities,
               @RequestParam(required = false) String terms,
               @RequestParam(required = false) String performanceManner,
               @RequestParam(required = false) LocalDate performanceDeadline,
               @RequestParam(required = false) String outcome, @RequestParam(required = false) String performance,
               @RequestParam(required = false) String result, @RequestParam(required = false) Long courtOrgId,
               @RequestParam(required = false) Boolean accepted,
               @RequestParam(required = false) String courtCaseNumber,
               @RequestParam(required = false) Boolean confirmed, @RequestParam(required = false) Long warningId,
               @RequestParam(required = false) String partySide, @RequestParam(required = false) String partyKind,
               @RequestParam(required = false) String partyName, @RequestParam(required = false) String partyId,
               @RequestParam(required = false) String partyPhone,
               @RequestParam(required = false) String partyAddress,
               @RequestParam(required = false) Integer partyRepresents, RedirectAttributes redirect) {
        try {
            Instant start = startsAt == null || startsAt.isBlank() ? null : local(startsAt);
            Instant end = start == null ? null : start.plus(Duration.ofMinutes(minutes == null ? 90 : minutes));
            NewDispute.NewParty party = partyName == null ? null : new NewDispute.NewParty(partySide, partyKind,
                    partyName, partyId, partyPhone, partyAddress, partyRepresents, null);
            DisputeCommand.Form form = new DisputeCommand.Form(version, reason, note, type, risk, amount,
                    peopleInvolved, mediatorId, declineCode, siteId, roomId, place, start, end, sessionId, attendees,
                    attendeeCount, record, partial, facts, matters, responsibilities, terms, performanceManner,
                    performanceDeadline, outcome, performance, result, courtOrgId, accepted, courtCaseNumber,
                    confirmed, warningId, party);
            workflow.act(id, version, form.toCommand(action));
            redirect.addFlashAttribute("notice", action);
        } catch (InvalidRequestException | ConflictException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/mediation/" + id;
    }

    private static Instant local(String s) {
        try {
            return LocalDateTime.parse(s.strip()).atZone(WorkingCalendar.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("The time '" + Vocabulary.limit(s) + "' is not a date and time.");
        }
    }

    @PostMapping("/{id:\\d+}/unmask/{partyId}")
    String unmask(@PathVariable long id, @PathVariable long partyId, @RequestParam(required = false) String reason,
                  RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("unmasked", disputes.unmask(id, partyId, reason));
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/mediation/" + id + "#parties";
    }

    @GetMapping(value = "/{id:\\d+}/agreement.pdf", produces = "application/pdf")
    ResponseEntity<byte[]> agreement(@PathVariable long id, @RequestParam(defaultValue = "false") boolean full,
                                     @RequestParam(required = false) String reason) {
        return ResponseEntity.ok().header("Content-Disposition", "inline; filename=\"agreement-" + id + ".pdf\"")
                .cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_PDF)
                .body(documents.pdf(id, full, reason));
    }
}
