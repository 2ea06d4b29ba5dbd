package org.fengqiao.mediation;

/** Where a dispute stands at its current tier. */
public enum DisputeState {
    /** Registered at a tier; waiting for a mediator to be chosen or for the site to take it up. */
    REGISTERED,
    /** A mediator was chosen; waiting for them to accept or decline (two-way choice). */
    AWAITING_MEDIATOR,
    /** Being mediated: sessions, an agreement. */
    MEDIATING,
    /** Ended with an outcome. */
    CLOSED;

    public boolean open() {
        return this != CLOSED;
    }
}
