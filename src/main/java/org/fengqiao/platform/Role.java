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

    /** 三员分立: these three are held by different people and cannot do each other's work. */
    public static final java.util.Set<Role> SEPARATED_ADMINS = java.util.EnumSet.of(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR);

    public boolean isSeparatedAdmin() {
        return SEPARATED_ADMINS.contains(this);
    }

    /** Governance-center staff: intake clerk, dispatcher, shift lead, leader. */
    public boolean isCenterStaff() {
        return this == INTAKE_CLERK || this == DISPATCHER || this == SHIFT_LEAD || this == LEADER;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
