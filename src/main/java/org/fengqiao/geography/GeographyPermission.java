package org.fengqiao.geography;

import java.util.EnumSet;
import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/**
 * What may be done with the area tree. Reading the tree (names, codes, boundaries, the map) is open to every post
 * for the areas it covers; changing it is the system administrator's, inside the area of that assignment.
 */
public enum GeographyPermission implements Permission {

    /** See the areas, their boundaries and the map inside the post's area. */
    READ_AREAS(EnumSet.allOf(Role.class)),
    /** Create, rename, retire, move areas and link overlay grids; a move needs one post covering both places. */
    EDIT_AREAS(Set.of(Role.SYSTEM_ADMIN)),
    /** Import a GeoJSON file of areas and boundaries: every feature must lie inside one such post. */
    IMPORT_BOUNDARIES(Set.of(Role.SYSTEM_ADMIN));

    private final Set<Role> roles;

    GeographyPermission(Set<Role> roles) {
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
