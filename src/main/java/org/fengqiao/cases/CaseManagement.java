package org.fengqiao.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.intake.Photos;
import org.fengqiao.intake.ReportDecided;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.ReportView;
import org.fengqiao.intake.Reports;
import org.fengqiao.people.Organisations;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The case workflow's facade: accept, reject or merge reports, and every step of a case. Each step is allowed only
 * when one of the user's role assignments grants it and covers the case ({@link AccessPolicy},
 * {@link CasePermission}); data scope is in the queries; every step lands on the timeline and the audit trail and
 * publishes a past-tense event ({@link CaseEvents}) in the same transaction — the report statuses, the public
 * tracking view, Open311, notices and dashboards are fed from those events after commit.
 */
@Service
public class CaseManagement {

    private final CaseFiles files;
    private final CaseDispatches dispatches;
    private final CategoryCatalogue catalogue;
    private final CalendarStore calendar;
    private final Reports reports;
    private final Photos photos;
    private final Organisations organisations;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CaseManagement(CaseFiles files, CaseDispatches dispatches, CategoryCatalogue catalogue, CalendarStore calendar,
                   Reports reports, Photos photos, Organisations organisations, AccessPolicy policy,
                   AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
        this.files = files;
        this.dispatches = dispatches;
        this.catalogue = catalogue;
        this.calendar = calendar;
        this.reports = reports;
        this.photos = photos;
        this.organisations = organisations;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    // ---- reports: accept (立案), reject, merge ----

    /** A pending report the user may decide on: readable (404 otherwise) and covered by a triage assignment. */
    private ReportView pendingReport(long reportId, CurrentUser.User u) {
        ReportView r = reports.find(reportId, policy.scope(u, CasePermission.READ));
        policy.check(u, CasePermission.TRIAGE, r.areaCode(), null);
        if (r.status() != ReportStatus.PENDING) {
            throw new ConflictException("Report " + reportId + " was already decided (" + r.status() + ")");
        }
        return r;
    }

    /** Accepts a report as a new case; the category may be corrected on the way. */
    @Transactional
    public CaseView accept(long reportId, String categoryCode, String note) {
        CurrentUser.User u = CurrentUser.require();
        ReportView r = pendingReport(reportId, u);
        Category category = catalogue.require(categoryCode == null || categoryCode.isBlank()
                ? r.categoryCode() : categoryCode);
        Instant now = now();
        CaseFile c = CaseFile.open(files.nextNumber(r.areaCode(), now), category.code(), r.description(),
                r.areaCode(), category.dispute(), r.id(), now, u.username());
        long id = files.insert(c);
        files.decide(reportId, "ACCEPTED", id, note, now, u.username());
        files.append(id, c.openedStep(), u.username(), now);
        audit.record("CASE_OPEN", "case:" + c.number, "report " + reportId, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new CaseEvents.CaseOpened(id, c.number, c.areaCode, c.categoryCode, now, u.username(),
                c.state, c.dispute, c.description, reportId, r.channel().name(), r.receivedAt(),
                r.acceptDue() == null || !now.isAfter(r.acceptDue())));
        events.publishEvent(new ReportDecided(reportId, ReportStatus.ACCEPTED, id, c.number, note, now,
                u.username()));
        return view(c, u);
    }

    @Transactional
    public void reject(long reportId, String reason) {
        CurrentUser.User u = CurrentUser.require();
        ReportView r = pendingReport(reportId, u);
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("Say why the report is not accepted");
        }
        Instant now = now();
        files.decide(reportId, "REJECTED", null, reason.strip(), now, u.username());
        audit.record("REPORT_REJECT", "report:" + reportId, reason.strip(), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new CaseEvents.ReportRejected(reportId, r.areaCode(), r.categoryCode(), now,
                u.username(), reason.strip()));
        events.publishEvent(new ReportDecided(reportId, ReportStatus.REJECTED, null, null, reason.strip(), now,
                u.username()));
    }

    /** Merges a report into an existing case as a duplicate. */
    @Transactional
    public CaseView merge(long reportId, long caseId) {
        CurrentUser.User u = CurrentUser.require();
        pendingReport(reportId, u);
        CaseFile c = load(caseId, u);
        policy.check(u, CasePermission.TRIAGE, c.areaCode, null);
        Instant now = now();
        CaseFile.Step step = c.mergeReport(reportId);
        files.decide(reportId, "MERGED", caseId, "duplicate of " + c.number, now, u.username());
        files.save(c);
        files.append(c.id, step, u.username(), now);
        audit.record("REPORT_MERGE", "case:" + c.number, "report " + reportId, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new CaseEvents.ReportMerged(c.id, c.number, c.areaCode, c.categoryCode, now,
                u.username(), c.state, reportId));
        events.publishEvent(new ReportDecided(reportId, ReportStatus.MERGED, c.id, c.number,
                "duplicate of " + c.number, now, u.username()));
        return view(c, u);
    }

