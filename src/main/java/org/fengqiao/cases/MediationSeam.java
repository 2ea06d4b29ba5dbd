package org.fengqiao.cases;

import java.time.Clock;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The seam for mediation: a referred case waits in MEDIATION until the mediation module publishes
 * {@link CaseEvents.MediationConcluded}; resolved closes the case, unresolved sends it back to the center.
 */
@Component
class MediationSeam {

    private final CaseManagement cases;
    private final Clock clock;

    MediationSeam(CaseManagement cases, Clock clock) {
        this.cases = cases;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(CaseEvents.MediationConcluded event) {
        // the case's step is dated when mediation concluded, not when this listener ran: its place among the case's
        // other steps (and the read models that fold them in time order) must not depend on delivery delays
        cases.actAsSystem(event.caseId(), c -> c.mediationConcluded(event.resolved(), event.summary(),
                event.at() != null ? event.at() : clock.instant()));
    }
}
