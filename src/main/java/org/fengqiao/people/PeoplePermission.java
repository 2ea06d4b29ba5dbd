package org.fengqiao.people;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/**
 * What may be done with people data, each allowed only where ONE assignment granting it covers the record's area.
 * Auditors and volunteer reporters see no staff data.
 */
public enum PeoplePermission implements Permission {

    /** Find and read persons (masked) and grid rosters. */
    READ_PERSONS(Role.union(Role.STAFF, Set.of(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN))),
    /** Register, edit and retire persons. */
    EDIT_PERSONS(Set.of(Role.LEADER, Role.SHIFT_LEAD, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)),
    /** SECURITY.md rule 2: see the full ID number and phone, with a reason, audited. */
    UNMASK_PERSONS(Set.of(Role.LEADER, Role.SHIFT_LEAD, Role.SECURITY_ADMIN)),
    /** Read organisations and departments. */
    READ_ORGANISATIONS(Role.union(Role.STAFF, Set.of(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN))),
    /** Register organisations and departments. */
    EDIT_ORGANISATIONS(Set.of(Role.SYSTEM_ADMIN, Role.LEADER)),
    /**
     * Grant and revoke role assignments (三员分立: the security administrator only); one post must cover both the
     * person and the area of the role.
     */
    GRANT_ROLES(Set.of(Role.SECURITY_ADMIN));

    private final Set<Role> roles;

    PeoplePermission(Set<Role> roles) {
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
