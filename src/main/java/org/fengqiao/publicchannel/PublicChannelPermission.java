package org.fengqiao.publicchannel;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/** What staff may do with the public channels, and by whose assignments. */
public enum PublicChannelPermission implements Permission {
    /** Browse the public codes of an area and print its plate sheets. */
    READ_CODES(Role.union(Role.CENTER, Role.FIELD, Role.of(Role.SYSTEM_ADMIN)), Reach.AREA),
    /** Register a place (a square, a market, a bus stop …) and issue its code. */
    REGISTER_PLACE(Role.union(Role.CENTER, Role.FIELD, Role.of(Role.SYSTEM_ADMIN)), Reach.AREA),
    /** Register volunteer reporters, reset their PIN, retire them. */
    MANAGE_VOLUNTEERS(Role.of(Role.INTAKE_CLERK, Role.SHIFT_LEAD, Role.LEADER, Role.SYSTEM_ADMIN), Reach.AREA);

    private final Set<Role> roles;
    private final Reach reach;

    PublicChannelPermission(Set<Role> roles, Reach reach) {
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
