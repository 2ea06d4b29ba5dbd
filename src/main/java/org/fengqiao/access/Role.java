package org.fengqiao.access;

/**
 * Roles a person holds, each scoped to an area subtree. The three admin roles are kept apart (三员分立): none of
 * them can do the others' work, and none bypasses data scope.
 */
public enum Role {
    INTAKE_CLERK,
    DISPATCHER,
    SHIFT_LEAD,
    LEADER,
    GRID_WORKER,
    COMMUNITY_POLICE,
    DEPARTMENT_HANDLER,
    MEDIATOR,
    VOLUNTEER_REPORTER,
    SYSTEM_ADMIN,
    SECURITY_ADMIN,
    AUDITOR;

    /** Governance-center staff: intake clerk, dispatcher, shift lead, leader. */
    public boolean isCenterStaff() {
        return this == INTAKE_CLERK || this == DISPATCHER || this == SHIFT_LEAD || this == LEADER;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
