package org.fengqiao.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.intake.Photos;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.ReportView;
import org.fengqiao.intake.Reports;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The case workflow's facade: accept, reject or merge reports, and every step of a case. Permissions are checked
 * here, data scope in the queries; every step lands on the timeline and the audit trail, and notices go to the
 * outbox in the same transaction.
 */
@Service
public class CaseManagement {

    static final Set<String> CENTER = Set.of("INTAKE_CLERK", "DISPATCHER", "SHIFT_LEAD", "LEADER");
    static final Set<String> DISPATCHERS = Set.of("DISPATCHER", "SHIFT_LEAD", "LEADER");
    static final Set<String> LEADS = Set.of("SHIFT_LEAD", "LEADER");
    static final Set<String> FIELD = Set.of("GRID_WORKER", "COMMUNITY_POLICE");
    static final Set<CaseAction> DEPARTMENT_ACTIONS = EnumSet.of(CaseAction.SIGN, CaseAction.RETURN,
            CaseAction.FEEDBACK, CaseAction.REQUEST_EXTENSION);

    private final CaseFiles files;
    private final CategoryCatalogue catalogue;
    private final CalendarStore calendar;
    private final Reports reports;
    private final Photos photos;
    private final Notifications notifications;
    private final RoleAssignments assignments;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;

    CaseManagement(CaseFiles files, CategoryCatalogue catalogue, CalendarStore calendar, Reports reports,
                   Photos photos, Notifications notifications, RoleAssignments assignments, AuditTrail audit,
                   ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
        this.files = files;
        this.catalogue = catalogue;
        this.calendar = calendar;
        this.reports = reports;
        this.photos = photos;
        this.notifications = notifications;
        this.assignments = assignments;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static CurrentUser.User user() {
        return CurrentUser.get().orElseThrow(() -> new AccessDeniedException("not signed in"));
    }

    private static void requireAny(CurrentUser.User u, Set<String> roles, String what) {
        if (u.roles().stream().noneMatch(roles::contains)) {
            throw new AccessDeniedException("Your roles may not " + what);
        }
    }

    /** Organisations the user handles cases for (as DEPARTMENT_HANDLER). */
    List<Long> orgsOf(CurrentUser.User u) {
        if (!u.hasRole("DEPARTMENT_HANDLER")) {
            return List.of();
        }
        return assignments.activeOf(u.personId()).stream()
                .filter(a -> "DEPARTMENT_HANDLER".equals(a.role()) && a.organisationId() != null)
                .map(RoleAssignments.Assignment::organisationId).distinct().toList();
    }

    // ---- reports: accept (立案), reject, merge ----

    /** Accepts a report as a new case; the category may be corrected on the way. */
    @Transactional
    public CaseView accept(long reportId, String categoryCode, String note) {
        CurrentUser.User u = user();
        requireAny(u, CENTER, "accept reports");
        ReportView r = reports.find(reportId, u.scope());
        Category category = catalogue.require(categoryCode == null || categoryCode.isBlank()
                ? r.categoryCode() : categoryCode);
        Instant now = now();
        CaseFile c = CaseFile.open(files.nextNumber(r.areaCode(), now), category.code(), r.description(),
                r.areaCode(), category.dispute(), r.id(), now, u.username());
        long id = files.insert(c);
        reports.decide(reportId, ReportStatus.ACCEPTED, id, note);
        files.append(id, c.openedStep(), u.username(), now);
        audit.record("CASE_OPEN", "case:" + c.number, "report " + reportId, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new CaseEvents.CaseOpened(id, c.number, c.categoryCode, c.areaCode, c.dispute,
                reportId));
        return view(c, u);
    }

    @Transactional
    public void reject(long reportId, String reason) {
        CurrentUser.User u = user();
        requireAny(u, CENTER, "reject reports");
        reports.find(reportId, u.scope());
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("Say why the report is not accepted");
        }
        reports.decide(reportId, ReportStatus.REJECTED, null, reason.strip());
        audit.record("REPORT_REJECT", "report:" + reportId, reason.strip(), AuditTrail.Outcome.SUCCESS);
    }

