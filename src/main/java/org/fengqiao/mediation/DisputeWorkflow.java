package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.CaseEvents;
import org.fengqiao.mediation.DisputeView.Agreement;
import org.fengqiao.mediation.DisputeView.Confirmation;
import org.fengqiao.mediation.MenuViews.MediatorView;
import org.fengqiao.mediation.MenuViews.SiteView;
import org.fengqiao.mediation.MenuViews.Suggestion;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every step of a dispute, one named command at a time: the state table refuses the wrong state (409), the step
 * rules a user without the permission for the dispute's area (403); each step lands on the timeline and the audit
 * trail, notices go to the outbox and events to the publication registry in the same transaction. An outcome of a
 * dispute that came from a case goes back to cases as {@link CaseEvents.MediationConcluded}.
 */
@Service
public class DisputeWorkflow {

    private final Disputes disputes;
    private final DisputeStore store;
    private final DisputeParts parts;
    private final StepRules rules;
    private final MediationMenu menu;
    private final TierRules tiers;
    private final SessionBook sessions;
    private final AgreementBook agreements;
    private final EarlyWarnings warnings;
    private final RoleAssignments roles;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    DisputeWorkflow(Disputes disputes, DisputeStore store, DisputeParts parts, StepRules rules, MediationMenu menu,
                    TierRules tiers, SessionBook sessions, AgreementBook agreements, EarlyWarnings warnings,
                    RoleAssignments roles, Notifications notifications, ApplicationEventPublisher events,
                    AuditTrail audit, JdbcClient jdbc, Clock clock) {
        this.disputes = disputes;
        this.store = store;
        this.parts = parts;
        this.rules = rules;
        this.menu = menu;
        this.tiers = tiers;
        this.sessions = sessions;
        this.agreements = agreements;
        this.warnings = warnings;
        this.roles = roles;
        this.notifications = notifications;
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** What a step produced beyond the aggregate's own change. */
    private final class Effects {
        final List<Dispute.Step> extraSteps = new ArrayList<>();
        final List<Notice> notices = new ArrayList<>();
        final List<Object> published = new ArrayList<>();
        String evaluateText;
        boolean evaluate;
    }

    /**
     * Takes one step. {@code expectedVersion} is the version the user saw; when someone changed the dispute since,
     * the step is refused (409) rather than applied to a dispute the user has not seen.
     */
    @Transactional
    public DisputeView act(long disputeId, Integer expectedVersion, DisputeCommand command) {
        CurrentUser.User u = CurrentUser.require();
        Dispute d = disputes.load(disputeId, u);
        if (expectedVersion != null && expectedVersion != d.version) {
            throw new ConflictException("Dispute " + d.number + " was changed by someone else since you opened it;"
                    + " reload and try again.");
        }
        DisputeAction action = command.action();
        if (!action.allowedIn(d.state)) {
            throw new ConflictException("Dispute " + d.number + " is " + d.state + "; " + action
                    + " is only possible when it is " + action.allowedFrom());
        }
        DisputeParts.Parts p = parts.of(d.id);
        rules.check(u, action, d, p);
        Instant now = now();
        String actor = u.username();
        Effects fx = new Effects();
        Dispute.Step step = apply(d, p, command, now, actor, u.displayName(), fx);
        finish(d, step, fx, now, actor);
        return disputes.view(d, u);
    }

    private void finish(Dispute d, Dispute.Step step, Effects fx, Instant now, String actor) {
        store.save(d);
        store.append(d.id, step, actor, now);
        for (Dispute.Step s : fx.extraSteps) {
            store.append(d.id, s, actor, now);
        }
        if (fx.evaluate) {
            for (Dispute.Step s : warnings.evaluate(d, fx.evaluateText, now, actor)) {
                store.append(d.id, s, "system", now);
            }
        }
        notifications.enqueueAll(fx.notices);
        fx.published.forEach(events::publishEvent);
        audit.record(actor, "DISPUTE_" + step.action().name(), "dispute:" + d.number,
                step.reason() == null ? step.detail() : step.reason(), AuditTrail.Outcome.SUCCESS);
    }

    private Dispute.Step apply(Dispute d, DisputeParts.Parts p, DisputeCommand command, Instant now, String actor,
                               String actorName, Effects fx) {
        String link = "/mediation/" + d.id;
        List<String> args = List.of(d.number, d.title);
        return switch (command) {
            case DisputeCommand.Assess c -> {
                DisputeType type = c.type() == null || c.type().isBlank() ? d.type : DisputeType.parse(c.type());
                RiskLevel risk = c.risk() == null || c.risk().isBlank() ? d.risk : RiskLevel.parse(c.risk());
                BigDecimal amount = c.amount() == null ? d.amount : Disputes.amount(c.amount());
                int people = c.peopleInvolved() == null ? d.peopleInvolved : Disputes.people(c.peopleInvolved());
                Dispute.Step s = d.assess(type, risk, amount, people, c.note());
                fx.published.add(new MediationEvents.DisputeAssessed(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, d.risk, d.amount, d.peopleInvolved));
                fx.evaluate = true;
                yield s;
            }
            case DisputeCommand.AddParty c -> {
                Disputes.CleanParty party = disputes.cleanParty(c.party(), p.parties().isEmpty());
                int ord = p.parties().stream().mapToInt(PartyView::ord).max().orElse(0) + 1;
                if (ord > Disputes.MAX_PARTIES) {
                    throw new InvalidRequestException("At most " + Disputes.MAX_PARTIES + " parties.");
                }
                disputes.insertParty(d.id, ord, party);
                fx.evaluate = true;
                yield d.record(DisputeAction.ADD_PARTY, null, party.side() + " " + party.name());
            }
            case DisputeCommand.ChooseMediator c -> choose(d, p, c.mediatorId(), false, now, actor, fx);
            case DisputeCommand.Accept c -> {
                DisputeView.Choice choice = p.pendingChoice().orElseThrow(() ->
                        new ConflictException("No choice of mediator waits for an answer."));
                respond(choice.id(), "ACCEPTED", null, null, now, actor);
                Dispute.Step s = d.accepted();
                Optional<MediatorView> m = menu.mediatorForSystem(choice.mediatorId());
                fx.published.add(new MediationEvents.MediatorAccepted(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, choice.id(), choice.mediatorId(), choice.mediatorKind(),
                        m.map(MediatorView::siteId).orElse(null)));
                fx.notices.add(new Notice(new Notice.RoleInArea("MEDIATOR", disputes.siteArea(d)),
                        "mediation.notice.accepted", List.of(d.number, choice.mediatorName()), link, false));
                yield c.note() == null || c.note().isBlank() ? s
                        : new Dispute.Step(s.action(), s.from(), s.to(), s.tier(), c.note().strip(), s.detail());
            }
            case DisputeCommand.Decline c -> {
                DisputeView.Choice choice = p.pendingChoice().orElseThrow(() ->
                        new ConflictException("No choice of mediator waits for an answer."));
                Vocabulary.DeclineCode code = c.declineCode() == null || c.declineCode().isBlank()
                        ? Vocabulary.DeclineCode.OTHER
                        : Vocabulary.parse(Vocabulary.DeclineCode.class, c.declineCode(), "decline reason");
                Dispute.Step s = d.declined(c.reason());
                respond(choice.id(), "DECLINED", code.name(), s.reason(), now, actor);
                fx.published.add(new MediationEvents.MediatorDeclined(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, choice.id(), choice.mediatorId(), code, s.reason()));
                fx.notices.add(new Notice(new Notice.RoleInArea("MEDIATOR", disputes.siteArea(d)),
                        "mediation.notice.declined", List.of(d.number, choice.mediatorName()), link, true));
                yield new Dispute.Step(s.action(), s.from(), s.to(), s.tier(), s.reason(), code + " " + s.detail());
            }
            case DisputeCommand.TakeUp c -> {
                Dispute.Step s = d.takeUp(actorName);
                fx.published.add(new MediationEvents.DisputeTakenUp(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, d.siteId));
                yield c.note() == null || c.note().isBlank() ? s
                        : new Dispute.Step(s.action(), s.from(), s.to(), s.tier(), c.note().strip(), s.detail());
            }
            case DisputeCommand.Escalate c -> move(d, true, c.siteId(), c.reason(), now, actor, fx);
            case DisputeCommand.HandDown c -> move(d, false, c.siteId(), c.reason(), now, actor, fx);
            case DisputeCommand.BookSession c -> {
                SessionBook.Booked b = sessions.book(d, c, now, actor);
                fx.published.add(new MediationEvents.SessionBooked(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, b.id(), c.roomId(), b.room() == null ? null : b.room().kind(), c.startsAt(),
                        c.endsAt()));
                yield d.sessionBooked("#" + b.id() + " " + (b.room() == null ? b.place()
                        : b.room().siteName() + " " + b.room().name()) + " " + MediationTime.FORMAT.format(c.startsAt()));
            }
            case DisputeCommand.HoldSession c -> {
                DisputeView.Session s = sessions.booked(c.sessionId(), d, parts);
                String record = MediationMenu.text(c.record(), "record of the session", 8000, true);
                String attendees = MediationMenu.text(c.attendees(), "attendees", 2000, true);
                int count = c.attendeeCount() != null ? c.attendeeCount()
                        : attendees.split("[,，、;；\\n]+").length;
                if (count < 1 || count > 10_000) {
                    throw new InvalidRequestException("Between 1 and 10000 people attend a session.");
                }
                sessions.held(s.id(), attendees, count, record, now, actor);
                fx.published.add(new MediationEvents.SessionHeld(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, s.id(), s.roomId(), s.roomKind(), count, d.mediatorId));
                fx.evaluate = true;
                fx.evaluateText = record;
                yield d.sessionHeld(record, "#" + s.id() + " · " + count + " · " + attendees);
            }
            case DisputeCommand.CancelSession c -> {
                DisputeView.Session s = sessions.booked(c.sessionId(), d, parts);
                Dispute.Step st = d.sessionCancelled(c.reason(), "#" + s.id());
                sessions.cancel(s.id(), st.reason(), now, actor);
                fx.published.add(new MediationEvents.SessionCancelled(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, s.id(), st.reason()));
                yield st;
            }
            case DisputeCommand.DraftAgreement c -> {
                long id = agreements.draft(d, c, p.agreement(), now, actor);
                fx.published.add(new MediationEvents.AgreementDrafted(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, id, c.partial(), c.performanceDeadline()));
                yield d.agreementDrafted(d.number + "-XY" + (c.partial() ? " (partial)" : ""));
            }
            case DisputeCommand.SignAgreement c -> sign(d, p, c.note(), now, actor, fx);
            case DisputeCommand.RecordOutcome c -> {
                Outcome o = Outcome.parse(c.outcome());
                Dispute.Step s = d.recordOutcome(o, c.reason(), now);
                agreements.voidDraft(d.id);
                ended(d, p, s.reason(), now, actor, fx);
                yield s;
            }
            case DisputeCommand.RecordPerformance c -> {
                Agreement a = p.agreement();
                boolean onTime = agreements.performance(a, c.performance(), c.note(), now, actor);
                String perf = c.performance().strip().toUpperCase(java.util.Locale.ROOT);
                fx.published.add(new MediationEvents.PerformanceRecorded(d.id, d.number, d.areaCode, d.type, d.tier,
                        now, actor, a.id(), perf, onTime));
                yield d.record(DisputeAction.RECORD_PERFORMANCE, blankToNull(c.note()), perf);
            }
            case DisputeCommand.CallBack c -> {
                Agreement a = p.agreement();
                String result = agreements.callBack(a, c.result(), c.note(), now, actor);
                fx.published.add(new MediationEvents.CallBackDone(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, a.id(), result, "HOLDING".equals(result)));
                if ("NOT_HOLDING".equals(result)) {
                    fx.notices.add(new Notice(new Notice.RoleInArea("LEADER", d.areaCode),
                            "mediation.notice.notHolding", args, link, true));
                }
                yield d.record(DisputeAction.CALL_BACK, blankToNull(c.note()), result);
            }
            case DisputeCommand.ApplyConfirmation c -> {
                Agreement a = p.agreement();
                RoleAssignments.Holder court = courtsFor(d.areaCode).stream()
                        .filter(h -> h.organisationId().equals(c.courtOrgId())).findFirst()
                        .orElseThrow(() -> new InvalidRequestException("No court liaison serves this area for"
                                + " organisation " + c.courtOrgId() + "; choose one of the courts offered."));
                if (a == null) {
                    throw new ConflictException("There is no signed agreement.");
                }
                agreements.apply(a, court.organisationId(), court.organisationName(), now, actor);
                long days = Duration.between(a.signedAt(), now).toDays();
                fx.published.add(new MediationEvents.ConfirmationApplied(d.id, d.number, d.areaCode, d.type, d.tier,
                        now, actor, a.id(), court.organisationId(), court.organisationName(), days));
                fx.notices.add(new Notice(new Notice.RoleInArea("COURT_LIAISON", d.areaCode),
                        "mediation.notice.confirmationApplied", List.of(d.number, court.organisationName()), link,
                        false));
                yield d.record(DisputeAction.APPLY_CONFIRMATION, blankToNull(c.note()), court.organisationName());
            }
            case DisputeCommand.CourtAccept c -> {
                Confirmation conf = p.confirmation().orElseThrow(() -> new ConflictException("Nobody applied."));
                String status = agreements.courtAccept(conf, c.accepted(), c.courtCaseNumber(), c.note(), now, actor);
                fx.published.add(new MediationEvents.ConfirmationDecided(d.id, d.number, d.areaCode, d.type, d.tier,
                        now, actor, p.agreement().id(), conf.courtOrgId(), status, blankToNull(c.courtCaseNumber())));
                fx.notices.add(new Notice(new Notice.RoleInArea("MEDIATOR", disputes.siteArea(d)),
                        "mediation.notice.court", List.of(d.number, status), link, false));
                yield d.record(DisputeAction.COURT_ACCEPT, blankToNull(c.note()), status
                        + (c.accepted() ? " " + c.courtCaseNumber().strip() : ""));
            }
            case DisputeCommand.CourtDecide c -> {
                Confirmation conf = p.confirmation().orElseThrow(() -> new ConflictException("Nobody applied."));
                String status = agreements.courtDecide(conf, c.confirmed(), c.note(), now, actor);
                fx.published.add(new MediationEvents.ConfirmationDecided(d.id, d.number, d.areaCode, d.type, d.tier,
                        now, actor, p.agreement().id(), conf.courtOrgId(), status, conf.courtCaseNumber()));
                fx.notices.add(new Notice(new Notice.RoleInArea("MEDIATOR", disputes.siteArea(d)),
                        "mediation.notice.court", List.of(d.number, status), link, false));
                yield d.record(DisputeAction.COURT_DECIDE, blankToNull(c.note()), status + " "
                        + conf.courtCaseNumber());
            }
            case DisputeCommand.Note c -> d.record(DisputeAction.NOTE,
                    MediationMenu.text(c.text(), "note", 4000, true), null);
            case DisputeCommand.AcknowledgeWarning c -> {
                EarlyWarnings.Warned w = warnings.acknowledge(c.warningId(), d.id, now, actor);
                fx.published.add(new MediationEvents.WarningAcknowledged(d.id, d.number, d.areaCode, d.type, d.tier,
                        now, actor, w.id(), w.ruleCode(), w.level(), !now.isAfter(w.ackDue())));
                yield d.record(DisputeAction.ACKNOWLEDGE_WARNING, blankToNull(c.note()), w.ruleCode());
            }
            case DisputeCommand.HandleWarning c -> {
                EarlyWarnings.Warned w = warnings.handle(c.warningId(), d.id, c.handling(), now, actor);
                fx.published.add(new MediationEvents.WarningHandled(d.id, d.number, d.areaCode, d.type, d.tier, now,
                        actor, w.id(), w.ruleCode(), w.level(), !now.isAfter(w.handleDue()), c.handling().strip()));
                yield d.record(DisputeAction.HANDLE_WARNING, c.handling().strip(), w.ruleCode());
            }
        };
    }

    /** The courts whose liaisons serve this area: where the parties may apply. */
    public List<RoleAssignments.Holder> courtsFor(String areaCode) {
        List<RoleAssignments.Holder> out = new ArrayList<>();
        for (RoleAssignments.Holder h : roles.holdersCovering("COURT_LIAISON", areaCode)) {
            if (h.organisationId() != null && out.stream().noneMatch(o -> o.organisationId()
                    .equals(h.organisationId()))) {
                out.add(h);
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A party (through staff or their link) chooses a mediator who serves the dispute's area. */
    Dispute.Step choose(Dispute d, DisputeParts.Parts p, long mediatorId, boolean byParty, Instant now, String actor,
                        Effects fx) {
        MediatorView m = menu.mediatorForSystem(mediatorId)
                .orElseThrow(() -> new InvalidRequestException("Unknown mediator " + mediatorId));
        if (m.retired() || "AWAY".equals(m.availability())) {
            throw new ConflictException(m.name() + " is not available now; choose another mediator.");
        }
        if (m.full()) {
            throw new ConflictException(m.name() + " has a full hand (" + m.open() + " disputes); choose another.");
        }
        if (menu.servingArea(d.areaCode).stream().noneMatch(x -> x.id() == mediatorId)) {
            throw new InvalidRequestException(m.name() + " does not serve the dispute's area.");
        }
        p.pendingChoice().ifPresent(old -> respond(old.id(), "WITHDRAWN", null, "another mediator was chosen", now,
                actor));
        List<Suggestion> suggested = disputes.suggestionsFor(d, 50);
        Optional<Suggestion> hit = suggested.stream().filter(s -> s.mediator().id() == mediatorId).findFirst();
        String why = hit.map(s -> s.reasons().stream().map(MenuViews.Reason::key)
                .map(k -> k.substring(k.lastIndexOf('.') + 1)).reduce((a, b) -> a + "," + b).orElse("")).orElse(null);
        long choiceId = jdbc.sql("""
                        insert into mediation_choice (dispute_id, mediator_id, tier, chosen_at, chosen_by, chosen_via,
                                                      suggested_rank, suggested_why, status)
                        values (?,?,?,?,?,?,?,?, 'PENDING') returning id""")
                .params(d.id, mediatorId, d.tier.name(), DisputeStore.ts(now), actor, byParty ? "PARTY" : "STAFF",
                        hit.map(Suggestion::rank).orElse(null), why)
                .query(Long.class).single();
        Dispute.Step s = d.chooseMediator(mediatorId, m.name());
        fx.published.add(new MediationEvents.MediatorChosen(d.id, d.number, d.areaCode, d.type, d.tier, now, actor,
                choiceId, mediatorId, m.kind(), m.siteId(), byParty, hit.map(Suggestion::rank).orElse(null)));
        Notice.Recipient to = m.personId() != null ? new Notice.Person(m.personId())
                : new Notice.RoleInArea("MEDIATOR", m.areaCode());
        fx.notices.add(new Notice(to, "mediation.notice.chosen", List.of(d.number, m.name()), "/mediation/" + d.id,
                true));
        return new Dispute.Step(s.action(), s.from(), s.to(), s.tier(), byParty ? "party" : null, s.detail());
    }

    /** The party's own choice through their link: no signed-in user, the link is their key. */
    @Transactional
    public void chooseByParty(long disputeId, long mediatorId, String client) {
        Dispute d = store.findForSystem(disputeId).orElseThrow();
        if (!DisputeAction.CHOOSE_MEDIATOR.allowedIn(d.state)) {
            throw new ConflictException("A mediator can be chosen only while the dispute waits for one.");
        }
        Instant now = now();
        Effects fx = new Effects();
        Dispute.Step s = choose(d, parts.of(d.id), mediatorId, true, now, client, fx);
        finish(d, s, fx, now, client);
    }

    private void respond(long choiceId, String status, String code, String reason, Instant now, String actor) {
        jdbc.sql("""
                        update mediation_choice set status = ?, responded_at = ?, responded_by = ?, decline_code = ?,
                          reason = ? where id = ? and status = 'PENDING'""")
                .params(status, DisputeStore.ts(now), actor, code, reason, choiceId).update();
    }

    private Dispute.Step move(Dispute d, boolean up, Long siteId, String reason, Instant now, String actor,
                              Effects fx) {
        if (up ? d.tier.highest() : d.tier.lowest()) {
            throw new ConflictException(up ? "Dispute " + d.number + " is at the county already."
                    : "Dispute " + d.number + " is at the lowest tier already.");
        }
        Tier target = up ? d.tier.above() : d.tier.below();
        Dispute.Site site;
        if (siteId != null) {
            SiteView s = menu.sitesFor(target, d.areaCode).stream().filter(x -> x.id() == siteId).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("Site " + siteId + " is not a site of tier "
                            + target + " serving this dispute."));
            site = new Dispute.Site(s.id(), s.name());
        } else {
            site = disputes.siteAt(target, d.areaCode);
        }
        Tier from = d.tier;
        DisputeParts.Parts p = parts.of(d.id);
        Instant due = tiers.due(target, now);
        Dispute.Step s = up ? d.escalate(site, reason, now, due) : d.handDown(site, reason, now, due);
        p.pendingChoice().ifPresent(c -> respond(c.id(), "WITHDRAWN", null, "moved to tier " + target, now, actor));
        sessions.cancelAll(d.id, "moved to tier " + target, now, actor);
        fx.published.add(new MediationEvents.DisputeTierChanged(d.id, d.number, d.areaCode, d.type, d.tier, now,
                actor, from, up, s.reason(), d.siteId, d.siteName, d.tierDue, d.escalations));
        fx.notices.add(new Notice(new Notice.RoleInArea("MEDIATOR", disputes.siteArea(d)),
                up ? "mediation.notice.escalated" : "mediation.notice.handedDown", List.of(d.number, d.title),
                "/mediation/" + d.id, up));
        if (up) {
            fx.notices.add(new Notice(new Notice.RoleInArea("DISPATCHER", disputes.siteArea(d)),
                    "mediation.notice.escalated", List.of(d.number, d.title), "/mediation/" + d.id, false));
        }
        fx.evaluate = true;
        return s;
    }

    private Dispute.Step sign(Dispute d, DisputeParts.Parts p, String note, Instant now, String actor, Effects fx) {
        Agreement a = p.agreement();
        if (a == null) {
            throw new ConflictException("Draft the written agreement first.");
        }
        long applicants = p.parties().stream().filter(x -> x.side().equals("APPLICANT")).count();
        if (applicants == 0 || p.parties().size() < 2) {
            throw new ConflictException("The agreement names the parties: add the applicant and the respondent"
                    + " first.");
        }
        AgreementBook.Signed signed = agreements.sign(a, now, actor);
        Dispute.Step s = d.agreementSigned(a.partial(), a.number(), now);
        fx.published.add(new MediationEvents.AgreementSigned(d.id, d.number, d.areaCode, d.type, d.tier, now, actor,
                a.id(), a.number(), a.partial(), d.amount, d.peopleInvolved, signed.confirmBy(),
                a.performanceDeadline(), signed.callbackDue()));
        ended(d, p, (a.partial() ? "部分达成调解协议 " : "达成调解协议 ") + a.number(), now, actor, fx);
        return note == null || note.isBlank() ? s
                : new Dispute.Step(s.action(), s.from(), s.to(), s.tier(), note.strip(), s.detail());
    }

    /** The dispute ended: withdraw what waits, tell the case it came from, publish the outcome. */
    private void ended(Dispute d, DisputeParts.Parts p, String summary, Instant now, String actor, Effects fx) {
        p.pendingChoice().ifPresent(c -> respond(c.id(), "WITHDRAWN", null, "the dispute ended", now, actor));
        sessions.cancelAll(d.id, "the dispute ended " + d.outcome, now, actor);
        fx.published.add(new MediationEvents.OutcomeRecorded(d.id, d.number, d.areaCode, d.type, d.tier, now, actor,
                d.outcome, d.outcome.resolved(), d.outcomeReason == null ? summary : d.outcomeReason, d.amount,
                d.peopleInvolved, d.mediatorId, d.siteId, d.registeredAt, d.escalations, d.caseId));
        if (d.caseId != null) {
            fx.published.add(new CaseEvents.MediationConcluded(d.caseId, d.outcome.resolved(),
                    d.number + " " + d.outcome + "：" + (d.outcomeReason == null ? summary : d.outcomeReason), now));
        }
        fx.notices.add(new Notice(new Notice.RoleInArea("MEDIATOR", disputes.siteArea(d)), "mediation.notice.ended",
                List.of(d.number, d.outcome.name()), "/mediation/" + d.id, false));
    }
}
