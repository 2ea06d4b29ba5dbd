package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.mediation.MenuViews.SiteView;
import org.fengqiao.mediation.MenuViews.Suggestion;
import org.fengqiao.mediation.internal.SuggestionRanker;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.people.Organisations;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The disputes facade: register a dispute (staff, a case referred by the center, a party's QR code), list and read
 * disputes within the reader's data scope, their parties (masked; every read of a party's details is audited, and
 * unmasking needs a permission and a reason), the timeline, and the menu's suggestions for a dispute. The steps of a
 * dispute are {@link DisputeWorkflow}'s.
 */
@Service
public class Disputes {

    static final int MAX_PARTIES = 20;

    private final DisputeStore store;
    private final DisputeParts parts;
    private final StepRules rules;
    private final MediationMenu menu;
    private final TierRules tiers;
    private final EarlyWarnings warnings;
    private final FieldCipher cipher;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final Organisations organisations;
    private final org.fengqiao.people.RoleAssignments roles;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    Disputes(DisputeStore store, DisputeParts parts, StepRules rules, MediationMenu menu, TierRules tiers,
             EarlyWarnings warnings, FieldCipher cipher, AccessPolicy policy, AreaDirectory areas,
             Organisations organisations, org.fengqiao.people.RoleAssignments roles, Notifications notifications,
             ApplicationEventPublisher events,
             AuditTrail audit, JdbcClient jdbc, Clock clock) {
        this.store = store;
        this.parts = parts;
        this.rules = rules;
        this.menu = menu;
        this.tiers = tiers;
        this.warnings = warnings;
        this.cipher = cipher;
        this.policy = policy;
        this.areas = areas;
        this.organisations = organisations;
        this.roles = roles;
        this.notifications = notifications;
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    // ---- registering ----

    /** Staff register a dispute directly, with at least one party. */
    @Transactional
    public DisputeView register(NewDispute in) {
        CurrentUser.User u = CurrentUser.require();
        if (in == null) {
            throw new InvalidRequestException("No dispute was sent.");
        }
        String area = area(in.areaCode());
        policy.check(MediationPermission.REGISTER, area);
        if (in.parties() == null || in.parties().isEmpty()) {
            throw new InvalidRequestException("Name at least one party (the applicant).");
        }
        Dispute d = create(in, area, Vocabulary.Source.STAFF, u.username(), null, null);
        return view(d, u);
    }

    /** What a case the center referred to mediation brings with it. */
    record Referral(long caseId, String caseNumber, String categoryCode, String areaCode, String description,
                    String reason, Long reportId, String actor) {
    }

    /** A case referred to mediation becomes a dispute, once per case; returns its id. */
    @Transactional
    long registerReferral(Referral r) {
        return store.byCase(r.caseId()).orElseGet(() -> {
            String desc = r.description() == null || r.description().isBlank() ? "(" + r.caseNumber() + ")"
                    : r.description().strip();
            String title = desc.length() > 40 ? desc.substring(0, 40) + "…" : desc;
            NewDispute in = new NewDispute(DisputeType.ofCaseCategory(r.categoryCode()).name(), title,
                    desc + (r.reason() == null || r.reason().isBlank() ? "" : "\n\n转调解原因：" + r.reason().strip()),
                    null, 2, r.areaCode(), null, null, null, null, null, List.of());
            Dispute d = create(in, r.areaCode(), Vocabulary.Source.CASE, r.actor(), null, null, r);
            return d.id;
        });
    }

    /** A party started a dispute with a site's QR code; {@code formId} makes a second submit return the first. */
    Dispute registerPublic(NewDispute in, SiteView site, String formId, String ip, String client) {
        if (formId != null) {
            var earlier = store.byPublicForm(formId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        NewDispute at = new NewDispute(in.type(), in.title(), in.description(), in.amount(), in.peopleInvolved(),
                site.areaCode(), in.place(), null, in.language(), site.tier().name(), site.id(), in.parties());
        return create(at, site.areaCode(), Vocabulary.Source.PUBLIC, client, formId, ip);
    }

    private Dispute create(NewDispute in, String area, Vocabulary.Source source, String actor, String formId,
                           String ip) {
        return create(in, area, source, actor, formId, ip, null);
    }

    private Dispute create(NewDispute in, String area, Vocabulary.Source source, String actor, String formId,
                           String ip, Referral referral) {
        Instant now = now();
        DisputeType type = DisputeType.parse(in.type() == null || in.type().isBlank() ? "OTHER" : in.type());
        String title = MediationMenu.text(in.title(), "title", 120, true);
        String description = MediationMenu.text(in.description(), "description", 4000, true);
        BigDecimal amount = amount(in.amount());
        int people = people(in.peopleInvolved());
        RiskLevel risk = in.risk() == null || in.risk().isBlank() ? RiskLevel.SIMPLE : RiskLevel.parse(in.risk());
        String language = in.language() == null || in.language().isBlank() ? null
                : Vocabulary.parse(Vocabulary.Language.class, in.language(), "language").name();
        List<NewDispute.NewParty> partyList = in.parties() == null ? List.of() : in.parties();
        if (partyList.size() > MAX_PARTIES) {
            throw new InvalidRequestException("At most " + MAX_PARTIES + " parties.");
        }
        List<CleanParty> clean = new ArrayList<>();
        for (NewDispute.NewParty p : partyList) {
            clean.add(cleanParty(p, clean.isEmpty()));
        }
        Tier tier;
        Dispute.Site site;
        if (in.siteId() != null) {
            SiteView s = menu.siteForSystem(in.siteId()).filter(x -> !x.retired())
                    .orElseThrow(() -> new InvalidRequestException("Unknown site " + in.siteId()));
            tier = in.tier() == null || in.tier().isBlank() ? s.tier() : Tier.parse(in.tier());
            if (s.tier() != tier) {
                throw new InvalidRequestException("Site " + s.name() + " works at tier " + s.tier() + ", not " + tier);
            }
            site = new Dispute.Site(s.id(), s.name());
        } else if (in.tier() != null && !in.tier().isBlank()) {
            tier = Tier.parse(in.tier());
            site = siteAt(tier, area);
        } else {
            tier = lowestServed(area);
            site = siteAt(tier, area);
        }
        Dispute d = Dispute.register(store.nextNumber(area, now), type, title, description, amount, people, area,
                MediationMenu.text(in.place(), "place", 200, false), source, risk, language, tier, site, now,
                tiers.due(tier, now), actor, store.newTrackingCode());
        if (referral != null) {
            d.caseId = referral.caseId();
            d.caseNumber = referral.caseNumber();
            d.reportId = referral.reportId();
        }
        store.insert(d, formId, ip);
        int ord = 1;
        for (CleanParty p : clean) {
            insertParty(d.id, ord++, p);
        }
        store.append(d.id, d.registeredStep(), actor, now);
        audit.record(actor, "DISPUTE_REGISTER", "dispute:" + d.number, source + " " + type + " at " + tier
                + (referral == null ? "" : " from case " + referral.caseNumber()), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new MediationEvents.DisputeRegistered(d.id, d.number, d.areaCode, d.type, d.tier, now,
                actor, d.risk, d.amount, d.peopleInvolved, source, d.caseId, d.reportId, d.siteId, d.tierDue));
        notifications.enqueue(new Notice(new Notice.RoleInArea("MEDIATOR", siteArea(d)),
                "mediation.notice.registered", List.of(d.number, d.title), "/mediation/" + d.id, false));
        for (Dispute.Step s : warnings.evaluate(d, null, now, actor)) {
            store.append(d.id, s, "system", now);
        }
        return d;
    }

    /** The area of the dispute's site (whose mediators should hear of it), else the dispute's own. */
    String siteArea(Dispute d) {
        if (d.siteId != null) {
            return menu.siteForSystem(d.siteId).map(SiteView::areaCode).orElse(d.areaCode);
        }
        return d.areaCode;
    }

    /** The lowest tier with a site serving the area; the enterprise or village itself when none has one. */
    private Tier lowestServed(String area) {
        for (Tier t : Tier.values()) {
            if (!menu.sitesFor(t, area).isEmpty()) {
                return t;
            }
        }
        return Tier.ENTERPRISE_VILLAGE;
    }

    /** The nearest site of the tier serving the area, or none. */
    Dispute.Site siteAt(Tier tier, String area) {
        return menu.sitesFor(tier, area).stream().findFirst().map(s -> new Dispute.Site(s.id(), s.name()))
                .orElse(Dispute.Site.NONE);
    }

    record CleanParty(String side, String kind, String name, String idNumber, String phone, String address,
                      int represents, Long organisationId) {
    }

    CleanParty cleanParty(NewDispute.NewParty p, boolean first) {
        if (p == null) {
            throw new InvalidRequestException("An empty party was sent.");
        }
        String side = p.side() == null || p.side().isBlank() ? (first ? "APPLICANT" : "RESPONDENT")
                : Vocabulary.parse(Vocabulary.Side.class, p.side(), "side").name();
        String kind = p.kind() == null || p.kind().isBlank() ? "PERSON" : p.kind().strip().toUpperCase(Locale.ROOT);
        if (!Set.of("PERSON", "ORGANISATION").contains(kind)) {
            throw new InvalidRequestException("A party is a PERSON or an ORGANISATION.");
        }
        String name = p.name();
        if ((name == null || name.isBlank()) && p.organisationId() != null) {
            name = organisations.byId(p.organisationId()).map(Organisations.Organisation::name).orElse(null);
        }
        name = MediationMenu.text(name, "party's name", 120, true);
        if (p.organisationId() != null && organisations.byId(p.organisationId()).isEmpty()) {
            throw new InvalidRequestException("Unknown organisation " + p.organisationId());
        }
        String id = IdNumbers.normaliseId(p.idNumber());
        if (id != null) {
            boolean ok = kind.equals("PERSON") ? IdNumbers.isValidId(id) : id.matches("[0-9A-Z]{18}");
            if (!ok) {
                throw new InvalidRequestException(kind.equals("PERSON")
                        ? "The ID number of " + name + " is not a valid resident ID number."
                        : "The unified social credit code of " + name + " must have 18 letters or digits.");
            }
        }
        String phone = IdNumbers.normalisePhone(p.phone());
        if (phone != null && !IdNumbers.isValidPhone(phone)) {
            throw new InvalidRequestException("The phone number of " + name + " is not a mobile number or a landline"
                    + " with area code.");
        }
        int represents = p.represents() == null ? 1 : p.represents();
        if (represents < 1 || represents > 100_000) {
            throw new InvalidRequestException("A party speaks for 1 to 100000 people.");
        }
        return new CleanParty(side, kind, name, id, phone, MediationMenu.text(p.address(), "address", 200, false),
                represents, p.organisationId());
    }

    long insertParty(long disputeId, int ord, CleanParty p) {
        return jdbc.sql("""
                        insert into mediation_party (dispute_id, ord, side, kind, name, id_number_enc, id_number_index,
                          id_number_masked, phone_enc, phone_index, phone_masked, address, represents, organisation_id)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id""")
                .params(disputeId, ord, p.side(), p.kind(), p.name(), cipher.encrypt(p.idNumber()),
                        cipher.blindIndex(p.idNumber()), Masking.idNumber(p.idNumber()), cipher.encrypt(p.phone()),
                        cipher.blindIndex(p.phone()), Masking.phone(p.phone()), p.address(), p.represents(),
                        p.organisationId())
                .query(Long.class).single();
    }

    private String area(String code) {
        String a = code == null ? "" : code.strip();
        if (a.isEmpty() || areas.find(a).isEmpty()) {
            throw new InvalidRequestException("The area code '" + Vocabulary.limit(a) + "' does not exist.");
        }
        return a;
    }

    static BigDecimal amount(BigDecimal a) {
        if (a == null) {
            return null;
        }
        // look at the digits before any arithmetic: 1e-999999999 must not make us compute 10^999999999
        if (a.scale() > 2 && a.stripTrailingZeros().scale() > 2) {
            throw new InvalidRequestException("The amount has at most two decimals (fen).");
        }
        if (a.signum() < 0 || (long) a.precision() - a.scale() > 12) {
            throw new InvalidRequestException("The amount must be between 0 and 999,999,999,999 yuan.");
        }
        return a.setScale(2, java.math.RoundingMode.HALF_UP);
    }

    static int people(Integer n) {
        int v = n == null ? 2 : n;
        if (v < 1 || v > 100_000) {
            throw new InvalidRequestException("Between 1 and 100000 people may be involved.");
        }
        return v;
    }

    // ---- reading ----

    /** Which disputes a list shows. */
    public enum View { OPEN, CLOSED, ALL, OVERDUE, AWAITING_ME, WARNINGS }

    public record Filter(View view, String type, String tier, String state, String area, String query) {
        public static Filter of(View view) {
            return new Filter(view, null, null, null, null, null);
        }
    }

    /** Disputes in the reader's scope, newest first, keyset-paged by id. */
    public List<DisputeRow> list(Filter f, Long before, int limit) {
        CurrentUser.User u = CurrentUser.require();
        DataScope scope = policy.requireScope(MediationPermission.READ);
        Filter filter = f == null ? Filter.of(View.OPEN) : f;
        View view = filter.view() == null ? View.OPEN : filter.view();
        String type = blank(filter.type()) ? null : DisputeType.parse(filter.type()).name();
        String tier = blank(filter.tier()) ? null : Tier.parse(filter.tier()).name();
        String state = blank(filter.state()) ? null
                : Vocabulary.parse(DisputeState.class, filter.state(), "state").name();
        String area = blank(filter.area()) ? null : filter.area().strip() + "%";
        String q = blank(filter.query()) ? null
                : "%" + filter.query().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        Instant now = now();
        return jdbc.sql("""
                        select d.id, d.number, d.type, d.title, d.area_code, d.tier, d.site_name, d.state, d.risk,
                               d.amount, d.people_involved, d.mediator_name, d.outcome, d.registered_at, d.tier_due,
                               d.closed_at,
                               (select count(*) from mediation_warning w where w.dispute_id = d.id
                                  and w.state <> 'HANDLED') as open_warnings
                        from mediation_dispute d
                        where d.area_code like any (?)
                          and (? <> 'OPEN' or d.state <> 'CLOSED')
                          and (? <> 'CLOSED' or d.state = 'CLOSED')
                          and (? <> 'OVERDUE' or (d.state <> 'CLOSED' and d.tier_due < ?))
                          and (? <> 'AWAITING_ME' or exists (select 1 from mediation_choice c
                                join mediation_mediator m on m.id = c.mediator_id
                                where c.dispute_id = d.id and c.status = 'PENDING' and m.person_id = ?))
                          and (? <> 'WARNINGS' or exists (select 1 from mediation_warning w where w.dispute_id = d.id
                                and w.state <> 'HANDLED'))
                          and (?::text is null or d.type = ?)
                          and (?::text is null or d.tier = ?)
                          and (?::text is null or d.state = ?)
                          and (?::text is null or d.area_code like ?)
                          and (?::text is null or d.number like ? or d.title like ?)
                          and (?::bigint is null or d.id < ?)
                        order by d.id desc limit ?""")
                .params(scope.likePatterns(), view.name(), view.name(), view.name(), DisputeStore.ts(now),
                        view.name(), u.personId(), view.name(), type, type, tier, tier, state, state, area, area, q, q,
                        q, before, before, Math.max(1, Math.min(limit, 200)))
                .query((rs, n) -> {
                    String o = rs.getString("outcome");
                    Instant due = DisputeStore.instant(rs, "tier_due");
                    DisputeState st = DisputeState.valueOf(rs.getString("state"));
                    return new DisputeRow(rs.getLong("id"), rs.getString("number"),
                            DisputeType.valueOf(rs.getString("type")), rs.getString("title"),
                            rs.getString("area_code"), Tier.valueOf(rs.getString("tier")), rs.getString("site_name"),
                            st, RiskLevel.valueOf(rs.getString("risk")), rs.getBigDecimal("amount"),
                            rs.getInt("people_involved"), rs.getString("mediator_name"),
                            o == null ? null : Outcome.valueOf(o), DisputeStore.instant(rs, "registered_at"), due,
                            DisputeStore.instant(rs, "closed_at"), st.open() && due != null && now.isAfter(due),
                            rs.getInt("open_warnings"));
                }).list();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    Dispute load(long id, CurrentUser.User u) {
        return store.find(id, policy.scope(u, MediationPermission.READ))
                .orElseThrow(() -> new NotFoundException("No dispute " + id + " in your area"));
    }

    /** A dispute with its parties (masked) and everything else; the read of the parties is audited. */
    public DisputeView find(long id) {
        CurrentUser.User u = CurrentUser.require();
        Dispute d = load(id, u);
        DisputeView v = view(d, u);
        // joins the caller's transaction when there is one (so it never waits on its own audit lock)
        audit.record(u.username(), "DISPUTE_PARTIES_READ", "dispute:" + d.number,
                v.parties().size() + " parties (masked)", AuditTrail.Outcome.SUCCESS);
        return v;
    }

    DisputeView view(Dispute d, CurrentUser.User u) {
        DisputeParts.Parts p = parts.of(d.id);
        Instant now = now();
        Set<DisputeAction> allowed = rules.allowed(u, d, p, now);
        return new DisputeView(d.id, d.number, d.type, d.title, d.description, d.amount, d.peopleInvolved,
                d.areaCode, d.place, d.source, d.caseId, d.caseNumber, d.reportId, d.risk, d.language, d.tier,
                d.siteId, d.siteName, d.state, d.tierStartedAt, d.tierDue, d.overdue(now), d.mediatorId,
                d.mediatorName, d.outcome, d.outcomeReason, d.closedAt, d.escalations, d.handDowns,
                policy.allows(u, MediationPermission.MEDIATE, d.areaCode) ? d.trackingCode : null, d.registeredAt,
                d.registeredBy, d.version, p.parties(), p.pendingChoice().orElse(null), p.choices(), p.sessions(),
                p.agreement(), p.warnings(), allowed);
    }

    public List<TimelineEntry> timeline(long id) {
        CurrentUser.User u = CurrentUser.require();
        Dispute d = load(id, u);
        return store.timeline(d.id);
    }

    /** The parties (masked); audited as a read of their details. */
    public List<PartyView> parties(long id) {
        CurrentUser.User u = CurrentUser.require();
        Dispute d = load(id, u);
        List<PartyView> list = parts.parties(d.id);
        audit.record(u.username(), "DISPUTE_PARTIES_READ", "dispute:" + d.number,
                list.size() + " parties (masked)", AuditTrail.Outcome.SUCCESS);
        return list;
    }

    public record Unmasked(long partyId, String name, String idNumber, String phone) {
    }

    /** A party's full ID and phone number, for a stated reason; success and every refusal are audited. */
    @Transactional
    public Unmasked unmask(long disputeId, long partyId, String reason) {
        CurrentUser.User u = CurrentUser.require();
        String target = "dispute:" + disputeId + " party:" + partyId;
        String why = reason == null ? "" : reason.strip();
        Dispute d = store.find(disputeId, policy.scope(u, MediationPermission.READ)).orElse(null);
        if (d == null) {
            audit.recordIndependently(u.username(), "DISPUTE_PARTY_UNMASK", target, "unknown or outside scope",
                    AuditTrail.Outcome.DENIED);
            throw new NotFoundException("No dispute " + disputeId + " in your area");
        }
        if (!policy.allows(u, MediationPermission.UNMASK_PARTY, d.areaCode)) {
            audit.recordIndependently(u.username(), "DISPUTE_PARTY_UNMASK", target, "no permission; reason: "
                    + Vocabulary.limit(why), AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("None of your role assignments allows unmasking this dispute's parties");
        }
        if (why.length() < 4) {
            audit.recordIndependently(u.username(), "DISPUTE_PARTY_UNMASK", target, "no reason given",
                    AuditTrail.Outcome.DENIED);
            throw new InvalidRequestException("State the reason for viewing the full ID and phone number"
                    + " (at least 4 characters).");
        }
        record Enc(String name, byte[] idNumberEnc, byte[] phoneEnc) {
        }
        Enc e = jdbc.sql("select name, id_number_enc, phone_enc from mediation_party where id = ? and dispute_id = ?")
                .params(partyId, disputeId).query(Enc.class).optional()
                .orElseThrow(() -> new NotFoundException("No party " + partyId + " in dispute " + d.number));
        audit.record(u.username(), "DISPUTE_PARTY_UNMASK", "dispute:" + d.number + " party:" + partyId,
                "fields: idNumber, phone; reason: " + (why.length() > 200 ? why.substring(0, 200) : why),
                AuditTrail.Outcome.SUCCESS);
        return new Unmasked(partyId, e.name(), cipher.decrypt(e.idNumberEnc()), cipher.decrypt(e.phoneEnc()));
    }

    /** The menu's mediators ranked for this dispute, each with the reasons it was suggested. */
    public List<Suggestion> suggestions(long id) {
        CurrentUser.User u = CurrentUser.require();
        return suggestionsFor(load(id, u), 8);
    }

    /** Every mediator a party may choose for this dispute: serving its area, not away, with room in hand. */
    public List<MenuViews.MediatorView> candidates(long id) {
        CurrentUser.User u = CurrentUser.require();
        return candidatesFor(load(id, u));
    }

    List<MenuViews.MediatorView> candidatesFor(Dispute d) {
        return answerable(d, menu.servingArea(d.areaCode)).stream().filter(m -> !m.retired()
                && !"AWAY".equals(m.availability()) && !m.full())
                .sorted(java.util.Comparator.comparing(MenuViews.MediatorView::kind)
                        .thenComparing(MenuViews.MediatorView::name)).toList();
    }

    List<Suggestion> suggestionsFor(Dispute d, int limit) {
        Vocabulary.Language lang = d.language == null ? null : Vocabulary.Language.valueOf(d.language);
        return SuggestionRanker.rank(new SuggestionRanker.Need(d.type, d.areaCode, d.siteId, lang),
                answerable(d, menu.servingArea(d.areaCode)), limit);
    }

    /**
     * Mediators who could answer if chosen: one linked to a person answers only for themselves, so that person must
     * hold a post that may accept and covers the dispute's area; the others are answered for by the area's mediators.
     */
    List<MenuViews.MediatorView> answerable(Dispute d, List<MenuViews.MediatorView> mediators) {
        java.util.Map<Long, Boolean> may = new java.util.HashMap<>();
        return mediators.stream().filter(m -> m.personId() == null || may.computeIfAbsent(m.personId(),
                p -> roles.postsOf(p).stream().anyMatch(a -> MediationPermission.RESPOND.grantedTo().contains(a.role())
                        && a.covers(d.areaCode)))).toList();
    }
}