    /** Merges a report into an existing case as a duplicate. */
    @Transactional
    public CaseView merge(long reportId, long caseId) {
        CurrentUser.User u = user();
        requireAny(u, CENTER, "merge reports");
        reports.find(reportId, u.scope());
        CaseFile c = load(caseId, u);
        Instant now = now();
        CaseFile.Step step = c.mergeReport(reportId);
        reports.decide(reportId, ReportStatus.MERGED, caseId, "duplicate of " + c.number);
        files.save(c);
        files.append(c.id, step, u.username(), now);
        audit.record("REPORT_MERGE", "case:" + c.number, "report " + reportId, AuditTrail.Outcome.SUCCESS);
        return view(c, u);
    }

    // ---- the case ----

    public CaseView find(long caseId) {
        CurrentUser.User u = user();
        return view(load(caseId, u), u);
    }

    private CaseFile load(long caseId, CurrentUser.User u) {
        return files.find(caseId, u.scope())
                .orElseThrow(() -> new NotFoundException("No case " + caseId + " in your area"));
    }

    /**
     * Does one step. {@code expectedVersion} is the version the user saw; when someone changed the case since, the
     * step is refused (409) rather than applied to a case the user has not seen.
     */
    @Transactional
    public CaseView act(long caseId, Integer expectedVersion, CaseCommand command) {
        CurrentUser.User u = user();
        CaseFile c = load(caseId, u);
        if (expectedVersion != null && expectedVersion != c.version) {
            throw new org.fengqiao.platform.ConflictException("Case " + c.number
                    + " was changed by someone else since you opened it; reload and try again.");
        }
        if (!command.action().allowedIn(c.state)) {
            throw new org.fengqiao.platform.ConflictException("Case " + c.number + " is " + c.state + "; "
                    + command.action() + " is only possible when it is " + command.action().allowedFrom());
        }
        checkPermission(u, c, command.action());
        Instant now = now();
        CaseFile.Deadlines d = deadlines(c.categoryCode);
        List<Notice> notices = new ArrayList<>();
        String link = "/cases/" + c.id;
        List<String> args = List.of(c.number);
        CaseFile.Step step = switch (command) {
            case CaseCommand.Dispatch cmd -> {
                String lead = departmentName(cmd.leadOrgId());
                cmd.assistOrgIds().forEach(this::departmentName);
                CaseFile.Step s = c.dispatch(cmd.leadOrgId(), lead, cmd.assistOrgIds(), cmd.note(), now, d);
                jdbc.sql("update case_dispatch set active = false where case_id = ? and active").param(c.id).update();
                insertDispatch(c.id, cmd.leadOrgId(), lead, "LEAD", now, u.username());
                notices.add(new Notice(new Notice.Organisation(cmd.leadOrgId()), "cases.notice.dispatched", args,
                        link, true));
                for (Long a : cmd.assistOrgIds()) {
                    insertDispatch(c.id, a, departmentName(a), "ASSIST", now, u.username());
                    notices.add(new Notice(new Notice.Organisation(a), "cases.notice.assist", args, link, false));
                }
                events.publishEvent(new CaseEvents.CaseDispatched(c.id, c.number, cmd.leadOrgId(), c.areaCode));
                yield s;
            }
            case CaseCommand.Sign cmd -> {
                jdbc.sql("""
                                update case_dispatch set signed_at = ?, signed_by = ?
                                where case_id = ? and role = 'LEAD' and active""")
                        .params(CaseFiles.ts(now), u.username(), c.id).update();
                yield c.sign(now);
            }
            case CaseCommand.Return cmd -> {
                CaseFile.Step s = c.returnIt(cmd.reason());
                jdbc.sql("""
                                update case_dispatch set returned_at = ?, returned_by = ?, return_reason = ?,
                                  active = false where case_id = ? and active""")
                        .params(CaseFiles.ts(now), u.username(), s.reason(), c.id).update();
                notices.add(new Notice(new Notice.RoleInArea("DISPATCHER", c.areaCode), "cases.notice.returned",
                        args, link, false));
                yield s;
            }
            case CaseCommand.Note cmd -> c.note(cmd.text(), attach(cmd.photos(), c, u));
            case CaseCommand.Feedback cmd -> {
                CaseFile.Step s = c.feedback(cmd.text(), attach(cmd.photos(), c, u), now, d);
                notices.add(new Notice(new Notice.RoleInArea("GRID_WORKER", c.areaCode), "cases.notice.toVerify",
                        args, link, false));
                notices.add(new Notice(new Notice.RoleInArea("DISPATCHER", c.areaCode), "cases.notice.toVerify",
                        args, link, false));
                yield s;
            }
            case CaseCommand.Verify cmd -> {
                List<UUID> ph = attach(cmd.photos(), c, u);
                CaseFile.Step s = cmd.passed() ? c.verifyPass(cmd.reason(), ph, now, u.username())
                        : c.verifyFail(cmd.reason(), ph);
                if (c.leadOrgId != null) {
                    notices.add(new Notice(new Notice.Organisation(c.leadOrgId),
                            cmd.passed() ? "cases.notice.closed" : "cases.notice.rework", args, link, !cmd.passed()));
                }
                if (cmd.passed()) {
                    events.publishEvent(new CaseEvents.CaseClosed(c.id, c.number, c.closingKind, c.areaCode));
                }
                yield s;
            }
            case CaseCommand.RequestExtension cmd -> {
                DeadlineRule extra = new DeadlineRule(cmd.amount(), cmd.unit());
                CaseFile.Step s = c.requestExtension(extra, cmd.reason());
                jdbc.sql("""
                                insert into case_extension (case_id, requested_at, requested_by, amount, unit, reason,
                                                            status, old_due)
                                values (?,?,?,?,?,?, 'PENDING', ?)""")
                        .params(c.id, CaseFiles.ts(now), u.username(), extra.amount(), extra.unit().name(),
                                s.reason(), CaseFiles.ts(c.handleDue)).update();
                notices.add(new Notice(new Notice.RoleInArea("SHIFT_LEAD", c.areaCode), "cases.notice.extension",
                        args, link, false));
                yield s;
            }
            case CaseCommand.DecideExtension cmd -> {
                record Ext(long id, int amount, String unit) {
                }
                Ext ext = jdbc.sql("""
                                select id, amount, unit from case_extension where case_id = ? and status = 'PENDING'
                                order by id desc limit 1""")
                        .param(c.id).query(Ext.class).optional()
                        .orElseThrow(() -> new org.fengqiao.platform.ConflictException(
                                "Case " + c.number + " has no extension request waiting"));
                Instant base = c.handleDue == null ? now : c.handleDue;
                Instant newDue = calendar.calendar().deadline(base, DeadlineRule.parse(ext.amount(), ext.unit()));
                CaseFile.Step s = c.decideExtension(cmd.approve(), newDue, cmd.reason());
                jdbc.sql("""
                                update case_extension set status = ?, decided_at = ?, decided_by = ?,
                                  decision_reason = ?, new_due = ? where id = ?""")
                        .params(cmd.approve() ? "APPROVED" : "REFUSED", CaseFiles.ts(now), u.username(),
                                cmd.reason(), cmd.approve() ? CaseFiles.ts(newDue) : null, ext.id()).update();
                if (c.leadOrgId != null) {
                    notices.add(new Notice(new Notice.Organisation(c.leadOrgId), cmd.approve()
                            ? "cases.notice.extensionApproved" : "cases.notice.extensionRefused", args, link, false));
                }
                yield s;
            }
            case CaseCommand.Backlog cmd -> c.backlog(cmd.reason());
            case CaseCommand.Resume cmd -> c.resume(cmd.note());
            case CaseCommand.Escalate cmd -> {
                CaseFile.Step s = c.escalate(cmd.reason());
                jdbc.sql("update case_dispatch set active = false where case_id = ? and active").param(c.id).update();
                notices.add(new Notice(new Notice.RoleInArea("DISPATCHER", c.areaCode.substring(0, 6)),
                        "cases.notice.escalated", args, link, true));
                yield s;
            }
            case CaseCommand.Supervise cmd -> {
                CaseFile.Step s = c.supervise(cmd.reason(), u.username(), now, null);
                if (c.leadOrgId != null) {
                    notices.add(new Notice(new Notice.Organisation(c.leadOrgId), "cases.notice.supervised", args,
                            link, true));
                }
                yield s;
            }
            case CaseCommand.Urge cmd -> {
                CaseFile.Step s = c.urge(cmd.note(), now);
                if (c.leadOrgId != null) {
                    notices.add(new Notice(new Notice.Organisation(c.leadOrgId), "cases.notice.urged", args, link,
                            true));
                }
                yield s;
            }
            case CaseCommand.ReferToMediation cmd -> {
                CaseFile.Step s = c.referToMediation(cmd.reason());
                events.publishEvent(new CaseEvents.CaseReferredToMediation(c.id, c.number, c.categoryCode,
                        c.areaCode, c.description, s.reason()));
                yield s;
            }
            case CaseCommand.Close cmd -> {
                CaseFile.Step s = c.closeDirectly(cmd.reason(), now, u.username());
                events.publishEvent(new CaseEvents.CaseClosed(c.id, c.number, c.closingKind, c.areaCode));
                yield s;
            }
            case CaseCommand.Rate cmd -> c.rate(cmd.rating(), cmd.note(), now, u.username());
        };
        files.save(c);
        files.append(c.id, step, u.username(), now,
                command instanceof CaseCommand.Note n && n.shownToPublic());
        notifications.enqueueAll(notices);
        audit.record("CASE_" + step.action().name(), "case:" + c.number, step.reason(), AuditTrail.Outcome.SUCCESS);
        return view(c, u);
    }

