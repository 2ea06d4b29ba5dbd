package org.fengqiao.cases;

import java.time.Instant;
import java.util.List;

/**
 * Past-tense events of the case workflow, published in the transaction of the step (the JDBC event-publication
 * registry keeps them until every listener has handled them after commit) and carrying what listeners need, so
 * that nobody calls back to ask: the public tracking view, Open311 statuses, report statuses, notices,
 * workbenches, dashboards. Plus {@link MediationConcluded}, the one event cases consumes: mediation depends on
 * cases, never the reverse.
 */
public final class CaseEvents {
    private CaseEvents() {
    }

    /**
     * What every case event carries.
     *
     * @param at    when it happened (the injected clock; the demo's history writes backdated times)
     * @param actor the username, "system", "mediation", or a public client such as "qr:7KQ2M…"
     * @param state the case's state after the step
     */
    public sealed interface CaseEvent {
        long caseId();

        String number();

        String areaCode();

        String categoryCode();

        Instant at();

        String actor();

        CaseState state();
    }

    /**
     * The center accepted a report as a new case (立案), or registered a case without a report.
     *
     * @param reportId         the report accepted, or null
     * @param channel          that report's channel (COUNTER, HOTLINE, PATROL, QR, OPEN311, API), or null
     * @param reportReceivedAt when that report arrived
     * @param acceptedInTime   whether it was accepted before its intake limit (及时受理)
     */
    public record CaseOpened(long caseId, String number, String areaCode, String categoryCode, Instant at,
                             String actor, CaseState state, boolean dispute, String description, Long reportId,
                             String channel, Instant reportReceivedAt, boolean acceptedInTime)
            implements CaseEvent {
    }

    /** A report was merged into an existing case as a duplicate (counted in 重复率). */
    public record ReportMerged(long caseId, String number, String areaCode, String categoryCode, Instant at,
                               String actor, CaseState state, long reportId) implements CaseEvent {
    }

    /** The center did not accept a report (不予立案); no case exists. */
    public record ReportRejected(long reportId, String areaCode, String categoryCode, Instant at, String actor,
                                 String reason) {
    }

    /** Dispatched (or re-dispatched) to a lead department with optional assisting ones; the timers start. */
    public record CaseDispatched(long caseId, String number, String areaCode, String categoryCode, Instant at,
                                 String actor, CaseState state, long leadOrgId, String leadOrgName,
                                 List<Long> assistOrgIds, Instant signDue, Instant handleDue, int dispatchCount)
            implements CaseEvent {
    }

    /** The lead department signed for the case (签收/报到); {@code onTime}: before the signing deadline. */
    public record CaseSigned(long caseId, String number, String areaCode, String categoryCode, Instant at,
                             String actor, CaseState state, long orgId, String orgName, boolean onTime)
            implements CaseEvent {
    }

    /** The lead department sent the case back (退单) with a reason. */
    public record CaseReturned(long caseId, String number, String areaCode, String categoryCode, Instant at,
                               String actor, CaseState state, long orgId, String orgName, String reason)
            implements CaseEvent {
    }

    /** The lead department reported what it did; the case waits for verification. */
    public record CaseFedBack(long caseId, String number, String areaCode, String categoryCode, Instant at,
                              String actor, CaseState state, long orgId, Instant verifyDue, boolean onTime)
            implements CaseEvent {
    }

    /** On-site verification (核查): passed closes the case (see {@link CaseClosed}), failed sends it to rework. */
    public record CaseVerified(long caseId, String number, String areaCode, String categoryCode, Instant at,
                               String actor, CaseState state, boolean passed, String reason, Long leadOrgId)
            implements CaseEvent {
    }

    /** The lead department asked for more time (延期). */
    public record CaseExtensionRequested(long caseId, String number, String areaCode, String categoryCode,
                                         Instant at, String actor, CaseState state, Long leadOrgId, String reason)
            implements CaseEvent {
    }

