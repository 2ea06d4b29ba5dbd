package org.fengqiao.people;

import java.util.Set;

/**
 * Who may do what with people data. Role names are the access module's role names; people does not depend on
 * access, so they are plain strings here. Each permission is scoped to the areas of the assignments that grant it.
 */
final class PeopleRoles {

    private PeopleRoles() {
    }

    /** Everyone who works with staff data; auditors and volunteer reporters do not. */
    static final Set<String> READERS = Set.of("INTAKE_CLERK", "DISPATCHER", "SHIFT_LEAD", "LEADER", "GRID_WORKER",
            "COMMUNITY_POLICE", "DEPARTMENT_HANDLER", "MEDIATOR", "SYSTEM_ADMIN", "SECURITY_ADMIN");

    static final Set<String> WRITERS = Set.of("LEADER", "SHIFT_LEAD", "SYSTEM_ADMIN", "SECURITY_ADMIN");

    /** SECURITY.md rule 2: unmasking is for leaders, shift leads and the security administrator. */
    static final Set<String> UNMASKERS = Set.of("LEADER", "SHIFT_LEAD", "SECURITY_ADMIN");

    static final Set<String> ORGANISATION_WRITERS = Set.of("SYSTEM_ADMIN", "LEADER");

    /** Order in a roster: grid workers first, then their deputy leader, then the rest. */
    static final String[] ROSTER_ORDER = {"GRID_WORKER", "COMMUNITY_POLICE", "MEDIATOR", "VOLUNTEER_REPORTER",
            "DEPARTMENT_HANDLER", "INTAKE_CLERK", "DISPATCHER", "SHIFT_LEAD", "LEADER"};
}