    /** The system's own steps (the sweeper's supervision, a mediation outcome): no user, no scope. */
    @Transactional
    void actAsSystem(long caseId, java.util.function.Function<CaseFile, CaseFile.Step> change, List<Notice> notices) {
        CaseFile c = files.findForSystem(caseId).orElseThrow(() -> new NotFoundException("No case " + caseId));
        Instant now = now();
        CaseFile.Step step = change.apply(c);
        files.save(c);
        files.append(c.id, step, "system", now);
        if (notices != null) {
            notifications.enqueueAll(notices);
        }
        if (c.state == CaseState.CLOSED && step.action() == CaseAction.MEDIATION_CONCLUDED) {
            events.publishEvent(new CaseEvents.CaseClosed(c.id, c.number, c.closingKind, c.areaCode));
        }
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
        CaseFile.Step step = counted ? c.rate(value, text, now, client)
                : c.note("reporter's own rating, not counted (" + (c.rating != null ? "already rated " + c.rating
                        : "case " + c.state) + "): " + text, List.of());
        files.save(c);
        files.append(c.id, step, client, now);
        audit.record(client, "CASE_REPORTER_RATING", "case:" + c.number, value + (counted ? "" : " (not counted)"),
                AuditTrail.Outcome.SUCCESS);
        return counted;
    }

