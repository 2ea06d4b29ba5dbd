package org.fengqiao.cases;

import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns a step of the aggregate into its past-tense event. What a listener needs that the step changed away (the
 * department a case was returned by, the deadline a signature was measured against) is taken before the step.
 */
final class CaseEventsOf {

    private CaseEventsOf() {
    }

    /** The values a step may change that its event reports. */
    record Before(Long leadOrgId, String leadOrgName, Instant signDue, Instant handleDue) {
    }

    static Before before(CaseFile c) {
        return new Before(c.leadOrgId, c.leadOrgName, c.signDue, c.handleDue);
    }

    /**
     * Publishes the event(s) of a step: usually one; a step that closes the case (a passed verification, a direct
     * close, a resolved mediation) also publishes {@link CaseEvents.CaseClosed}.
     */
    static void publish(ApplicationEventPublisher events, CaseFile c, CaseFile.Step s, Before b, String actor,
                        Instant at, boolean shownToPublic, boolean byReporter) {
        long id = c.id;
        String n = c.number;
        String area = c.areaCode;
        String cat = c.categoryCode;
        CaseState st = c.state;
        Object event = switch (s.action()) {
            case OPEN, MERGE_REPORT -> null; // published by the triage methods, which know the report
            case DISPATCH -> new CaseEvents.CaseDispatched(id, n, area, cat, at, actor, st, c.leadOrgId,
                    c.leadOrgName, c.assistOrgIds, c.signDue, c.handleDue, c.dispatchCount);
            case SIGN -> new CaseEvents.CaseSigned(id, n, area, cat, at, actor, st, c.leadOrgId, c.leadOrgName,
                    b.signDue() == null || !at.isAfter(b.signDue()));
            case RETURN -> new CaseEvents.CaseReturned(id, n, area, cat, at, actor, st, b.leadOrgId(),
                    b.leadOrgName(), s.reason());
            case NOTE -> new CaseEvents.CaseNoted(id, n, area, cat, at, actor, st, shownToPublic,
                    shownToPublic ? s.reason() : null);
            case FEEDBACK -> new CaseEvents.CaseFedBack(id, n, area, cat, at, actor, st, c.leadOrgId, c.verifyDue,
                    b.handleDue() == null || !at.isAfter(b.handleDue()));
            case VERIFY_PASS, VERIFY_FAIL -> new CaseEvents.CaseVerified(id, n, area, cat, at, actor, st,
                    s.action() == CaseAction.VERIFY_PASS, s.reason(), c.leadOrgId);
            case REQUEST_EXTENSION -> new CaseEvents.CaseExtensionRequested(id, n, area, cat, at, actor, st,
                    c.leadOrgId, s.reason());
            case APPROVE_EXTENSION, REFUSE_EXTENSION -> new CaseEvents.CaseExtensionDecided(id, n, area, cat, at,
                    actor, st, s.action() == CaseAction.APPROVE_EXTENSION, c.handleDue, s.reason(), c.leadOrgId);
            case BACKLOG_IT -> new CaseEvents.CaseBacklogged(id, n, area, cat, at, actor, st, s.reason(),
                    c.leadOrgId);
            case RESUME -> new CaseEvents.CaseResumed(id, n, area, cat, at, actor, st, s.reason(), c.leadOrgId);
            case ESCALATE -> new CaseEvents.CaseEscalated(id, n, area, cat, at, actor, st, s.reason());
            case SUPERVISE -> new CaseEvents.CaseSupervised(id, n, area, cat, at, actor, st, s.reason(),
                    s.detail(), c.leadOrgId);
            case URGE -> new CaseEvents.CaseUrged(id, n, area, cat, at, actor, st, s.reason(), c.leadOrgId);
            case REFER_TO_MEDIATION -> new CaseEvents.CaseReferredToMediation(id, n, area, cat, at, actor, st,
                    c.description, s.reason(), c.firstReportId);
            case MEDIATION_CONCLUDED -> new CaseEvents.CaseMediationConcluded(id, n, area, cat, at, actor, st,
                    c.state == CaseState.CLOSED, s.reason());
            case CLOSE -> null;
            case RATE -> new CaseEvents.CaseRated(id, n, area, cat, at, actor, st, c.rating, byReporter,
                    c.leadOrgId);
            case REOPEN -> new CaseEvents.CaseReopened(id, n, area, cat, at, actor, st, s.reason());
        };
        if (event != null) {
            events.publishEvent(event);
        }
        if (st == CaseState.CLOSED && s.from() != CaseState.CLOSED) {
            events.publishEvent(new CaseEvents.CaseClosed(id, n, area, cat, at, actor, st, c.closingKind, c.dispute,
                    c.openedAt, c.firstDispatchedAt, b.handleDue(),
                    b.handleDue() == null || !at.isAfter(b.handleDue()), c.leadOrgId, c.dispatchCount,
                    c.returnCount, c.reworkCount));
        }
    }
}
