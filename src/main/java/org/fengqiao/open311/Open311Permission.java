package org.fengqiao.open311;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/** Who manages the county's Open311 partner systems. */
public enum Open311Permission implements Permission {
    /** Issue, list and revoke the API keys of partner systems: a county-wide setting. */
    MANAGE_KEYS(Role.of(Role.SYSTEM_ADMIN), Reach.COUNTY);

    private final Set<Role> roles;
    private final Reach reach;

    Open311Permission(Set<Role> roles, Reach reach) {
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
