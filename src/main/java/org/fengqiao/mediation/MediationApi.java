package org.fengqiao.mediation;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.fengqiao.mediation.MenuViews.Booking;
import org.fengqiao.mediation.MenuViews.MediatorInput;
import org.fengqiao.mediation.MenuViews.MediatorView;
import org.fengqiao.mediation.MenuViews.RoomInput;
import org.fengqiao.mediation.MenuViews.RoomView;
import org.fengqiao.mediation.MenuViews.SiteInput;
import org.fengqiao.mediation.MenuViews.SiteView;
import org.fengqiao.mediation.MenuViews.Suggestion;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API of mediation (documented in the OpenAPI document under /v3/api-docs): disputes and every step of them,
 * parties (masked; reads audited) and their audited unmasking, suggestions, the menu, sites, rooms and bookings,
 * warnings and their rules, tier deadlines and indicators. Data scope and permissions are the facades'.
 */
@RestController
@RequestMapping("/api/mediation")
class MediationApi {

    private final Disputes disputes;
    private final DisputeWorkflow workflow;
    private final MediationMenu menu;
    private final EarlyWarnings warnings;
    private final TierRules tiers;
    private final AgreementDocuments documents;
    private final MediationIndicators indicators;

    MediationApi(Disputes disputes, DisputeWorkflow workflow, MediationMenu menu, EarlyWarnings warnings,
                 TierRules tiers, AgreementDocuments documents, MediationIndicators indicators) {
        this.documents = documents;
        this.indicators = indicators;
        this.disputes = disputes;
        this.workflow = workflow;
        this.menu = menu;
        this.warnings = warnings;
        this.tiers = tiers;
    }

    // ---- disputes ----

    record Page(List<DisputeRow> items, Long next) {
    }

    @GetMapping("/disputes")
    Page list(@RequestParam(defaultValue = "OPEN") String view, @RequestParam(required = false) String type,
              @RequestParam(required = false) String tier, @RequestParam(required = false) String state,
              @RequestParam(required = false) String area, @RequestParam(required = false) String q,
              @RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        Disputes.View v = Vocabulary.parse(Disputes.View.class, view, "view");
        List<DisputeRow> rows = disputes.list(new Disputes.Filter(v, type, tier, state, area, q), before, limit);
        int size = Math.max(1, Math.min(limit, 200));
        return new Page(rows, rows.size() == size ? rows.getLast().id() : null);
    }

    @PostMapping("/disputes")
    @ResponseStatus(HttpStatus.CREATED)
    DisputeView register(@RequestBody(required = false) NewDispute body) {
        return disputes.register(body);
    }

    @GetMapping("/disputes/{id}")
    DisputeView find(@PathVariable long id) {
        return disputes.find(id);
    }

    @GetMapping("/disputes/{id}/timeline")
    List<TimelineEntry> timeline(@PathVariable long id) {
        return disputes.timeline(id);
    }

    @GetMapping("/disputes/{id}/parties")
    List<PartyView> parties(@PathVariable long id) {
        return disputes.parties(id);
    }

    record Reason(String reason) {
    }

    @PostMapping("/disputes/{id}/parties/{partyId}/unmask")
    Disputes.Unmasked unmask(@PathVariable long id, @PathVariable long partyId,
                             @RequestBody(required = false) Reason body) {
        return disputes.unmask(id, partyId, body == null ? null : body.reason());
    }

    @GetMapping("/disputes/{id}/suggestions")
    List<Suggestion> suggestions(@PathVariable long id) {
        return disputes.suggestions(id);
    }

    /**
     * The written agreement as a PDF (a draft is watermarked); ID and phone numbers masked unless {@code full} with
     * a {@code reason} by someone who may unmask parties. Audited either way.
     */
    @GetMapping(value = "/disputes/{id}/agreement.pdf", produces = "application/pdf")
    org.springframework.http.ResponseEntity<byte[]> agreement(@PathVariable long id,
                                                              @RequestParam(defaultValue = "false") boolean full,
                                                              @RequestParam(required = false) String reason) {
        byte[] pdf = documents.pdf(id, full, reason);
        return org.springframework.http.ResponseEntity.ok()
                .header("Content-Disposition", "inline; filename=\"agreement-" + id + ".pdf\"")
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .contentType(org.springframework.http.MediaType.APPLICATION_PDF).body(pdf);
    }

    record Court(long organisationId, String name) {
    }

    /** The courts whose liaisons serve the dispute's area: where the parties may apply for confirmation. */
    @GetMapping("/disputes/{id}/courts")
    List<Court> courts(@PathVariable long id) {
        DisputeView d = disputes.find(id);
        return workflow.courtsFor(d.areaCode()).stream().map(h -> new Court(h.organisationId(), h.organisationName()))
                .toList();
    }

    /** One step: {@code assess}, {@code choose-mediator}, {@code accept}, {@code escalate} … (see DisputeAction). */
    @PostMapping("/disputes/{id}/{action}")
    DisputeView act(@PathVariable long id, @PathVariable String action,
                    @RequestBody(required = false) DisputeCommand.Form body) {
        DisputeCommand.Form f = body == null ? DisputeCommand.Form.empty() : body;
        return workflow.act(id, f.version(), f.toCommand(action));
    }

    // ---- the menu ----

    @GetMapping("/mediators")
    List<MediatorView> mediators(@RequestParam(required = false) String type,
                                 @RequestParam(required = false) String language,
                                 @RequestParam(required = false) String kind,
                                 @RequestParam(required = false) Long site, @RequestParam(required = false) String q) {
        return menu.mediators(new MediationMenu.Filter(type, language, kind, site, q));
    }

