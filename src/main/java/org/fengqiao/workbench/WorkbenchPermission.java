package org.fengqiao.workbench;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/**
 * Which panels of the home page a role assignment shows, and over what: each panel lists the items of the areas
 * (for a department, also of the organisation) of exactly the assignments granting its permission. Seeing an item
 * here grants nothing: the record it links to checks again.
 */
public enum WorkbenchPermission implements Permission {
    /** Reports waiting for the center's decision (立案), and those near their intake limit. */
    INTAKE(Role.of(Role.INTAKE_CLERK, Role.SHIFT_LEAD), Reach.AREA),
    /** Cases to dispatch, sent back by a department, and dispatches whose department is late. */
    DISPATCH(Role.of(Role.DISPATCHER, Role.SHIFT_LEAD), Reach.AREA),
    /** A department's cases to sign for, to handle and near their deadline: for the department of the post. */
    DEPARTMENT(Role.of(Role.DEPARTMENT_HANDLER), Reach.ORGANISATION),
    /** Verifications to do on site and the open cases of the grid. */
    FIELD(Role.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE), Reach.AREA),
    /** One's own reports and what became of them. */
    OWN_REPORTS(Role.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE, Role.VOLUNTEER_REPORTER), Reach.OWN),
    /** Supervised and overdue cases, extension requests to decide. */
    SUPERVISION(Role.of(Role.LEADER, Role.SHIFT_LEAD), Reach.AREA),
    /** Disputes waiting for the mediator's answer or at their site, their mediations and booked sessions. */
    MEDIATION(Role.of(Role.MEDIATOR), Reach.AREA),
    /** Judicial confirmations applied to the court of the post, to accept and to decide. */
    COURT(Role.of(Role.COURT_LIAISON), Reach.ORGANISATION),
    /** Early warnings not yet handled: those assigned to the person first. */
    WARNINGS(Role.of(Role.LEADER, Role.SHIFT_LEAD, Role.COMMUNITY_POLICE), Reach.AREA);

    private final Set<Role> roles;
    private final Reach reach;

    WorkbenchPermission(Set<Role> roles, Reach reach) {
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
}
