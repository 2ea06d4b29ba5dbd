package org.fengqiao.intake;

import java.util.List;
import java.util.Set;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class IntakeNavigation implements Navigation {
    @Override
    public List<Item> items() {
        return List.of(
                new Item("intake.nav.counter", "/intake/new", "📝", 20, ReportIntake.COUNTER_ROLES),
                new Item("intake.nav.patrol", "/intake/patrol", "📷", 21, ReportIntake.PATROL_ROLES),
                new Item("intake.nav.mine", "/intake/mine", "🗂", 22, Set.of("GRID_WORKER", "COMMUNITY_POLICE",
                        "VOLUNTEER_REPORTER")));
    }
}
