package org.fengqiao.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;

/**
 * The case aggregate: a state machine whose transitions refuse the wrong state (409) and record a {@link Step} for
 * the timeline. Deadlines are computed on the working calendar by the caller's {@link Deadlines}; this class only
 * decides what may happen and what changes. Persistence (with the version check) is {@link CaseFiles}'.
 */
class CaseFile {

    /** What a transition did, for the timeline. */
    record Step(CaseAction action, CaseState from, CaseState to, String reason, String detail, Long orgId,
                List<UUID> photos) {
    }

    /** Computes deadlines for the case's category. */
    interface Deadlines {
        Instant sign(Instant from);

        Instant handle(Instant from);

        Instant verify(Instant from);
    }

    Long id;
    String number;
    String categoryCode;
    String description;
    String areaCode;
    String handlingLevel = "TOWN";
    CaseState state;
    boolean dispute;
    Long firstReportId;
    Instant openedAt;
    String openedBy;
    Long leadOrgId;
    String leadOrgName;
    List<Long> assistOrgIds = List.of();
    Instant firstDispatchedAt;
    Instant dispatchedAt;
    Instant signedAt;
    Instant fedBackAt;
    Instant signDue;
    Instant handleDue;
    Instant verifyDue;
    Instant closedAt;
    String closedBy;
    String closingKind;
    int dispatchCount;
    int returnCount;
    int reworkCount;
    boolean supervised;
    Instant supervisedAt;
    String supervisedBy;
    String supervisionReason;
    String autoSupervisedStage;
    int urgeCount;
    Instant lastUrgedAt;
    boolean extensionPending;
    String backlogReason;
    String rating;
    Instant ratedAt;
    String ratedBy;
    int version;

    static CaseFile open(String number, String categoryCode, String description, String areaCode, boolean dispute,
                         Long reportId, Instant now, String actor) {
        CaseFile c = new CaseFile();
        c.number = number;
        c.categoryCode = categoryCode;
        c.description = description;
        c.areaCode = areaCode;
        c.dispute = dispute;
        c.firstReportId = reportId;
        c.openedAt = now;
        c.openedBy = actor;
        c.state = CaseState.REGISTERED;
        return c;
    }

    Step openedStep() {
        return new Step(CaseAction.OPEN, null, CaseState.REGISTERED, null,
                firstReportId == null ? null : "report " + firstReportId, null, List.of());
    }

    private CaseState require(CaseAction action) {
        if (!action.allowedIn(state)) {
            throw new ConflictException("Case " + number + " is " + state + "; " + action + " is only possible when it is "
                    + action.allowedFrom());
        }
        return state;
    }