    // ---- the case ----

    public CaseView find(long caseId) {
        CurrentUser.User u = CurrentUser.require();
        return view(load(caseId, u), u);
    }

    private CaseFile load(long caseId, CurrentUser.User u) {
        return files.find(caseId, CaseVisibility.of(u))
                .orElseThrow(() -> new NotFoundException("No case " + caseId + " in your area"));
    }

    /**
     * Does one step. {@code expectedVersion} is the version the user saw; when someone changed the case since, the
     * step is refused (409) rather than applied to a case the user has not seen.
     */
    @Transactional
    public CaseView act(long caseId, Integer expectedVersion, CaseCommand command) {
        CurrentUser.User u = CurrentUser.require();
        CaseFile c = load(caseId, u);
        if (expectedVersion != null && expectedVersion != c.version) {
            throw new ConflictException("Case " + c.number
                    + " was changed by someone else since you opened it; reload and try again.");
        }
        if (!command.action().allowedIn(c.state)) {
            throw new ConflictException("Case " + c.number + " is " + c.state + "; " + command.action()
                    + " is only possible when it is " + command.action().allowedFrom());
        }
        if (!permitted(u, c, command.action())) {
            throw new org.springframework.security.access.AccessDeniedException("None of your role assignments"
                    + " allows " + command.action() + " on case " + c.number);
        }
        Instant now = now();
        CaseFile.Deadlines d = deadlines(c.categoryCode);
        CaseEventsOf.Before before = CaseEventsOf.before(c);
        CaseFile.Step step = switch (command) {
            case CaseCommand.Dispatch cmd -> {
                Organisations.Department lead = department(cmd.leadOrgId());
                cmd.assistOrgIds().forEach(this::department);
                CaseFile.Step s = c.dispatch(cmd.leadOrgId(), lead.name(), cmd.assistOrgIds(), cmd.note(), now, d);
                dispatches.dispatched(c.id, lead, cmd.assistOrgIds().stream().map(this::department).toList(), now,
                        u.username());
                yield s;
            }
            case CaseCommand.Sign cmd -> {
                dispatches.signed(c.id, now, u.username());
                yield c.sign(now);
            }
            case CaseCommand.Return cmd -> {
                CaseFile.Step s = c.returnIt(cmd.reason());
                dispatches.returned(c.id, now, u.username(), s.reason());
                yield s;
            }
            case CaseCommand.Note cmd -> c.note(cmd.text(), attach(cmd.photos(), c, u));
            case CaseCommand.Feedback cmd -> c.feedback(cmd.text(), attach(cmd.photos(), c, u), now, d);
            case CaseCommand.Verify cmd -> {
                List<UUID> ph = attach(cmd.photos(), c, u);
                yield cmd.passed() ? c.verifyPass(cmd.reason(), ph, now, u.username())
                        : c.verifyFail(cmd.reason(), ph);
            }
            case CaseCommand.RequestExtension cmd -> {
                DeadlineRule extra = new DeadlineRule(cmd.amount(), cmd.unit());
                CaseFile.Step s = c.requestExtension(extra, cmd.reason());
                dispatches.extensionRequested(c.id, now, u.username(), extra, s.reason(), c.handleDue);
                yield s;
            }
            case CaseCommand.DecideExtension cmd -> {
                CaseDispatches.PendingExtension ext = dispatches.pendingExtension(c.id)
                        .orElseThrow(() -> new ConflictException("Case " + c.number
                                + " has no extension request waiting"));
                Instant base = c.handleDue == null ? now : c.handleDue;
                Instant newDue = calendar.calendar().deadline(base, DeadlineRule.parse(ext.amount(), ext.unit()));
                CaseFile.Step s = c.decideExtension(cmd.approve(), newDue, cmd.reason());
                dispatches.extensionDecided(ext.id(), cmd.approve(), now, u.username(), cmd.reason(),
                        cmd.approve() ? newDue : null);
                yield s;
            }
            case CaseCommand.Backlog cmd -> c.backlog(cmd.reason());
            case CaseCommand.Resume cmd -> c.resume(cmd.note());
            case CaseCommand.Escalate cmd -> {
                CaseFile.Step s = c.escalate(cmd.reason());
                dispatches.deactivate(c.id);
                yield s;
            }
            case CaseCommand.Supervise cmd -> c.supervise(cmd.reason(), u.username(), now, null);
            case CaseCommand.Urge cmd -> c.urge(cmd.note(), now);
            case CaseCommand.ReferToMediation cmd -> c.referToMediation(cmd.reason());
            case CaseCommand.Close cmd -> c.closeDirectly(cmd.reason(), now, u.username());
            case CaseCommand.Rate cmd -> c.rate(cmd.rating(), cmd.note(), now, u.username());
            case CaseCommand.Reopen cmd -> {
                CaseFile.Step s = c.reopen(cmd.reason());
                dispatches.deactivate(c.id);
                yield s;
            }
        };
        boolean shownToPublic = command instanceof CaseCommand.Note n && n.shownToPublic();
        files.save(c);
        files.append(c.id, step, u.username(), now, shownToPublic);
        audit.record("CASE_" + step.action().name(), "case:" + c.number, step.reason(), AuditTrail.Outcome.SUCCESS);
        CaseEventsOf.publish(events, c, step, before, u.username(), now, shownToPublic, false);
        return view(c, u);
    }

