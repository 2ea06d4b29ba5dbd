package org.fengqiao.cases;

import java.util.EnumSet;
import java.util.Set;

import static org.fengqiao.cases.CaseState.BACKLOG;
import static org.fengqiao.cases.CaseState.CLOSED;
import static org.fengqiao.cases.CaseState.DISPATCHED;
import static org.fengqiao.cases.CaseState.FED_BACK;
import static org.fengqiao.cases.CaseState.IN_PROGRESS;
import static org.fengqiao.cases.CaseState.MEDIATION;
import static org.fengqiao.cases.CaseState.REGISTERED;
import static org.fengqiao.cases.CaseState.RETURNED;
import static org.fengqiao.cases.CaseState.REWORK;

/**
 * Everything that can happen to a case, with the states it may happen in. This table is the state machine: the
 * aggregate refuses an action from any other state.
 */
public enum CaseAction {
    OPEN(EnumSet.noneOf(CaseState.class)),
    MERGE_REPORT(EnumSet.complementOf(EnumSet.of(CLOSED))),
    DISPATCH(EnumSet.of(REGISTERED, RETURNED)),
    SIGN(EnumSet.of(DISPATCHED)),
    RETURN(EnumSet.of(DISPATCHED)),
    NOTE(EnumSet.allOf(CaseState.class)),
    FEEDBACK(EnumSet.of(IN_PROGRESS, REWORK, BACKLOG)),
    VERIFY_PASS(EnumSet.of(FED_BACK)),
    VERIFY_FAIL(EnumSet.of(FED_BACK)),
    REQUEST_EXTENSION(EnumSet.of(IN_PROGRESS, REWORK)),
    APPROVE_EXTENSION(EnumSet.of(IN_PROGRESS, REWORK, BACKLOG)),
    REFUSE_EXTENSION(EnumSet.of(IN_PROGRESS, REWORK, BACKLOG)),
    BACKLOG_IT(EnumSet.of(IN_PROGRESS, REWORK)),
    RESUME(EnumSet.of(BACKLOG)),
    ESCALATE(EnumSet.of(REGISTERED, DISPATCHED, RETURNED, IN_PROGRESS, REWORK, BACKLOG)),
    SUPERVISE(EnumSet.of(REGISTERED, DISPATCHED, RETURNED, IN_PROGRESS, FED_BACK, REWORK, BACKLOG)),
    URGE(EnumSet.of(DISPATCHED, IN_PROGRESS, FED_BACK, REWORK)),
    REFER_TO_MEDIATION(EnumSet.of(REGISTERED)),
    MEDIATION_CONCLUDED(EnumSet.of(MEDIATION)),
    CLOSE(EnumSet.of(REGISTERED)),
    RATE(EnumSet.of(CLOSED)),
    /** A closed case is opened again: the problem came back, or the call-back found it unsolved. */
    REOPEN(EnumSet.of(CLOSED));

    private final Set<CaseState> from;

    CaseAction(Set<CaseState> from) {
        this.from = from;
    }

    public boolean allowedIn(CaseState state) {
        return from.contains(state);
    }

    public Set<CaseState> allowedFrom() {
        return from;
    }
}
