package org.fengqiao.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.fengqiao.people.GridRoster;
import org.fengqiao.people.Organisations;
import org.fengqiao.people.PersonDirectory;
import org.fengqiao.people.RoleGrants;
import org.fengqiao.people.TestWorld;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.fengqiao.shell.PostHolders.RECORD_AREAS;

/**
 * Every action of the people module, by persons holding several posts in disjoint places, against records inside
 * and outside each post. The table of who may do what is this test's own; the module must agree with it.
 */
@IntegrationTest
class PeopleAssignmentWalkTest {

    static final Set<Role> READ = Role.union(Role.STAFF, Set.of(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN));
    static final Set<Role> EDIT = Set.of(Role.LEADER, Role.SHIFT_LEAD, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN);
    static final Set<Role> UNMASK = Set.of(Role.LEADER, Role.SHIFT_LEAD, Role.SECURITY_ADMIN);
    static final Set<Role> EDIT_ORGANISATIONS = Set.of(Role.SYSTEM_ADMIN, Role.LEADER);
    static final Set<Role> GRANT = Set.of(Role.SECURITY_ADMIN);

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    PersonDirectory persons;
    @Autowired
    Organisations organisations;
    @Autowired
    GridRoster roster;
    @Autowired
    RoleGrants grants;

    /** Sets up the records: a county leader and a county security administrator. */
    private final TestUsers.User setup = TestUsers.user("walk.people.setup")
            .holding(Role.LEADER, PostHolders.COUNTY).holding(Role.SECURITY_ADMIN, PostHolders.COUNTY).build();

    static List<TestUsers.User> walkers() {
        List<TestUsers.User> users = new ArrayList<>(PostHolders.all());
        // a security administrator of one town who leads in another: grants only where the admin post reaches
        users.add(TestUsers.user("walk.secadmin-leader").holding(Role.SECURITY_ADMIN, PostHolders.SHAPING)
                .holding(Role.LEADER, PostHolders.GONGHE).build());
        return users;
    }

    private long person(String area) {
        return setup.call(() -> persons.create(new PersonDirectory.PersonInput("走查" + SEQ.incrementAndGet(), null,
                TestWorld.idNumber(), TestWorld.phone(), area)));
    }

    @Test
    void everyActionOnPeopleNeedsOnePostThatGrantsItAndCoversTheRecord() {
        AssignmentWalk walk = new AssignmentWalk();
        Map<String, Long> resident = new HashMap<>();
        Map<String, Long> organisation = new HashMap<>();
        for (String area : RECORD_AREAS) {
            resident.put(area, person(area));
            organisation.put(area, setup.call(() -> organisations.create(new Organisations.OrganisationInput(
                    "walk-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000, "走查单位", "DEPARTMENT",
                    area, null))));
        }
        for (TestUsers.User u : walkers()) {
            for (String area : RECORD_AREAS) {
                long id = resident.get(area);
                walk.attempt(u, "read a person", READ, () -> persons.get(id).id() == id, area);
                walk.attempt(u, "find a person", READ, () -> persons.search(persons.get(id).name(), null, false,
                        null, 10).stream().anyMatch(p -> p.id() == id), area);
                walk.attempt(u, "unmask a person", UNMASK, () -> persons.unmask(id, "walk: check the rule")
                        .idNumber() != null, area);
                walk.attempt(u, "see the roster", READ, () -> roster.of(area) != null, area);
                walk.attempt(u, "list organisations", READ, () -> organisations.list(null).stream()
                        .anyMatch(o -> o.id() == organisation.get(area)), area);
                walk.attempt(u, "register a person", EDIT, () -> persons.create(new PersonDirectory.PersonInput(
                        "走查新" + SEQ.incrementAndGet(), null, null, null, area)) > 0, area);
                long edited = person(area);
                int version = setup.call(() -> persons.get(edited).version());
                walk.attempt(u, "edit a person", EDIT, () -> {
                    persons.update(edited, version, new PersonDirectory.PersonInput("走查改", null, null, null, area));
                    return true;
                }, area);
                long retired = person(area);
                walk.attempt(u, "retire a person", EDIT, () -> {
                    persons.retire(retired, "walk: check the rule");
                    return true;
                }, area);
                walk.attempt(u, "register an organisation", EDIT_ORGANISATIONS, () -> organisations.create(
                        new Organisations.OrganisationInput("walk-" + SEQ.incrementAndGet() + "-"
                                + System.nanoTime() % 100000, "走查新单位", "DEPARTMENT", area, null)) > 0, area);
                long granted = person(area);
                walk.attempt(u, "grant a role", GRANT, () -> grants.grant(granted, "MEDIATOR", area, null, null,
                        "walk: check the rule") > 0, area);
                long holder = person(area);
                long assignment = setup.call(() -> grants.grant(holder, "MEDIATOR", area, null, null, "walk setup"));
                walk.attempt(u, "revoke a role", GRANT, () -> {
                    grants.revoke(assignment, "walk: check the rule");
                    return true;
                }, area);
            }
            // a person of one place given a post in another: one admin post must cover both
            for (String personArea : List.of(PostHolders.GRID_A, PostHolders.GRID_B)) {
                for (String roleArea : RECORD_AREAS) {
                    long p = person(personArea);
                    walk.attempt(u, "grant a role elsewhere", GRANT, () -> grants.grant(p, "MEDIATOR", roleArea,
                            null, null, "walk: check the rule") > 0, personArea, roleArea);
                }
            }
        }
        walk.verify();
    }
}