    /** The system's own steps (the sweeper's supervision, a mediation outcome): no user, no scope. */
    @Transactional
    void actAsSystem(long caseId, java.util.function.Function<CaseFile, CaseFile.Step> change) {
        CaseFile c = files.findForSystem(caseId).orElseThrow(() -> new NotFoundException("No case " + caseId));
        Instant now = now();
        CaseEventsOf.Before before = CaseEventsOf.before(c);
        CaseFile.Step step = change.apply(c);
        String actor = step.action() == CaseAction.MEDIATION_CONCLUDED ? "mediation" : "system";
        files.save(c);
        files.append(c.id, step, actor, now);
        CaseEventsOf.publish(events, c, step, before, actor, now, false, false);
    }

    /** How a public reporter's 1–5 stars map to the callback scale: 4–5 satisfied, 3 basically, 1–2 dissatisfied. */
    static String ratingOfStars(int stars) {
        if (stars < 1 || stars > 5) {
            throw new InvalidRequestException("A rating has 1 to 5 stars");
        }
        return stars >= 4 ? "SATISFIED" : stars == 3 ? "BASICALLY_SATISFIED" : "DISSATISFIED";
    }

    /**
     * The reporter rated their closed case themselves (the public tracking page). The rule, once per case: the
     * reporter's own rating IS the callback rating (回访评价) when staff have not recorded one yet — it becomes the
     * case's satisfaction rating, counted in 满意率 like a callback, and staff then no longer rate (409 "already
     * rated"). When staff already recorded a callback rating, or the case is not closed, the reporter's rating only
     * lands on the timeline as an internal note and the case's rating stays as it was. Called by public channels,
     * which hold the tracking code for the case; {@code client} (e.g. "qr:7KQ2M…") is the timeline's actor.
     *
     * @return whether it became the case's rating
     */
    @Transactional
    public boolean recordReporterRating(long caseId, int stars, String comment, String client) {
        String value = ratingOfStars(stars);
        CaseFile c = files.findForSystem(caseId).orElseThrow(() -> new NotFoundException("No case " + caseId));
        Instant now = now();
        String text = "★" + stars + (comment == null || comment.isBlank() ? "" : " " + comment.strip());
        boolean counted = c.state == CaseState.CLOSED && c.rating == null;
        CaseEventsOf.Before before = CaseEventsOf.before(c);
        CaseFile.Step step = counted ? c.rate(value, text, now, client)
                : c.note("reporter's own rating, not counted (" + (c.rating != null ? "already rated " + c.rating
                        : "case " + c.state) + "): " + text, List.of());
        files.save(c);
        files.append(c.id, step, client, now);
        audit.record(client, "CASE_REPORTER_RATING", "case:" + c.number, value + (counted ? "" : " (not counted)"),
                AuditTrail.Outcome.SUCCESS);
        CaseEventsOf.publish(events, c, step, before, client, now, false, true);
        return counted;
    }

    /**
     * A note from a partner system (an Open311 client's update) on the case's timeline: internal, never public,
     * attributed to the client (e.g. "open311:3"). Nothing else about the case changes.
     */
    @Transactional
    public void recordClientNote(long caseId, String client, String text) {
        CaseFile c = files.findForSystem(caseId).orElseThrow(() -> new NotFoundException("No case " + caseId));
        Instant now = now();
        CaseEventsOf.Before before = CaseEventsOf.before(c);
        CaseFile.Step step = c.note(text, List.of());
        files.save(c);
        files.append(c.id, step, client, now, false);
        audit.record(client, "CASE_CLIENT_NOTE", "case:" + c.number, null, AuditTrail.Outcome.SUCCESS);
        CaseEventsOf.publish(events, c, step, before, client, now, false, false);
    }

