package org.fengqiao.analytics;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/**
 * What may be seen and done in analysis and judgement (研判). Figures are of areas and departments, never of
 * persons (DOMAIN.md §8); each check names the area asked for, and one role assignment must both grant the
 * permission and cover that whole area.
 */
public enum AnalyticsPermission implements Permission {
    /** The dashboards, the hotspot map and their downloads for an area subtree. */
    READ_DASHBOARD(Role.CENTER, Reach.AREA),
    /** The monthly analysis report (研判报告) of an area, on demand. */
    READ_REPORT(Role.union(Role.LEADS, Role.of(Role.DISPATCHER)), Reach.AREA),
    /** The departments that handled similar cases best, suggested while dispatching. */
    SUGGEST_DISPATCH(Role.DISPATCHERS, Reach.AREA),
    /** Acknowledge and handle early warnings of an area (by name, before their deadline). */
    HANDLE_WARNINGS(Role.LEADS, Reach.AREA),
    /** Tune the county-wide early-warning rules. */
    MANAGE_WARNING_RULES(Role.of(Role.LEADER, Role.SYSTEM_ADMIN), Reach.COUNTY);

    private final Set<Role> roles;
    private final Reach reach;

    AnalyticsPermission(Set<Role> roles, Reach reach) {
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
