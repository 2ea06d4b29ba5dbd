package org.fengqiao.mediation;

import java.util.EnumSet;
import java.util.Set;

import static org.fengqiao.mediation.DisputeState.AWAITING_MEDIATOR;
import static org.fengqiao.mediation.DisputeState.CLOSED;
import static org.fengqiao.mediation.DisputeState.MEDIATING;
import static org.fengqiao.mediation.DisputeState.REGISTERED;

/**
 * Everything that can happen to a dispute, with the states it may happen in and the permission it needs. This table
 * is the state machine: the aggregate refuses an action from any other state (409), the facade a user without the
 * permission (403).
 */
public enum DisputeAction {
    REGISTER(EnumSet.noneOf(DisputeState.class), MediationPermission.REGISTER),
    ASSESS(open(), MediationPermission.MEDIATE),
    ADD_PARTY(open(), MediationPermission.MEDIATE),
    CHOOSE_MEDIATOR(EnumSet.of(REGISTERED, AWAITING_MEDIATOR), MediationPermission.MEDIATE),
    ACCEPT(EnumSet.of(AWAITING_MEDIATOR), MediationPermission.RESPOND),
    DECLINE(EnumSet.of(AWAITING_MEDIATOR), MediationPermission.RESPOND),
    TAKE_UP(EnumSet.of(REGISTERED), MediationPermission.MEDIATE),
    ESCALATE(open(), MediationPermission.ROUTE),
    HAND_DOWN(open(), MediationPermission.ROUTE),
    BOOK_SESSION(EnumSet.of(MEDIATING), MediationPermission.MEDIATE),
    HOLD_SESSION(EnumSet.of(MEDIATING), MediationPermission.MEDIATE),
    CANCEL_SESSION(open(), MediationPermission.MEDIATE),
    DRAFT_AGREEMENT(EnumSet.of(MEDIATING), MediationPermission.MEDIATE),
    SIGN_AGREEMENT(EnumSet.of(MEDIATING), MediationPermission.MEDIATE),
    RECORD_OUTCOME(open(), MediationPermission.MEDIATE),
    RECORD_PERFORMANCE(EnumSet.of(CLOSED), MediationPermission.MEDIATE),
    CALL_BACK(EnumSet.of(CLOSED), MediationPermission.MEDIATE),
    APPLY_CONFIRMATION(EnumSet.of(CLOSED), MediationPermission.MEDIATE),
    COURT_ACCEPT(EnumSet.of(CLOSED), MediationPermission.COURT),
    COURT_DECIDE(EnumSet.of(CLOSED), MediationPermission.COURT),
    NOTE(EnumSet.allOf(DisputeState.class), MediationPermission.MEDIATE),
    ACKNOWLEDGE_WARNING(EnumSet.allOf(DisputeState.class), MediationPermission.HANDLE_WARNING),
    HANDLE_WARNING(EnumSet.allOf(DisputeState.class), MediationPermission.HANDLE_WARNING),
    // the system's own steps: on the timeline, never asked for by a user
    WARNING_RAISED(EnumSet.allOf(DisputeState.class), null),
    TIER_OVERDUE(open(), null),
    CONFIRMATION_REMINDER(EnumSet.of(CLOSED), null),
    CALLBACK_DUE(EnumSet.of(CLOSED), null),
    PERFORMANCE_DUE(EnumSet.of(CLOSED), null),
    CASE_LINKED(EnumSet.allOf(DisputeState.class), null);

    private final Set<DisputeState> from;
    private final MediationPermission permission;

    DisputeAction(Set<DisputeState> from, MediationPermission permission) {
        this.from = from;
        this.permission = permission;
    }

    public boolean allowedIn(DisputeState state) {
        return from.contains(state);
    }

    public Set<DisputeState> allowedFrom() {
        return from;
    }

    /** The permission a user needs for this step; null for the system's own steps. */
    public MediationPermission permission() {
        return permission;
    }

    public boolean system() {
        return permission == null;
    }

    private static Set<DisputeState> open() {
        return EnumSet.of(REGISTERED, AWAITING_MEDIATOR, MEDIATING);
    }
}
