package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.mediation.MenuViews.SiteView;
import org.fengqiao.mediation.MenuViews.Suggestion;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.publicchannel.RateLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "一码解纠纷": a party scans a mediation site's QR code and starts a dispute there without an account; the dispute's
 * tracking code is their link to follow it and to choose a mediator from the menu. As on the public reporting
 * channel: limits per address and phone (with an arithmetic challenge near them, through publicchannel's
 * {@link RateLimits}), a form id that makes a second submit return the first dispute, nothing saved half.
 */
@Service
public class PublicMediation {

    static final RateLimits.Limit STARTS_PER_IP = new RateLimits.Limit("mediation-ip", Duration.ofHours(1), 2, 6);
    static final RateLimits.Limit STARTS_PER_PHONE = new RateLimits.Limit("mediation-phone", Duration.ofDays(1), 2, 4);
    static final RateLimits.Limit CHOICES_PER_IP = new RateLimits.Limit("mediation-choose", Duration.ofHours(1), 20, 30);

    private final MediationMenu menu;
    private final Disputes disputes;
    private final DisputeWorkflow workflow;
    private final DisputeStore store;
    private final DisputeParts parts;
    private final RateLimits limits;
    private final AuditTrail audit;

    PublicMediation(MediationMenu menu, Disputes disputes, DisputeWorkflow workflow, DisputeStore store,
                    DisputeParts parts, RateLimits limits, AuditTrail audit) {
        this.menu = menu;
        this.disputes = disputes;
        this.workflow = workflow;
        this.store = store;
        this.parts = parts;
        this.limits = limits;
        this.audit = audit;
    }

    /** What a party sends from the site's page. */
    public record Start(String type, String description, BigDecimal amount, Integer peopleInvolved, String name,
                        String phone, String otherParty, String language, String formId, String challengeToken,
                        String challengeAnswer) {
    }

    public static class ChallengeNeeded extends InvalidRequestException {
        public ChallengeNeeded(String message) {
            super(message);
        }
    }

    public static class TooMany extends InvalidRequestException {
        public TooMany(String message) {
            super(message);
        }
    }

    public Optional<SiteView> site(String code) {
        return menu.siteByCode(code);
    }

    /** Whether this address must answer the challenge before its next start. */
    public boolean challengeDue(String ip) {
        return limits.standing(STARTS_PER_IP, ip) != RateLimits.Standing.FREE;
    }

    /** A started dispute: the party's code, and the dispute for the site's staff. */
    public record Started(String trackingCode, long disputeId) {
    }

