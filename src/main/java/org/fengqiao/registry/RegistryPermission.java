package org.fengqiao.registry;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/**
 * What may be done with the registry of people and places. Records are area-bound: a room, household or resident
 * lies in a building's or grid's area, an enterprise, place or boat in its grid; each check names the record's area
 * and one role assignment must both grant the permission and cover it ({@link org.fengqiao.platform.AccessPolicy}).
 * The separated admins (三员) hold none of these: the registry is line-of-duty data.
 */
public enum RegistryPermission implements Permission {

    /** See rooms, households and residents (ID and phone masked). */
    READ(Role.union(Role.CENTER, Role.FIELD, Set.of(Role.BUILDING_LEADER))),
    /** Register and change rooms, households and residents; move residents in and out. */
    EDIT(Role.union(Role.LEADS, Role.FIELD, Set.of(Role.INTAKE_CLERK, Role.BUILDING_LEADER))),
    /**
     * See care tags and the building leader's notes: sensitive personal information (PIPL Art. 28) that the center's
     * intake and dispatch desks do not need.
     */
    READ_CARE(Role.union(Role.LEADS, Role.FIELD, Set.of(Role.BUILDING_LEADER))),
    /** Set or remove care tags and write notes, each with a reason. */
    EDIT_CARE(Role.union(Role.FIELD, Set.of(Role.LEADER, Role.BUILDING_LEADER))),
    /** See a resident's full ID and phone number, with a stated reason; audited. */
    UNMASK(Role.union(Role.LEADS, Set.of(Role.COMMUNITY_POLICE))),
    /** Import spreadsheets of households, residents, rental housing and enterprises. */
    IMPORT(Role.union(Role.LEADS, Set.of(Role.GRID_WORKER, Role.INTAKE_CLERK))),
    /** Export lists (masked unless the exporter may unmask; watermarked; audited). */
    EXPORT(Role.union(Role.LEADS, Role.FIELD)),
    /** County-wide settings of the registry: the kinds of care tags. */
    CONFIGURE(Set.of(Role.LEADER, Role.SYSTEM_ADMIN), Reach.COUNTY),
    /** See rental housing (出租屋), its landlord (ID and phone masked), occupancy and inspections. */
    READ_RENTALS(Role.union(Role.CENTER, Role.FIELD)),
    /** Register a room as rental housing, change it, end it (no longer let) with a reason. */
    MANAGE_RENTALS(Role.union(Role.LEADS, Role.FIELD, Set.of(Role.INTAKE_CLERK))),
    /** Record an inspection of a rental (出租屋巡查) and the follow-up that closes a rectification. */
    INSPECT_RENTALS(Role.FIELD);

    private final Set<Role> roles;
    private final Reach reach;

    RegistryPermission(Set<Role> roles) {
        this(roles, Reach.AREA);
    }

    RegistryPermission(Set<Role> roles, Reach reach) {
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
