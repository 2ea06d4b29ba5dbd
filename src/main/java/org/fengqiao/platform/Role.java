package org.fengqiao.platform;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The roles a person holds, each through a role assignment scoped to an area subtree (and, for a department
 * handler, to an organisation). What a role may do is not decided here but by each module's {@link Permission}s.
 * The three admin roles are kept apart (三员分立): none of them can do the others' work, and none bypasses data
 * scope.
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
    /** A court's liaison to the mediation sites (驻站法官联络员): records the court's side of judicial confirmation. */
    COURT_LIAISON,
    VOLUNTEER_REPORTER,
    /** 志愿楼长: a volunteer who looks after the households of one or more buildings (assignment = a building). */
    BUILDING_LEADER,
    SYSTEM_ADMIN,
    SECURITY_ADMIN,
    AUDITOR;

    /** 三员分立: these three are held by different people and cannot do each other's work. */
    public static final Set<Role> SEPARATED_ADMINS = frozen(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR);

    /** Governance-center staff (综治中心): intake clerk, dispatcher, shift lead, leader. */
    public static final Set<Role> CENTER = frozen(INTAKE_CLERK, DISPATCHER, SHIFT_LEAD, LEADER);

    /** Center staff who dispatch ("blow the whistle"). */
    public static final Set<Role> DISPATCHERS = frozen(DISPATCHER, SHIFT_LEAD, LEADER);

    /** Center staff who decide for the center: extensions, backlog, closing without dispatch. */
    public static final Set<Role> LEADS = frozen(SHIFT_LEAD, LEADER);

    /** Those who work in the grid itself: grid workers and the community police who are deputy grid leaders. */
    public static final Set<Role> FIELD = frozen(GRID_WORKER, COMMUNITY_POLICE);

    /** Everyone who works with cases and people in the line of duty (not the separated admins, not volunteers). */
    public static final Set<Role> STAFF = frozen(INTAKE_CLERK, DISPATCHER, SHIFT_LEAD, LEADER, GRID_WORKER,
            COMMUNITY_POLICE, DEPARTMENT_HANDLER, MEDIATOR);

    /** Order of a grid's roster: grid workers first, then their deputy leader, then the rest. */
    public static final java.util.List<Role> ROSTER_ORDER = java.util.List.of(GRID_WORKER, COMMUNITY_POLICE,
            MEDIATOR, VOLUNTEER_REPORTER, DEPARTMENT_HANDLER, INTAKE_CLERK, DISPATCHER, SHIFT_LEAD, LEADER);

    public boolean isSeparatedAdmin() {
        return SEPARATED_ADMINS.contains(this);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** Joins role sets, e.g. {@code Role.union(Role.CENTER, Role.FIELD)}. */
    @SafeVarargs
    public static Set<Role> union(Set<Role>... sets) {
        EnumSet<Role> all = EnumSet.noneOf(Role.class);
        for (Set<Role> s : sets) {
            all.addAll(s);
        }
        return Collections.unmodifiableSet(all);
    }

    public static Set<Role> of(Role first, Role... rest) {
        return frozen(first, rest);
    }

    private static Set<Role> frozen(Role first, Role... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }
}
