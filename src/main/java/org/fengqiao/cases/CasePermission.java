package org.fengqiao.cases;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

import static org.fengqiao.platform.Role.CENTER;
import static org.fengqiao.platform.Role.DISPATCHERS;
import static org.fengqiao.platform.Role.FIELD;
import static org.fengqiao.platform.Role.LEADS;

/** What may be done with reports in triage, cases and the case settings, and by whose assignments. */
public enum CasePermission implements Permission {
    /**
     * See cases and their timelines in an area; a department handler's assignment shows only the cases its
     * department leads or assists ({@link CaseVisibility}).
     */
    READ(Role.union(CENTER, FIELD, Role.of(Role.DEPARTMENT_HANDLER)), Reach.AREA),
    /** See the workflow indicators of an area (outcomes of areas and departments, never of persons). */
    READ_INDICATORS(Role.union(CENTER, Role.of(Role.DEPARTMENT_HANDLER)), Reach.AREA),
    /** Accept (立案), merge or reject a report. */
    TRIAGE(CENTER, Reach.AREA),
    /** Dispatch, re-dispatch, urge, escalate, refer to mediation. */
    DISPATCH(DISPATCHERS, Reach.AREA),
    /** Sign for, return, feed back, ask for an extension: for the lead department of the case. */
    HANDLE(Role.of(Role.DEPARTMENT_HANDLER), Reach.ORGANISATION),
    /** A note by a department leading or assisting the case. */
    NOTE_AS_DEPARTMENT(Role.of(Role.DEPARTMENT_HANDLER), Reach.ORGANISATION),
    /** A note by the center or the grid. */
    NOTE(Role.union(CENTER, FIELD), Reach.AREA),
    /** Verify a fix on site (核查). */
    VERIFY(Role.union(CENTER, FIELD), Reach.AREA),
    /** Decide extensions, backlog and resume, close without dispatch, reopen. */
    DECIDE(LEADS, Reach.AREA),
    /** Put a case under supervision (督办). */
    SUPERVISE(Role.of(Role.LEADER), Reach.AREA),
    /** Record the call-back rating (回访). */
    RATE(CENTER, Reach.AREA),
    /** See the category catalogue and the working calendar. */
    READ_SETTINGS(Role.union(DISPATCHERS, Role.of(Role.SYSTEM_ADMIN)), Reach.AREA),
    /** Change the county-wide category catalogue and working calendar that set every deadline. */
    MANAGE_SETTINGS(Role.of(Role.SYSTEM_ADMIN, Role.LEADER), Reach.COUNTY);

    private final Set<Role> roles;
    private final Reach reach;

    CasePermission(Set<Role> roles, Reach reach) {
        this.roles = roles;
        this.reach = reach;
    }

    @Override
    public Set<Role> grantedTo() {
        return roles;
    }

    @Override
    public Reach reach() {
        return reach;
    }

    /** The permission a step of the workflow needs. */
    static CasePermission of(CaseAction action) {
        return switch (action) {
            case OPEN, MERGE_REPORT -> TRIAGE;
            case DISPATCH, URGE, ESCALATE, REFER_TO_MEDIATION -> DISPATCH;
            case SIGN, RETURN, FEEDBACK, REQUEST_EXTENSION -> HANDLE;
            case NOTE -> NOTE;
            case VERIFY_PASS, VERIFY_FAIL -> VERIFY;
            case APPROVE_EXTENSION, REFUSE_EXTENSION, BACKLOG_IT, RESUME, CLOSE, REOPEN -> DECIDE;
            case SUPERVISE -> SUPERVISE;
            case RATE -> RATE;
            case MEDIATION_CONCLUDED -> throw new IllegalArgumentException("Only mediation concludes a mediation");
        };
    }
}
