package org.fengqiao.audit;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/**
 * Reading the audit trail. The trail is one chain for the whole deployment, not area-bound data, so it needs an
 * auditor post at county level (三员分立: neither the system nor the security administrator).
 */
public enum AuditPermission implements Permission {

    /** Search, verify and export the trail. */
    READ_TRAIL(Set.of(Role.AUDITOR));

    private final Set<Role> roles;

    AuditPermission(Set<Role> roles) {
        this.roles = Set.copyOf(roles);
    }

    @Override
    public Set<Role> grantedTo() {
        return roles;
    }

    @Override
    public Reach reach() {
        return Reach.COUNTY;
    }
}
