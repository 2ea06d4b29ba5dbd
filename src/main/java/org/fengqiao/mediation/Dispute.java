package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Instant;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;

/**
 * A dispute (矛盾纠纷): the aggregate whose transitions refuse the wrong state ({@link DisputeAction} is the table).
 * It moves between tiers with a reason and a new deadline, gets a mediator by two-way choice (chosen, then accepted
 * or declined), is mediated, and ends with an outcome — settled by a signed agreement, or not. Times come in from
 * the caller (the injected clock); deadlines from the working calendar, computed outside.
 */
final class Dispute {

    /** One step for the timeline. */
    record Step(DisputeAction action, DisputeState from, DisputeState to, Tier tier, String reason, String detail) {
    }

    /** The site handling the dispute at its tier (may be null: the enterprise or village itself). */
    record Site(Long id, String name) {
        static final Site NONE = new Site(null, null);
    }

    Long id;
    String number;
    DisputeType type;
    String title;
    String description;
    BigDecimal amount;
    int peopleInvolved;
    String areaCode;
    String place;
    Vocabulary.Source source;
    Long caseId;
    String caseNumber;
    Long reportId;
    RiskLevel risk;
    String language;
    Tier tier;
    Long siteId;
    String siteName;
    DisputeState state;
    Instant tierStartedAt;
    Instant tierDue;
    boolean tierOverdueNoted;
    Long mediatorId;
    String mediatorName;
    Outcome outcome;
    String outcomeReason;
    Instant closedAt;
    Tier closedTier;
    int escalations;
    int handDowns;
    String trackingCode;
    Instant registeredAt;
    String registeredBy;
    int version;

    static Dispute register(String number, DisputeType type, String title, String description, BigDecimal amount,
                            int peopleInvolved, String areaCode, String place, Vocabulary.Source source,
                            RiskLevel risk, String language, Tier tier, Site site, Instant now, Instant tierDue,
                            String actor, String trackingCode) {
        Dispute d = new Dispute();
        d.number = number;
        d.type = type;
        d.title = title;
        d.description = description;
        d.amount = amount;
        d.peopleInvolved = peopleInvolved;
        d.areaCode = areaCode;
        d.place = place;
        d.source = source;
        d.risk = risk;
        d.language = language;
        d.tier = tier;
        d.siteId = site.id();
        d.siteName = site.name();
        d.state = DisputeState.REGISTERED;
        d.tierStartedAt = now;
        d.tierDue = tierDue;
        d.registeredAt = now;
        d.registeredBy = actor;
        d.trackingCode = trackingCode;
        return d;
    }

    Step registeredStep() {
        return new Step(DisputeAction.REGISTER, null, state, tier, null, siteName);
    }

    private void require(DisputeAction action) {
        if (!action.allowedIn(state)) {
            throw new ConflictException("Dispute " + number + " is " + state + "; " + action
                    + " is only possible when it is " + action.allowedFrom());
        }
    }

    private static String reason(String reason, String what) {
        String r = reason == null ? "" : reason.strip();
        if (r.length() < 2) {
            throw new InvalidRequestException("Say why " + what + " (a reason of at least 2 characters).");
        }
        if (r.length() > 2000) {
            throw new InvalidRequestException("A reason may have at most 2000 characters.");
        }
        return r;
    }

    private Step step(DisputeAction action, DisputeState from, String reason, String detail) {
        return new Step(action, from, state, tier, reason, detail);
    }

    Step assess(DisputeType newType, RiskLevel newRisk, BigDecimal newAmount, int newPeople, String note) {
        require(DisputeAction.ASSESS);
        StringBuilder changed = new StringBuilder();
        if (newType != type) {
            changed.append("type ").append(type).append("→").append(newType).append("; ");
        }
        if (newRisk != risk) {
            changed.append("risk ").append(risk).append("→").append(newRisk).append("; ");
        }
        if (newAmount == null ? amount != null : amount == null || newAmount.compareTo(amount) != 0) {
            changed.append("amount ").append(amount == null ? "—" : amount.toPlainString()).append("→")
                    .append(newAmount == null ? "—" : newAmount.toPlainString()).append("; ");
        }
        if (newPeople != peopleInvolved) {
            changed.append("people ").append(peopleInvolved).append("→").append(newPeople).append("; ");
        }
        type = newType;
        risk = newRisk;
        amount = newAmount;
        peopleInvolved = newPeople;
        return step(DisputeAction.ASSESS, state, note == null || note.isBlank() ? null : note.strip(),
                changed.isEmpty() ? null : changed.toString().strip());
    }

    /** A mediator was chosen; a pending earlier choice is replaced (the caller withdraws it). */
    Step chooseMediator(long mediator, String name) {
        require(DisputeAction.CHOOSE_MEDIATOR);
        DisputeState from = state;
        mediatorId = mediator;
        mediatorName = name;
        state = DisputeState.AWAITING_MEDIATOR;
        return step(DisputeAction.CHOOSE_MEDIATOR, from, null, name);
    }

