package org.fengqiao.shell;

import java.util.List;

import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;

/**
 * Persons who hold several posts in disjoint places, as the seeds describe them, for the permission walks of every
 * module ({@code *AssignmentWalkTest}): an action on a record is allowed only when ONE assignment both grants it
 * and covers the record. Areas are the demo county's.
 */
public final class PostHolders {

    public static final String COUNTY = "440784";
    /** 沙坪街道 and, inside it, 凤凰社区 with its first grid (grid A). */
    public static final String SHAPING = "440784001";
    public static final String FENGHUANG = "440784001001";
    public static final String GRID_A = "440784001001001";
    /** 共和镇 and, inside it, 南庄村 with its first grid (grid B). */
    public static final String GONGHE = "440784106";
    public static final String NANZHUANG = "440784106200";
    public static final String GRID_B = "440784106200001";
    /** A town none of the persons below holds anything in. */
    public static final String LONGKOU = "440784101";

    /** Areas to put records in: inside each post below and outside all of them. */
    public static final List<String> RECORD_AREAS = List.of(GRID_A, GRID_B, SHAPING + "002001", GONGHE + "201001",
            LONGKOU + "200001");

    /** The case: a grid worker of grid B whom the security admin also made leader of 沙坪街道. */
    public static TestUsers.User gridWorkerAndTownLeader() {
        return TestUsers.user("walk.gridb-leader").holding(Role.GRID_WORKER, GRID_B).holding(Role.LEADER, SHAPING)
                .build();
    }

    /** A police officer who is deputy grid leader of grid A and 副书记 (a leader) of 南庄村. */
    public static TestUsers.User policeAndVillageLeader() {
        return TestUsers.user("walk.police-village").holding(Role.COMMUNITY_POLICE, GRID_A)
                .holding(Role.LEADER, NANZHUANG).build();
    }

    /** A town cadre (dispatcher of 共和镇's center) who is also a grid worker at home in grid A. */
    public static TestUsers.User townDispatcherAndGridWorker() {
        return TestUsers.user("walk.dispatcher-grid").holding(Role.DISPATCHER, GONGHE)
                .holding(Role.GRID_WORKER, GRID_A).build();
    }

    /** A town intake clerk of 沙坪, a mediator in 共和镇 and a volunteer reporter in 龙口镇. */
    public static TestUsers.User clerkMediatorVolunteer() {
        return TestUsers.user("walk.clerk-mediator").holding(Role.INTAKE_CLERK, SHAPING)
                .holding(Role.MEDIATOR, GONGHE).holding(Role.VOLUNTEER_REPORTER, LONGKOU).build();
    }

    /** A town-level system admin of 共和镇 and a shift lead of 沙坪 (no county-level post). */
    public static TestUsers.User townAdminAndShiftLead() {
        return TestUsers.user("walk.townadmin-shiftlead").holding(Role.SYSTEM_ADMIN, GONGHE)
                .holding(Role.SHIFT_LEAD, SHAPING).build();
    }

    public static List<TestUsers.User> all() {
        return List.of(gridWorkerAndTownLeader(), policeAndVillageLeader(), townDispatcherAndGridWorker(),
                clerkMediatorVolunteer(), townAdminAndShiftLead());
    }

    /**
     * The walk's own statement of the rule, independent of any module's permission table: given the roles that may
     * do an action (written in the test), is the action allowed for this user on a record in this area?
     */
    public static boolean expected(TestUsers.User user, java.util.Set<Role> mayDo, String recordArea) {
        return user.assignments().stream()
                .anyMatch(a -> mayDo.contains(a.role()) && recordArea.startsWith(a.areaCode()));
    }

    private PostHolders() {
    }
}
