package org.fengqiao.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.fengqiao.access.AccountAdministration;
import org.fengqiao.people.PersonDirectory;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.fengqiao.shell.PostHolders.RECORD_AREAS;

/**
 * Every action of account administration, by persons holding several posts in disjoint places, against accounts of
 * persons inside and outside each post. This test's own table: only a security administrator, where that post
 * reaches.
 */
@IntegrationTest
class AccessAssignmentWalkTest {

    static final Set<Role> ADMINISTER = Set.of(Role.SECURITY_ADMIN);
    private static final String PASSWORD = "Walk-Check-2026";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    AccountAdministration accounts;
    @Autowired
    PersonDirectory persons;

    private final TestUsers.User setup = TestUsers.user("walk.access.setup")
            .holding(Role.LEADER, PostHolders.COUNTY).holding(Role.SECURITY_ADMIN, PostHolders.COUNTY).build();

    private long person(String area) {
        return setup.call(() -> persons.create(new PersonDirectory.PersonInput("账号走查" + SEQ.incrementAndGet(),
                null, null, null, area)));
    }

    private static String username() {
        return "walk.acct" + SEQ.incrementAndGet() + "x" + System.nanoTime() % 1_000_000;
    }

    private long account(String area) {
        long p = person(area);
        return setup.call(() -> accounts.create(p, username(), PASSWORD, "walk setup"));
    }

    @Test
    void accountAdministrationNeedsOneSecurityAdminPostCoveringThePerson() {
        List<TestUsers.User> users = new ArrayList<>(PostHolders.all());
        users.add(TestUsers.user("walk.secadmin-dispatcher").holding(Role.SECURITY_ADMIN, PostHolders.GONGHE)
                .holding(Role.DISPATCHER, PostHolders.SHAPING).build());
        AssignmentWalk walk = new AssignmentWalk();
        for (TestUsers.User u : users) {
            for (String area : RECORD_AREAS) {
                long p = person(area);
                walk.attempt(u, "create an account", ADMINISTER,
                        () -> accounts.create(p, username(), PASSWORD, "walk: check the rule") > 0, area);
                long a = account(area);
                walk.attempt(u, "view an account", ADMINISTER, () -> accounts.get(a).account().id() == a, area);
                walk.attempt(u, "list accounts", ADMINISTER,
                        () -> accounts.list(null).stream().anyMatch(r -> r.id() == a), area);
                walk.attempt(u, "unlock", ADMINISTER, () -> {
                    accounts.unlock(a, "walk: check the rule");
                    return true;
                }, area);
                walk.attempt(u, "reset the password", ADMINISTER, () -> {
                    accounts.resetPassword(a, "Walk-Reset-2026", "walk: check the rule");
                    return true;
                }, area);
                walk.attempt(u, "reset the second factor", ADMINISTER, () -> {
                    accounts.resetSecondFactor(a, "walk: check the rule");
                    return true;
                }, area);
                walk.attempt(u, "disable", ADMINISTER, () -> {
                    accounts.setEnabled(a, false, "walk: check the rule");
                    return true;
                }, area);
                long b = account(area);
                setup.run(() -> accounts.setEnabled(b, false, "walk setup"));
                walk.attempt(u, "enable", ADMINISTER, () -> {
                    accounts.setEnabled(b, true, "walk: check the rule");
                    return true;
                }, area);
            }
        }
        walk.verify();
    }
}
