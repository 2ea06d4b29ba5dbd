package org.fengqiao.access;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/** What may be done with accounts; an account lies where its person belongs. */
public enum AccessPermission implements Permission {

    /**
     * Create accounts, unlock them, reset passwords and second factors, disable and enable them (三员分立: the
     * security administrator only, and never for their own account).
     */
    ADMINISTER_ACCOUNTS(Set.of(Role.SECURITY_ADMIN));

    private final Set<Role> roles;

    AccessPermission(Set<Role> roles) {
        this.roles = Set.copyOf(roles);
    }

    @Override
    public Set<Role> grantedTo() {
        return roles;
    }

    @Override
    public Reach reach() {
        return Reach.AREA;
    }
}
