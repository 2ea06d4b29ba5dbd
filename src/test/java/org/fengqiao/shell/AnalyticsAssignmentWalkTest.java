package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.fengqiao.analytics.Dashboards;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * The analytics permissions walked with persons holding several posts in disjoint places: the dashboard of each
 * record area (and of the county and the towns) is shown exactly when ONE assignment both grants it and covers the
 * whole area asked for. The expected roles are written here, independent of {@code AnalyticsPermission}.
 */
@IntegrationTest
class AnalyticsAssignmentWalkTest {

    static final Set<Role> DASHBOARD = Set.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER);
    static final Set<Role> SUGGEST = Set.of(Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER);

    @Autowired
    Dashboards dashboards;
    @Autowired
    org.fengqiao.analytics.DispatchSuggestions suggestions;

    @Test
    void aDashboardIsShownExactlyWhenOneAssignmentGrantsItAndCoversTheArea() {
        List<String> areas = new ArrayList<>(PostHolders.RECORD_AREAS);
        areas.addAll(List.of(PostHolders.COUNTY, PostHolders.SHAPING, PostHolders.GONGHE, PostHolders.NANZHUANG,
                PostHolders.FENGHUANG));
        List<String> wrong = new ArrayList<>();
        for (TestUsers.User user : PostHolders.all()) {
            for (String area : areas) {
                check(wrong, user, area, "dashboard", PostHolders.expected(user, DASHBOARD, area), () -> user.call(
                        () -> dashboards.figures(query(area)) != null && dashboards.byArea(query(area)) != null
                                && dashboards.casesByState(query(area)) != null));
                if (area.length() >= 12) {
                    check(wrong, user, area, "suggest", PostHolders.expected(user, SUGGEST, area), () -> user.call(
                            () -> suggestions.forCase("X", area, 3) != null));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theWalkCanFail() {
        // a positive control: a grid worker of the whole county may not see the dashboard; the walk must say so
        TestUsers.User worker = TestUsers.with("walk.analytics-grid", Role.GRID_WORKER, PostHolders.COUNTY);
        List<String> wrong = new ArrayList<>();
        check(wrong, worker, PostHolders.GRID_B, "dashboard", true,
                () -> worker.call(() -> dashboards.figures(query(PostHolders.GRID_B)) != null));
        assertThat(wrong).hasSize(1);
    }

    private static Dashboards.Query query(String area) {
        LocalDate today = LocalDate.now();
        return new Dashboards.Query(area, null, null, today.minusMonths(2), today);
    }

    private static void check(List<String> wrong, TestUsers.User user, String area, String action, boolean expected,
                              Supplier<Boolean> attempt) {
        boolean allowed;
        try {
            allowed = attempt.get();
        } catch (AccessDeniedException | NotFoundException e) {
            allowed = false;
        }
        if (allowed != expected) {
            wrong.add(user.username() + " " + action + " in " + area + ": " + (allowed ? "allowed" : "refused")
                    + ", expected " + (expected ? "allowed" : "refused"));
        }
    }
}
