package org.fengqiao.cases;

/** Where a case stands. */
public enum CaseState {
    /** Accepted (立案), waiting to be dispatched. */
    REGISTERED,
    /** Dispatched to a lead department, waiting for it to sign. */
    DISPATCHED,
    /** Sent back by the department (退单), waiting for re-dispatch. */
    RETURNED,
    /** Signed for and being handled. */
    IN_PROGRESS,
    /** The department fed back; waiting for on-site verification. */
    FED_BACK,
    /** Verification failed; the department works on it again (返工). */
    REWORK,
    /** Cannot finish now; tracked as an open backlog item (挂账). */
    BACKLOG,
    /** Referred to mediation; the mediation's outcome closes it or sends it back. */
    MEDIATION,
    CLOSED;

    public boolean open() {
        return this != CLOSED;
    }
}