    /**
     * A note from a partner system (an Open311 client's update) on the case's timeline: internal, never public,
     * attributed to the client (e.g. "open311:3"). Nothing else about the case changes.
     */
    @Transactional
    public void recordClientNote(long caseId, String client, String text) {
        CaseFile c = files.findForSystem(caseId).orElseThrow(() -> new NotFoundException("No case " + caseId));
        CaseFile.Step step = c.note(text, List.of());
        files.save(c);
        files.append(c.id, step, client, now(), false);
        audit.record(client, "CASE_CLIENT_NOTE", "case:" + c.number, null, AuditTrail.Outcome.SUCCESS);
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

    private void insertDispatch(long caseId, long org, String name, String role, Instant now, String actor) {
        jdbc.sql("""
                        insert into case_dispatch (case_id, org_id, org_name, role, dispatched_at, dispatched_by)
                        values (?,?,?,?,?,?)""")
                .params(caseId, org, name, role, CaseFiles.ts(now), actor).update();
    }

    /** An active department's name, or a 400 naming the unknown id. */
    String departmentName(long orgId) {
        return jdbc.sql("select name from organisation where id = ? and kind = 'DEPARTMENT' and retired_at is null")
                .param(orgId).query(String.class).optional()
                .orElseThrow(() -> new InvalidRequestException("Unknown department " + orgId));
    }

    /** A department the center may dispatch to. */
    public record Department(long id, String code, String name, String areaCode) {
    }

    /** Departments at the case's county or along its area's path. */
    public List<Department> departmentsFor(String areaCode) {
        return jdbc.sql("""
                        select id, code, name, area_code from organisation
                        where kind = 'DEPARTMENT' and retired_at is null and ? like area_code || '%'
                        order by length(area_code), name""")
                .param(areaCode).query(Department.class).list();
    }

    private void checkPermission(CurrentUser.User u, CaseFile c, CaseAction a) {
        if (!permitted(u, c, a, orgsOf(u))) {
            throw new AccessDeniedException("Your roles may not " + a + " this case");
        }
    }

    /** Role rules; the state rules are the aggregate's (so a wrong state still answers 409, not 403). */
    boolean permitted(CurrentUser.User u, CaseFile c, CaseAction a, List<Long> myOrgs) {
        boolean lead = c.leadOrgId != null && myOrgs.contains(c.leadOrgId);
        return switch (a) {
            case OPEN, MERGE_REPORT -> has(u, CENTER);
            case DISPATCH, URGE, ESCALATE, REFER_TO_MEDIATION -> has(u, DISPATCHERS);
            case SIGN, RETURN, FEEDBACK, REQUEST_EXTENSION -> lead;
            case NOTE -> has(u, CENTER) || has(u, FIELD) || lead
                    || c.assistOrgIds.stream().anyMatch(myOrgs::contains);
            case VERIFY_PASS, VERIFY_FAIL -> has(u, CENTER) || has(u, FIELD);
            case APPROVE_EXTENSION, REFUSE_EXTENSION, BACKLOG_IT, RESUME, CLOSE -> has(u, LEADS);
            case SUPERVISE -> u.hasRole("LEADER");
            case RATE -> has(u, CENTER);
            case MEDIATION_CONCLUDED -> false;
        };
    }

    private static boolean has(CurrentUser.User u, Set<String> roles) {
        return u.roles().stream().anyMatch(roles::contains);
    }

    CaseView view(CaseFile c, CurrentUser.User u) {
        List<Long> orgs = orgsOf(u);
        Set<CaseAction> allowed = EnumSet.noneOf(CaseAction.class);
        for (CaseAction a : CaseAction.values()) {
            if (a == CaseAction.OPEN || a == CaseAction.MERGE_REPORT || a == CaseAction.MEDIATION_CONCLUDED
                    || !a.allowedIn(c.state) || !permitted(u, c, a, orgs)) {
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
     * The timeline of a case the user may see.
     *
     * @param shownToPublic a note staff marked public (the tracking page and Open311 show only these notes)
     */
    public record TimelineEntry(long id, Instant at, String actor, String action, String fromState, String toState,
                                String reason, String detail, List<UUID> photoIds, boolean shownToPublic) {
    }

    public List<TimelineEntry> timeline(long caseId) {
        CurrentUser.User u = user();
        load(caseId, u);
        return jdbc.sql("""
                        select id, at, actor, action, from_state, to_state, reason, detail, photo_ids, public
                        from case_event where case_id = ? order by id""")
                .param(caseId)
                .query((rs, n) -> new TimelineEntry(rs.getLong("id"),
                        rs.getObject("at", java.time.OffsetDateTime.class).toInstant(), rs.getString("actor"),
                        rs.getString("action"), rs.getString("from_state"), rs.getString("to_state"),
                        rs.getString("reason"), rs.getString("detail"),
                        List.of((UUID[]) rs.getArray("photo_ids").getArray()), rs.getBoolean("public")))
                .list();
    }

    /** The reports belonging to a case (accepted and merged). */
    public List<ReportView> reportsOf(long caseId) {
        CurrentUser.User u = user();
        load(caseId, u);
        return reports.ofCase(caseId, u.scope());
    }

}
