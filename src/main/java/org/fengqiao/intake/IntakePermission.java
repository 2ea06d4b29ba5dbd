package org.fengqiao.intake;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

/** What may be done with reports, and by whose assignments. */
public enum IntakePermission implements Permission {
    /** Enter a report at the center's counter or from the hotline, for a place in the assignment's area. */
    SUBMIT_AT_COUNTER(Role.CENTER, Reach.AREA),
    /** Report while patrolling the assignment's area (grid workers, community police, volunteer reporters). */
    SUBMIT_ON_PATROL(Role.union(Role.FIELD, Role.of(Role.VOLUNTEER_REPORTER)), Reach.AREA),
    /** Read reports of an area. */
    READ(Role.union(Role.CENTER, Role.FIELD, Role.of(Role.DEPARTMENT_HANDLER)), Reach.AREA),
    /** One's own reports (the patrol page's list). */
    READ_OWN(Role.union(Role.FIELD, Role.of(Role.VOLUNTEER_REPORTER)), Reach.OWN),
    /** See a reporter's name and phone in clear, for the call-back; audited with the reason. */
    REVEAL_CONTACT(Role.CENTER, Reach.AREA),
    /** Upload a photo to attach to a report or a step. */
    UPLOAD_PHOTO(Role.union(Role.STAFF, Role.of(Role.VOLUNTEER_REPORTER)), Reach.OWN);

    private final Set<Role> roles;
    private final Reach reach;

    IntakePermission(Set<Role> roles, Reach reach) {
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
