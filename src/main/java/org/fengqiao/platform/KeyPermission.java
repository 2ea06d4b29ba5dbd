package org.fengqiao.platform;

import java.util.Set;

/** Managing the field-encryption keys: the security administrator's work (三员分立), county-wide. */
public enum KeyPermission implements Permission {
    /** See the rotation status and re-encrypt now. */
    MANAGE_KEYS;

    @Override
    public Set<Role> grantedTo() {
        return Set.of(Role.SECURITY_ADMIN);
    }

    @Override
    public Reach reach() {
        return Reach.COUNTY;
    }
}
