package org.fengqiao.mediation;

import java.util.Set;

import org.fengqiao.platform.Permission;
import org.fengqiao.platform.Role;

import static org.fengqiao.platform.Role.CENTER;
import static org.fengqiao.platform.Role.COMMUNITY_POLICE;
import static org.fengqiao.platform.Role.COURT_LIAISON;
import static org.fengqiao.platform.Role.DISPATCHER;
import static org.fengqiao.platform.Role.FIELD;
import static org.fengqiao.platform.Role.LEADER;
import static org.fengqiao.platform.Role.MEDIATOR;
import static org.fengqiao.platform.Role.SHIFT_LEAD;
import static org.fengqiao.platform.Role.SYSTEM_ADMIN;

/**
 * What may be done in mediation, and by whose assignments. Every action on a dispute is checked against the
 * dispute's area (one assignment must both grant the permission and cover the area); the court's steps of a
 * judicial confirmation also against the court the parties applied to.
 */
public enum MediationPermission implements Permission {
    /** See disputes, the menu, sites, rooms, warnings and indicators of an area. */
    READ(Role.union(CENTER, FIELD, Role.of(MEDIATOR, COURT_LIAISON)), Reach.AREA),
    /** Register a dispute directly. */
    REGISTER(Role.union(CENTER, FIELD, Role.of(MEDIATOR)), Reach.AREA),
    /**
     * Mediate: assess, choose a mediator for a party, take a dispute up, book and hold sessions, draft and sign the
     * agreement, record outcomes, performance and call-backs, apply for judicial confirmation for the parties.
     */
    MEDIATE(Role.union(CENTER, Role.of(MEDIATOR, COMMUNITY_POLICE)), Reach.AREA),
    /** Escalate a dispute to the tier above or hand it down, with a reason. */
    ROUTE(Role.of(DISPATCHER, SHIFT_LEAD, LEADER, MEDIATOR, COMMUNITY_POLICE), Reach.AREA),
    /** Accept or decline as the chosen mediator (two-way choice). */
    RESPOND(Role.of(MEDIATOR, COMMUNITY_POLICE, COURT_LIAISON), Reach.AREA),
    /** See a party's full ID and phone number, with a reason (audited). */
    UNMASK_PARTY(Role.of(MEDIATOR, SHIFT_LEAD, LEADER), Reach.AREA),
    /** Record the court's acceptance and decision of a judicial confirmation: for the court applied to. */
    COURT(Role.of(COURT_LIAISON), Reach.ORGANISATION),
    /** Acknowledge and handle early warnings. */
    HANDLE_WARNING(Role.of(SHIFT_LEAD, LEADER, COMMUNITY_POLICE), Reach.AREA),
    /** Keep the sites, the menu of mediators and the rooms of an area. */
    MANAGE_MENU(Role.of(LEADER, SYSTEM_ADMIN), Reach.AREA),
    /** Tune the county-wide warning rules and tier deadlines. */
    MANAGE_RULES(Role.of(LEADER, SYSTEM_ADMIN), Reach.COUNTY);

    private final Set<Role> roles;
    private final Reach reach;

    MediationPermission(Set<Role> roles, Reach reach) {
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