    /** Starts a dispute at the site. */
    @Transactional
    public Started start(String siteCode, Start s, String ip) {
        SiteView site = menu.siteByCode(siteCode).orElseThrow(() -> new NotFoundException("mediation.public.unknownSite"));
        String description = s.description() == null ? "" : s.description().strip();
        if (description.length() < 4) {
            throw new InvalidRequestException("mediation.public.err.description");
        }
        if (description.length() > 2000) {
            throw new InvalidRequestException("mediation.public.err.descriptionLong");
        }
        if (s.name() == null || s.name().isBlank()) {
            throw new InvalidRequestException("mediation.public.err.name");
        }
        String phone = s.phone() == null ? null : s.phone().replaceAll("[\\s-]", "");
        if (phone == null || !org.fengqiao.platform.IdNumbers.isValidPhone(phone)) {
            throw new InvalidRequestException("mediation.public.err.phone");
        }
        String formId = s.formId() != null && s.formId().matches("[A-Za-z0-9-]{8,64}") ? s.formId() : null;
        if (formId != null) {
            Optional<Dispute> earlier = store.byPublicForm(formId);
            if (earlier.isPresent()) {
                return new Started(earlier.get().trackingCode, earlier.get().id);
            }
        }
        List<RateLimits.Standing> standing = List.of(limits.standing(STARTS_PER_IP, ip),
                limits.standing(STARTS_PER_PHONE, phone));
        if (standing.contains(RateLimits.Standing.BLOCKED)) {
            throw new TooMany("mediation.public.err.tooMany");
        }
        if (standing.contains(RateLimits.Standing.CHALLENGE) && !limits.solved(s.challengeToken(), s.challengeAnswer())) {
            throw new ChallengeNeeded("mediation.public.err.challenge");
        }
        limits.hit(STARTS_PER_IP, ip);
        limits.hit(STARTS_PER_PHONE, phone);
        int people = s.peopleInvolved() == null ? 2 : s.peopleInvolved();
        List<NewDispute.NewParty> parties = new ArrayList<>();
        parties.add(new NewDispute.NewParty("APPLICANT", "PERSON", s.name(), null, phone, null,
                Math.max(1, Math.min(people - 1, 100_000)), null));
        if (s.otherParty() != null && !s.otherParty().isBlank()) {
            parties.add(new NewDispute.NewParty("RESPONDENT", null, s.otherParty(), null, null, null, 1, null));
        }
        String title = description.length() > 30 ? description.substring(0, 30) + "…" : description;
        Dispute d;
        try {
            d = disputes.registerPublic(new NewDispute(s.type() == null || s.type().isBlank() ? "OTHER" : s.type(),
                    title, description, s.amount(), people, null, site.name(), null, s.language(), null, null,
                    parties), site, formId, ip, "party:" + site.code());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        audit.record("party:" + d.trackingCode, "DISPUTE_PUBLIC_START", "dispute:" + d.number, "site " + site.code(),
                AuditTrail.Outcome.SUCCESS);
        return new Started(d.trackingCode, d.id);
    }

    /** What the party sees through their link: progress, no other party's details. */
    public record Progress(String trackingCode, String number, DisputeType type, String title, DisputeState state,
                           Tier tier, String siteName, String mediatorName, Outcome outcome,
                           java.time.Instant registeredAt, java.time.Instant closedAt,
                           List<DisputeView.Session> sessions, boolean mayChoose, List<Suggestion> suggestions,
                           List<MenuViews.MediatorView> others, boolean agreementSigned) {
    }

    /** A lookup by tracking code, limited per address. */
    public Optional<Progress> track(String code, String ip) {
        if (limits.standing(RateLimits.LOOKUPS_PER_IP, ip) == RateLimits.Standing.BLOCKED) {
            throw new TooMany("mediation.public.err.tooMany");
        }
        limits.hit(RateLimits.LOOKUPS_PER_IP, ip);
        String c = code == null ? "" : code.strip().toUpperCase().replace("-", "");
        return store.byTrackingCode(c).map(d -> {
            DisputeParts.Parts p = parts.of(d.id);
            boolean mayChoose = d.state == DisputeState.REGISTERED;
            return new Progress(d.trackingCode, d.number, d.type, d.title, d.state, d.tier, d.siteName,
                    d.state == DisputeState.REGISTERED ? null : d.mediatorName, d.outcome, d.registeredAt, d.closedAt,
                    p.sessions().stream().filter(x -> !"CANCELLED".equals(x.status())).toList(), mayChoose,
                    mayChoose ? disputes.suggestionsFor(d, 6) : List.of(),
                    mayChoose ? disputes.candidatesFor(d) : List.of(),
                    p.agreement() != null && p.agreement().signed());
        });
    }

    /** The party chooses a mediator through their link (two-way choice: the mediator still accepts or declines). */
    @Transactional
    public void choose(String code, long mediatorId, String ip) {
        if (limits.standing(CHOICES_PER_IP, ip) == RateLimits.Standing.BLOCKED) {
            throw new TooMany("mediation.public.err.tooMany");
        }
        limits.hit(CHOICES_PER_IP, ip);
        String c = code == null ? "" : code.strip().toUpperCase();
        Dispute d = store.byTrackingCode(c).orElseThrow(() -> new NotFoundException("mediation.public.unknownCode"));
        if (d.state != DisputeState.REGISTERED) {
            throw new ConflictException("mediation.public.err.notChoosing");
        }
        if (disputes.candidatesFor(d).stream().noneMatch(m -> m.id() == mediatorId)) {
            throw new InvalidRequestException("mediation.public.err.notOffered");
        }
        workflow.chooseByParty(d.id, mediatorId, "party:" + d.trackingCode);
    }
}