    Step accepted() {
        require(DisputeAction.ACCEPT);
        state = DisputeState.MEDIATING;
        return step(DisputeAction.ACCEPT, DisputeState.AWAITING_MEDIATOR, null, mediatorName);
    }

    Step declined(String why) {
        require(DisputeAction.DECLINE);
        String r = reason(why, "the mediator declines");
        String name = mediatorName;
        mediatorId = null;
        mediatorName = null;
        state = DisputeState.REGISTERED;
        return step(DisputeAction.DECLINE, DisputeState.AWAITING_MEDIATOR, r, name);
    }

    /** The site's own staff mediate, without a mediator from the menu. */
    Step takeUp(String who) {
        require(DisputeAction.TAKE_UP);
        mediatorId = null;
        mediatorName = who;
        state = DisputeState.MEDIATING;
        return step(DisputeAction.TAKE_UP, DisputeState.REGISTERED, null, who);
    }

    /** To the tier above: a new site, a new deadline, and a new choice of mediator. */
    Step escalate(Site site, String why, Instant now, Instant due) {
        require(DisputeAction.ESCALATE);
        if (tier.highest()) {
            throw new ConflictException("Dispute " + number + " is at the county already; it cannot be escalated.");
        }
        String r = reason(why, "the dispute is escalated");
        DisputeState from = state;
        Tier before = tier;
        moveTo(tier.above(), site, now, due);
        escalations++;
        return new Step(DisputeAction.ESCALATE, from, state, tier, r, before + "→" + tier
                + (siteName == null ? "" : " " + siteName));
    }

    /** To the tier below, when a lower tier can settle it after all. */
    Step handDown(Site site, String why, Instant now, Instant due) {
        require(DisputeAction.HAND_DOWN);
        if (tier.lowest()) {
            throw new ConflictException("Dispute " + number + " is at the lowest tier; it cannot be handed down.");
        }
        String r = reason(why, "the dispute is handed down");
        DisputeState from = state;
        Tier before = tier;
        moveTo(tier.below(), site, now, due);
        handDowns++;
        return new Step(DisputeAction.HAND_DOWN, from, state, tier, r, before + "→" + tier
                + (siteName == null ? "" : " " + siteName));
    }

    private void moveTo(Tier to, Site site, Instant now, Instant due) {
        tier = to;
        siteId = site.id();
        siteName = site.name();
        tierStartedAt = now;
        tierDue = due;
        tierOverdueNoted = false;
        mediatorId = null;
        mediatorName = null;
        state = DisputeState.REGISTERED;
    }

    Step sessionBooked(String detail) {
        require(DisputeAction.BOOK_SESSION);
        return step(DisputeAction.BOOK_SESSION, state, null, detail);
    }

    Step sessionHeld(String record, String detail) {
        require(DisputeAction.HOLD_SESSION);
        return step(DisputeAction.HOLD_SESSION, state, record, detail);
    }

    Step sessionCancelled(String why, String detail) {
        require(DisputeAction.CANCEL_SESSION);
        return step(DisputeAction.CANCEL_SESSION, state, reason(why, "the session is cancelled"), detail);
    }

    Step agreementDrafted(String detail) {
        require(DisputeAction.DRAFT_AGREEMENT);
        return step(DisputeAction.DRAFT_AGREEMENT, state, null, detail);
    }

    /** The agreement was signed: the dispute is settled (or partly) and ends here. */
    Step agreementSigned(boolean partial, String agreementNumber, Instant now) {
        require(DisputeAction.SIGN_AGREEMENT);
        close(partial ? Outcome.PARTLY_SETTLED : Outcome.SETTLED, null, now);
        return step(DisputeAction.SIGN_AGREEMENT, DisputeState.MEDIATING, null, agreementNumber);
    }

    /** An outcome without an agreement: not settled, withdrawn, referred to court or arbitration. */
    Step recordOutcome(Outcome o, String why, Instant now) {
        require(DisputeAction.RECORD_OUTCOME);
        if (o.byAgreement()) {
            throw new ConflictException("A settlement is recorded by signing the written agreement.");
        }
        if (o == Outcome.NOT_SETTLED && state != DisputeState.MEDIATING) {
            throw new ConflictException("Dispute " + number + " was not mediated yet; it cannot be 'not settled'."
                    + " Escalate it, or record that it was withdrawn or referred.");
        }
        String r = reason(why, "it ends " + o);
        DisputeState from = state;
        close(o, r, now);
        return step(DisputeAction.RECORD_OUTCOME, from, r, o.name());
    }

    private void close(Outcome o, String why, Instant now) {
        outcome = o;
        outcomeReason = why;
        closedAt = now;
        closedTier = tier;
        state = DisputeState.CLOSED;
    }

    /** A step after the outcome (performance, call-back, confirmation) or a note: the state does not change. */
    Step record(DisputeAction action, String reason, String detail) {
        require(action);
        return step(action, state, reason, detail);
    }

    boolean overdue(Instant now) {
        return state.open() && tierDue != null && now.isAfter(tierDue);
    }
}
