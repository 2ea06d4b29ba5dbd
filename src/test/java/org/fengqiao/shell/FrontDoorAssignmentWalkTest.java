package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.Reports;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.open311.ApiKeys;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.publicchannel.PublicCodes;
import org.fengqiao.publicchannel.Volunteers;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The permission walk of the front door — intake (reporting at the counter and on patrol, reading reports, the
 * reporter's contact), the public channels' staff side (public codes, places, volunteer reporters) and Open311's API
 * keys — for persons holding posts in disjoint places, against records inside and outside each post. The
 * expectation is this test's own table; every attempt is rolled back.
 */
@IntegrationTest
class FrontDoorAssignmentWalkTest {

    private static final Set<Role> CENTER = EnumSet.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD,
            Role.LEADER);
    private static final Set<Role> PATROL = EnumSet.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE,
            Role.VOLUNTEER_REPORTER);
    private static final Set<Role> READERS = EnumSet.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD,
            Role.LEADER, Role.GRID_WORKER, Role.COMMUNITY_POLICE, Role.DEPARTMENT_HANDLER);
    private static final Set<Role> CODES = EnumSet.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD,
            Role.LEADER, Role.GRID_WORKER, Role.COMMUNITY_POLICE, Role.SYSTEM_ADMIN);
    private static final Set<Role> VOLUNTEER_ADMINS = EnumSet.of(Role.INTAKE_CLERK, Role.SHIFT_LEAD, Role.LEADER,
            Role.SYSTEM_ADMIN);

    @Autowired
    ReportIntake intake;
    @Autowired
    Reports reports;
    @Autowired
    PublicCodes codes;
    @Autowired
    Volunteers volunteers;
    @Autowired
    ApiKeys keys;
    @Autowired
    TransactionTemplate tx;

    /** An action on a record in an area: the roles this test says may do it, and the call. */
    record Action(String name, Set<Role> mayDo, Function<String, Runnable> call) {
    }

    private final java.util.Map<String, Long> reportIn = new java.util.HashMap<>();

    private long reportIn(String area) {
        return reportIn.computeIfAbsent(area, a -> TestUsers.with("walk.reporter", Role.INTAKE_CLERK, a)
                .call(() -> intake.submit(new SubmitReport(ReportChannel.COUNTER, "ENV-DUMPING",
                        "前门走查 " + UUID.randomUUID(), null, null, a, null, "张三", "13800138000", List.of(),
                        false), UUID.randomUUID().toString())).report().id());
    }

    private static SubmitReport report(ReportChannel channel, String area) {
        return new SubmitReport(channel, "ENV-DUMPING", "走查上报 " + UUID.randomUUID(), null, null, area, null, null,
                null, List.of(), false);
    }

    private List<Action> actions() {
        List<Action> a = new ArrayList<>();
        a.add(new Action("SUBMIT_AT_COUNTER", CENTER, area -> () -> intake.submit(report(ReportChannel.COUNTER,
                area), null)));
        a.add(new Action("SUBMIT_ON_PATROL", PATROL, area -> () -> intake.submit(report(ReportChannel.PATROL, area),
                null)));
        a.add(new Action("READ_REPORT", READERS, area -> {
            long id = reportIn(area);
            return () -> reports.find(id, org.fengqiao.platform.CurrentUser.get()
                    .map(u -> policyScope(u)).orElseThrow());
        }));
        a.add(new Action("REVEAL_CONTACT", CENTER, area -> {
            long id = reportIn(area);
            return () -> reports.revealContact(id, "回访核实");
        }));
        a.add(new Action("REGISTER_PLACE", CODES, area -> () -> codes.createPlace("走查广场", null, area, null,
                null)));
        a.add(new Action("REGISTER_VOLUNTEER", VOLUNTEER_ADMINS, area -> () -> volunteers.register("走查骑手",
                "RIDER", "139" + String.format("%08d", Math.floorMod(UUID.randomUUID().hashCode(), 100_000_000)),
                area)));
        return a;
    }

    @Autowired
    org.fengqiao.platform.AccessPolicy policy;

    private org.fengqiao.platform.DataScope policyScope(org.fengqiao.platform.CurrentUser.User u) {
        return policy.scope(u, org.fengqiao.intake.IntakePermission.READ);
    }

    private static boolean expected(TestUsers.User user, Set<Role> mayDo, String area) {
        return PostHolders.expected(user, mayDo, area);
    }

    private boolean attempt(TestUsers.User user, Runnable call) {
        Boolean allowed = tx.execute(status -> {
            status.setRollbackOnly();
            try {
                user.run(call);
                return true;
            } catch (AccessDeniedException | NotFoundException refused) {
                return false;
            } catch (InvalidRequestException outside) {
                // "this place lies outside your area": intake refuses a report for a place no post covers
                return !outside.getMessage().contains("outside your area") && !outside.getMessage().contains("scope");
            }
        });
        return Boolean.TRUE.equals(allowed);
    }

    @Test
    void everyFrontDoorActionIsAllowedExactlyWhereOneAssignmentGrantsItAndCoversTheRecord() {
        List<String> wrong = new ArrayList<>();
        int allowed = 0;
        for (TestUsers.User user : PostHolders.all()) {
            for (Action action : actions()) {
                for (String area : PostHolders.RECORD_AREAS) {
                    boolean expected = expected(user, action.mayDo(), area);
                    boolean actual = attempt(user, action.call().apply(area));
                    if (expected != actual) {
                        wrong.add(user.username() + " " + action.name() + " in " + area + ": expected "
                                + (expected ? "allowed" : "refused") + ", was " + (actual ? "allowed" : "refused"));
                    }
                    allowed += actual ? 1 : 0;
                }
            }
        }
        assertThat(wrong).as("front-door actions allowed or refused against the rule").isEmpty();
        assertThat(allowed).isGreaterThan(10);
    }

    @Test
    void apiKeysAreACountyWideSettingThatNoTownPostReaches() {
        TestUsers.User townAdmin = PostHolders.townAdminAndShiftLead();
        assertThat(attempt(townAdmin, () -> keys.issue("走查", null))).as("a town's system admin").isFalse();
        TestUsers.User countyAdmin = TestUsers.user("walk.county-admin").holding(Role.SYSTEM_ADMIN, PostHolders.COUNTY)
                .holding(Role.GRID_WORKER, PostHolders.GRID_B).build();
        assertThat(attempt(countyAdmin, () -> keys.issue("走查", null))).as("the county's system admin").isTrue();
        TestUsers.User countyLeader = TestUsers.with("walk.county-leader", Role.LEADER, PostHolders.COUNTY);
        assertThat(attempt(countyLeader, () -> keys.issue("走查", null))).as("a leader, even county-wide").isFalse();
    }
}