    CaseFile.Deadlines deadlines(String categoryCode) {
        Category cat = catalogue.find(categoryCode)
                .orElseThrow(() -> new IllegalStateException("category " + categoryCode + " vanished"));
        WorkingCalendar cal = calendar.calendar();
        return new CaseFile.Deadlines() {
            public Instant sign(Instant from) {
                return cal.deadline(from, cat.sign());
            }

            public Instant handle(Instant from) {
                return cal.deadline(from, cat.handle());
            }

            public Instant verify(Instant from) {
                return cal.deadline(from, cat.verify());
            }
        };
    }

    private List<UUID> attach(List<UUID> ids, CaseFile c, CurrentUser.User u) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > 9) {
            throw new InvalidRequestException("At most 9 photos per step");
        }
        photos.attach(ids, c.areaCode, u.username());
        return ids;
    }

    /** An active department, or a 400 naming the unknown id. */
    private Organisations.Department department(long orgId) {
        return organisations.department(orgId)
                .orElseThrow(() -> new InvalidRequestException("Unknown department " + orgId));
    }

    /** Departments the center may dispatch a case in this area to: at its county or along its path. */
    public List<Organisations.Department> departmentsFor(String areaCode) {
        return organisations.departmentsAlong(areaCode);
    }

    /**
     * May the user take this step on this case? One assignment must grant the step's permission and cover the case;
     * for a department's steps it must also be for the lead department (a note: the lead or an assisting one). The
     * state rules are the aggregate's (a wrong state still answers 409, not 403).
     */
    boolean permitted(CurrentUser.User u, CaseFile c, CaseAction a) {
        return switch (a) {
            case MEDIATION_CONCLUDED -> false;
            case SIGN, RETURN, FEEDBACK, REQUEST_EXTENSION ->
                    c.leadOrgId != null && policy.allows(u, CasePermission.HANDLE, c.areaCode, c.leadOrgId);
            case NOTE -> policy.allows(u, CasePermission.NOTE, c.areaCode)
                    || (c.leadOrgId != null && policy.allows(u, CasePermission.NOTE_AS_DEPARTMENT, c.areaCode,
                    c.leadOrgId))
                    || c.assistOrgIds.stream().anyMatch(o -> policy.allows(u, CasePermission.NOTE_AS_DEPARTMENT,
                    c.areaCode, o));
            default -> policy.allows(u, CasePermission.of(a), c.areaCode);
        };
    }

    /** The organisations the user handles cases for, with a handler assignment (for their worklists). */
    List<Long> orgsOf(CurrentUser.User u) {
        return policy.organisations(u, CasePermission.HANDLE);
    }

    CaseView view(CaseFile c, CurrentUser.User u) {
        Set<CaseAction> allowed = EnumSet.noneOf(CaseAction.class);
        for (CaseAction a : CaseAction.values()) {
            if (a == CaseAction.OPEN || a == CaseAction.MERGE_REPORT || a == CaseAction.MEDIATION_CONCLUDED
                    || !a.allowedIn(c.state) || !permitted(u, c, a)) {
                continue;
            }
            if ((a == CaseAction.APPROVE_EXTENSION || a == CaseAction.REFUSE_EXTENSION) && !c.extensionPending) {
                continue;
            }
            if (a == CaseAction.REQUEST_EXTENSION && c.extensionPending) {
                continue;
            }
            if (a == CaseAction.RATE && c.rating != null) {
                continue;
            }
            if (a == CaseAction.ESCALATE && "COUNTY".equals(c.handlingLevel)) {
                continue;
            }
            allowed.add(a);
        }
        return CaseView.of(c, now(), allowed);
    }

    /**
     * One entry of a case's timeline.
     *
     * @param shownToPublic a note staff marked public (the tracking page and Open311 show only these notes)
     */
    public record TimelineEntry(long id, Instant at, String actor, String action, String fromState, String toState,
                                String reason, String detail, List<UUID> photoIds, boolean shownToPublic) {
    }

    public List<TimelineEntry> timeline(long caseId) {
        CurrentUser.User u = CurrentUser.require();
        load(caseId, u);
        return files.timeline(caseId);
    }

    /** The reports belonging to a case (accepted and merged), as intake knows them from the case events. */
    public List<ReportView> reportsOf(long caseId) {
        CurrentUser.User u = CurrentUser.require();
        load(caseId, u);
        return reports.ofCase(caseId, policy.scope(u, CasePermission.READ));
    }
}
