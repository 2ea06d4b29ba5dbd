package org.fengqiao.access;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/** Who manages API tokens: the security administrator, for tokens whose every assignment lies in the post's area. */
public enum ApiTokenPermission implements Permission {

    /** Issue, list and revoke API tokens (三员分立: the security administrator only). */
    MANAGE_API_TOKENS;

    @Override
    public Set<Role> grantedTo() {
        return Set.of(Role.SECURITY_ADMIN);
    }

    @Override
    public Reach reach() {
        return Reach.AREA;
    }
}
