package org.fengqiao.mediation;

import org.fengqiao.cases.CaseEvents;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A case the center referred to mediation (先行调解) becomes a dispute, after the referral committed; the JDBC
 * event-publication registry hands the event over again if this fails, and a case becomes a dispute only once.
 * The outcome goes back to cases as {@link CaseEvents.MediationConcluded} (see {@link DisputeWorkflow}).
 */
@Component
class CaseReferrals {

    private final Disputes disputes;

    CaseReferrals(Disputes disputes) {
        this.disputes = disputes;
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseReferredToMediation referred) {
        disputes.registerReferral(new Disputes.Referral(referred.caseId(), referred.number(),
                referred.categoryCode(), referred.areaCode(), referred.description(), referred.reason(),
                referred.reportId(), referred.actor() == null ? "system" : referred.actor()));
    }
}