    @GetMapping("/mediators/{id}")
    MediatorView mediator(@PathVariable long id) {
        return menu.mediator(id);
    }

    @PostMapping("/mediators")
    @ResponseStatus(HttpStatus.CREATED)
    MediatorView createMediator(@RequestBody(required = false) MediatorInput body) {
        return menu.mediator(menu.createMediator(body));
    }

    record MediatorUpdate(Integer version, MediatorInput mediator) {
    }

    @PutMapping("/mediators/{id}")
    MediatorView updateMediator(@PathVariable long id, @RequestBody(required = false) MediatorUpdate body) {
        if (body == null || body.version() == null) {
            throw new InvalidRequestException("Send the version you read and the mediator.");
        }
        menu.updateMediator(id, body.version(), body.mediator());
        return menu.mediator(id);
    }

    record Availability(String availability) {
    }

    @PostMapping("/mediators/{id}/availability")
    MediatorView availability(@PathVariable long id, @RequestBody(required = false) Availability body) {
        menu.setAvailability(id, body == null ? null : body.availability());
        return menu.mediator(id);
    }

    @PostMapping("/mediators/{id}/retire")
    Map<String, Object> retireMediator(@PathVariable long id, @RequestBody(required = false) Reason body) {
        menu.retireMediator(id, body == null ? null : body.reason());
        return Map.of("id", id, "retired", true);
    }

    @GetMapping("/sites")
    List<SiteView> sites() {
        return menu.sites();
    }

    @GetMapping("/sites/{id}")
    SiteView site(@PathVariable long id) {
        return menu.site(id);
    }

    @PostMapping("/sites")
    @ResponseStatus(HttpStatus.CREATED)
    SiteView createSite(@RequestBody(required = false) SiteInput body) {
        return menu.site(menu.createSite(body));
    }

    @PostMapping("/sites/{id}/retire")
    Map<String, Object> retireSite(@PathVariable long id, @RequestBody(required = false) Reason body) {
        menu.retireSite(id, body == null ? null : body.reason());
        return Map.of("id", id, "retired", true);
    }

    @GetMapping("/rooms")
    List<RoomView> rooms(@RequestParam(required = false) Long site) {
        return menu.rooms(site);
    }

    @PostMapping("/rooms")
    @ResponseStatus(HttpStatus.CREATED)
    RoomView createRoom(@RequestBody(required = false) RoomInput body) {
        return menu.room(menu.createRoom(body));
    }

    @PostMapping("/rooms/{id}/retire")
    Map<String, Object> retireRoom(@PathVariable long id, @RequestBody(required = false) Reason body) {
        menu.retireRoom(id, body == null ? null : body.reason());
        return Map.of("id", id, "retired", true);
    }

    /** A room's bookings for the week from {@code from} (default today). */
    @GetMapping("/rooms/{id}/bookings")
    List<Booking> bookings(@PathVariable long id, @RequestParam(required = false) LocalDate from) {
        return menu.bookings(id, from);
    }

    // ---- indicators ----

    @GetMapping("/indicators")
    Map<String, Object> indicators(@RequestParam(required = false) String area,
                                   @RequestParam(required = false) LocalDate from,
                                   @RequestParam(required = false) LocalDate to) {
        MediationIndicators.Query q = indicators.query(area, from, to);
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("query", q);
        m.put("figures", indicators.figures(q));
        m.put("byTier", indicators.breakdown(q, "tier"));
        m.put("byType", indicators.breakdown(q, "type"));
        m.put("bySite", indicators.breakdown(q, "site"));
        m.put("byTown", indicators.breakdown(q, "town"));
        m.put("declines", indicators.declines(q));
        m.put("trend", indicators.trend(q, 12));
        return m;
    }

    /** The signed-in mediator's own work (not compared with anyone's). */
    @GetMapping("/mine")
    List<MediationIndicators.OwnWork> mine() {
        return indicators.ownWork();
    }

    // ---- warnings and rules ----

    @GetMapping("/warnings")
    List<EarlyWarnings.WarningRow> warnings(@RequestParam(defaultValue = "true") boolean open,
                                            @RequestParam(defaultValue = "100") int limit) {
        return warnings.list(open, limit);
    }

    @GetMapping("/warning-rules")
    List<EarlyWarnings.Rule> rules() {
        return warnings.listRules();
    }

    @PostMapping("/warning-rules")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createRule(@RequestBody(required = false) EarlyWarnings.RuleInput body) {
        return Map.of("id", warnings.createRule(body));
    }

    record RuleUpdate(Integer version, EarlyWarnings.RuleInput rule) {
    }

    @PutMapping("/warning-rules/{id}")
    List<EarlyWarnings.Rule> updateRule(@PathVariable long id, @RequestBody(required = false) RuleUpdate body) {
        if (body == null || body.version() == null || body.rule() == null) {
            throw new InvalidRequestException("Send the version you read and the rule.");
        }
        warnings.updateRule(id, body.version(), body.rule());
        return warnings.listRules();
    }

    @GetMapping("/tiers")
    List<TierRules.Rule> tiers() {
        return tiers.listRules();
    }

    record TierUpdate(Integer amount, String unit, Integer version) {
    }

    @PutMapping("/tiers/{tier}")
    List<TierRules.Rule> updateTier(@PathVariable String tier, @RequestBody(required = false) TierUpdate body) {
        if (body == null || body.amount() == null || body.version() == null) {
            throw new InvalidRequestException("Send amount, unit and the version you read.");
        }
        tiers.update(tier, body.amount(), body.unit(), body.version());
        return tiers.listRules();
    }
}