    /** A lead approved (the case was extended to {@code newDue}) or refused an extension. */
    public record CaseExtensionDecided(long caseId, String number, String areaCode, String categoryCode, Instant at,
                                       String actor, CaseState state, boolean approved, Instant newDue,
                                       String reason, Long leadOrgId) implements CaseEvent {
    }

    /**
     * Put under supervision (督办), by a leader or by the sweeper when a stage ran over.
     *
     * @param overdueStage SIGN, HANDLE or VERIFY when the sweeper did it; null when a leader did
     */
    public record CaseSupervised(long caseId, String number, String areaCode, String categoryCode, Instant at,
                                 String actor, CaseState state, String reason, String overdueStage, Long leadOrgId)
            implements CaseEvent {
    }

    /** The center urged the handler (催办). */
    public record CaseUrged(long caseId, String number, String areaCode, String categoryCode, Instant at,
                            String actor, CaseState state, String note, Long leadOrgId) implements CaseEvent {
    }

    /** Handed up to the county center, waiting for its dispatch. */
    public record CaseEscalated(long caseId, String number, String areaCode, String categoryCode, Instant at,
                                String actor, CaseState state, String reason) implements CaseEvent {
    }

    /** Cannot finish now: tracked as an open backlog item (挂账). */
    public record CaseBacklogged(long caseId, String number, String areaCode, String categoryCode, Instant at,
                                 String actor, CaseState state, String reason, Long leadOrgId) implements CaseEvent {
    }

    /** Work on a backlog item resumed. */
    public record CaseResumed(long caseId, String number, String areaCode, String categoryCode, Instant at,
                              String actor, CaseState state, String note, Long leadOrgId) implements CaseEvent {
    }

    /**
     * A note on the timeline.
     *
     * @param publicText the text when staff marked it public (tracking page, Open311); null for internal notes
     */
    public record CaseNoted(long caseId, String number, String areaCode, String categoryCode, Instant at,
                            String actor, CaseState state, boolean shownToPublic, String publicText)
            implements CaseEvent {
    }

    /**
     * The center referred the case to mediation (先行调解). The mediation module takes it up and later publishes
     * {@link MediationConcluded}.
     */
    public record CaseReferredToMediation(long caseId, String number, String areaCode, String categoryCode,
                                          Instant at, String actor, CaseState state, String description,
                                          String reason, Long reportId) implements CaseEvent {
    }

    /** The mediation's outcome reached the case: resolved closes it, unresolved returns it to the center. */
    public record CaseMediationConcluded(long caseId, String number, String areaCode, String categoryCode,
                                         Instant at, String actor, CaseState state, boolean resolved,
                                         String summary) implements CaseEvent {
    }

    /**
     * The case closed: verified (VERIFIED), by the center without dispatch (DIRECT), or by mediation (MEDIATION).
     *
     * @param handleDue the handling deadline it was measured against (null when never dispatched)
     * @param onTime    closed by that deadline (按期结案); true when there was none
     */
    public record CaseClosed(long caseId, String number, String areaCode, String categoryCode, Instant at,
                             String actor, CaseState state, String closingKind, boolean dispute, Instant openedAt,
                             Instant firstDispatchedAt, Instant handleDue, boolean onTime, Long leadOrgId,
                             int dispatchCount, int returnCount, int reworkCount) implements CaseEvent {
    }

    /**
     * The call-back rating (回访评价): SATISFIED, BASICALLY_SATISFIED, DISSATISFIED or UNREACHABLE.
     *
     * @param byReporter the reporter rated on the tracking page rather than staff on the call-back
     */
    public record CaseRated(long caseId, String number, String areaCode, String categoryCode, Instant at,
                            String actor, CaseState state, String rating, boolean byReporter, Long leadOrgId)
            implements CaseEvent {
    }

    /** A closed case was opened again (the problem came back, or the reporter was dissatisfied). */
    public record CaseReopened(long caseId, String number, String areaCode, String categoryCode, Instant at,
                               String actor, CaseState state, String reason) implements CaseEvent {
    }

    /** The mediation outcome for a referred case: resolved closes it, unresolved returns it to the center. */
    public record MediationConcluded(long caseId, boolean resolved, String summary, Instant at) {
    }
}