    private static String requireReason(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("Give a reason " + what);
        }
        if (reason.length() > 4000) {
            throw new InvalidRequestException("A reason may have at most 4000 characters");
        }
        return reason.strip();
    }

    private Step step(CaseAction action, CaseState from, String reason, String detail, Long org, List<UUID> photos) {
        return new Step(action, from, state, reason, detail, org, photos == null ? List.of() : List.copyOf(photos));
    }

    Step mergeReport(long reportId) {
        CaseState from = require(CaseAction.MERGE_REPORT);
        return step(CaseAction.MERGE_REPORT, from, null, "report " + reportId, null, null);
    }

    /** Dispatch (or re-dispatch) to a lead department; the timers start now. */
    Step dispatch(long leadOrg, String leadName, List<Long> assisting, String note, Instant now, Deadlines d) {
        CaseState from = require(CaseAction.DISPATCH);
        if (assisting.contains(leadOrg)) {
            throw new InvalidRequestException("The lead department cannot also assist");
        }
        leadOrgId = leadOrg;
        leadOrgName = leadName;
        assistOrgIds = List.copyOf(assisting);
        dispatchedAt = now;
        if (firstDispatchedAt == null) {
            firstDispatchedAt = now;
        }
        signedAt = null;
        signDue = d.sign(now);
        handleDue = d.handle(now);
        verifyDue = null;
        autoSupervisedStage = null;
        dispatchCount++;
        state = CaseState.DISPATCHED;
        return step(CaseAction.DISPATCH, from, note, leadName, leadOrg, null);
    }

    Step sign(Instant now) {
        CaseState from = require(CaseAction.SIGN);
        signedAt = now;
        state = CaseState.IN_PROGRESS;
        return step(CaseAction.SIGN, from, null, leadOrgName, leadOrgId, null);
    }

    Step returnIt(String reason) {
        CaseState from = require(CaseAction.RETURN);
        String why = requireReason(reason, "for sending the case back");
        Long org = leadOrgId;
        String name = leadOrgName;
        returnCount++;
        leadOrgId = null;
        leadOrgName = null;
        assistOrgIds = List.of();
        signDue = null;
        handleDue = null;
        state = CaseState.RETURNED;
        return step(CaseAction.RETURN, from, why, name, org, null);
    }

    Step note(String text, List<UUID> photos) {
        CaseState from = require(CaseAction.NOTE);
        String t = requireReason(text, "(the note is empty)");
        return step(CaseAction.NOTE, from, t, null, null, photos);
    }

    Step feedback(String text, List<UUID> photos, Instant now, Deadlines d) {
        CaseState from = require(CaseAction.FEEDBACK);
        String t = requireReason(text, "(say what was done)");
        fedBackAt = now;
        verifyDue = d.verify(now);
        autoSupervisedStage = null;
        state = CaseState.FED_BACK;
        return step(CaseAction.FEEDBACK, from, t, null, leadOrgId, photos);
    }

    Step verifyPass(String note, List<UUID> photos, Instant now, String actor) {
        CaseState from = require(CaseAction.VERIFY_PASS);
        closedAt = now;
        closedBy = actor;
        closingKind = "VERIFIED";
        state = CaseState.CLOSED;
        return step(CaseAction.VERIFY_PASS, from, note, null, null, photos);
    }

    Step verifyFail(String reason, List<UUID> photos) {
        CaseState from = require(CaseAction.VERIFY_FAIL);
        String why = requireReason(reason, "why the fix does not pass");
        reworkCount++;
        verifyDue = null;
        state = CaseState.REWORK;
        return step(CaseAction.VERIFY_FAIL, from, why, null, leadOrgId, photos);
    }

    Step requestExtension(DeadlineRule extra, String reason) {
        CaseState from = require(CaseAction.REQUEST_EXTENSION);
        if (extensionPending) {
            throw new ConflictException("Case " + number + " already has an extension request waiting");
        }
        String why = requireReason(reason, "for the extension");
        extensionPending = true;
        return step(CaseAction.REQUEST_EXTENSION, from, why, extra.toString(), leadOrgId, null);
    }

    Step decideExtension(boolean approve, Instant newDue, String reason) {
        CaseState from = require(approve ? CaseAction.APPROVE_EXTENSION : CaseAction.REFUSE_EXTENSION);
        if (!extensionPending) {
            throw new ConflictException("Case " + number + " has no extension request waiting");
        }
        extensionPending = false;
        String detail = null;
        if (approve) {
            detail = handleDue + " -> " + newDue;
            handleDue = newDue;
            if ("HANDLE".equals(autoSupervisedStage)) {
                autoSupervisedStage = null;
            }
        } else {
            requireReason(reason, "for refusing the extension");
        }
        return step(approve ? CaseAction.APPROVE_EXTENSION : CaseAction.REFUSE_EXTENSION, from, reason, detail,
                leadOrgId, null);
    }

    Step backlog(String reason) {
        CaseState from = require(CaseAction.BACKLOG_IT);
        backlogReason = requireReason(reason, "why the case cannot be finished now");
        state = CaseState.BACKLOG;
        return step(CaseAction.BACKLOG_IT, from, backlogReason, null, leadOrgId, null);
    }

    Step resume(String note) {
        CaseState from = require(CaseAction.RESUME);
        state = CaseState.IN_PROGRESS;
        return step(CaseAction.RESUME, from, note, null, leadOrgId, null);
    }

    Step escalate(String reason) {
        CaseState from = require(CaseAction.ESCALATE);
        if ("COUNTY".equals(handlingLevel)) {
            throw new ConflictException("Case " + number + " is already handled by the county center");
        }
        String why = requireReason(reason, "for escalating to the county");
        handlingLevel = "COUNTY";
        leadOrgId = null;
        leadOrgName = null;
        assistOrgIds = List.of();
        signDue = null;
        handleDue = null;
        extensionPending = false;
        state = CaseState.REGISTERED;
        return step(CaseAction.ESCALATE, from, why, "COUNTY", null, null);
    }

    /** Supervision by a leader (with a reason) or by the sweeper when a stage is overdue. */
    Step supervise(String reason, String actor, Instant now, String autoStage) {
        CaseState from = require(CaseAction.SUPERVISE);
        String why = requireReason(reason, "for supervising");
        supervised = true;
        supervisedAt = now;
        supervisedBy = actor;
        supervisionReason = why;
        if (autoStage != null) {
            autoSupervisedStage = autoStage;
        }
        return step(CaseAction.SUPERVISE, from, why, autoStage, leadOrgId, null);
    }

    Step urge(String note, Instant now) {
        CaseState from = require(CaseAction.URGE);
        urgeCount++;
        lastUrgedAt = now;
        return step(CaseAction.URGE, from, note, null, leadOrgId, null);
    }

    Step referToMediation(String reason) {
        CaseState from = require(CaseAction.REFER_TO_MEDIATION);
        state = CaseState.MEDIATION;
        return step(CaseAction.REFER_TO_MEDIATION, from, requireReason(reason, "for referring to mediation"), null,
                null, null);
    }

    /** The mediation's outcome: resolved closes the case, unresolved returns it to the center for dispatch. */
    Step mediationConcluded(boolean resolved, String summary, Instant now) {
        CaseState from = require(CaseAction.MEDIATION_CONCLUDED);
        if (resolved) {
            closedAt = now;
            closedBy = "mediation";
            closingKind = "MEDIATION";
            state = CaseState.CLOSED;
        } else {
            state = CaseState.REGISTERED;
        }
        return step(CaseAction.MEDIATION_CONCLUDED, from, summary, resolved ? "RESOLVED" : "UNRESOLVED", null, null);
    }

    /** The center closes a case that needs no department (answered on the phone, no action needed). */
    Step closeDirectly(String reason, Instant now, String actor) {
        CaseState from = require(CaseAction.CLOSE);
        String why = requireReason(reason, "for closing without dispatch");
        closedAt = now;
        closedBy = actor;
        closingKind = "DIRECT";
        state = CaseState.CLOSED;
        return step(CaseAction.CLOSE, from, why, null, null, null);
    }

    Step rate(String value, String note, Instant now, String actor) {
        CaseState from = require(CaseAction.RATE);
        if (rating != null) {
            throw new ConflictException("Case " + number + " was already rated (" + rating + ")");
        }
        if (!List.of("SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED", "UNREACHABLE").contains(value)) {
            throw new InvalidRequestException("A rating is SATISFIED, BASICALLY_SATISFIED, DISSATISFIED or UNREACHABLE");
        }
        rating = value;
        ratedAt = now;
        ratedBy = actor;
        return step(CaseAction.RATE, from, note, value, null, null);
    }

    /**
     * Opens a closed case again (the problem came back, or the call-back found it unsolved): back to the center for
     * dispatch, with a new closing and a new call-back to come. Its counts (dispatches, returns, rework) go on.
     */
    Step reopen(String reason) {
        CaseState from = require(CaseAction.REOPEN);
        String why = requireReason(reason, "for reopening");
        closedAt = null;
        closedBy = null;
        closingKind = null;
        rating = null;
        ratedAt = null;
        ratedBy = null;
        leadOrgId = null;
        leadOrgName = null;
        assistOrgIds = List.of();
        signDue = null;
        handleDue = null;
        verifyDue = null;
        autoSupervisedStage = null;
        supervised = false;
        state = CaseState.REGISTERED;
        return step(CaseAction.REOPEN, from, why, null, null, null);
    }

    /** The stage whose deadline is running and that deadline, or null when none runs. */
    String runningStage() {
        return switch (state) {
            case DISPATCHED -> "SIGN";
            case IN_PROGRESS, REWORK -> "HANDLE";
            case FED_BACK -> "VERIFY";
            default -> null;
        };
    }

    Instant runningDue() {
        String stage = runningStage();
        if (stage == null) {
            return null;
        }
        return switch (stage) {
            case "SIGN" -> signDue;
            case "HANDLE" -> handleDue;
            default -> verifyDue;
        };
    }
}
