package org.fengqiao.intake;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class IntakeNavigation implements Navigation {
    @Override
    public List<Item> items() {
        return List.of(
                new Item("intake.nav.counter", "/intake/new", "📝", 20, IntakePermission.SUBMIT_AT_COUNTER),
                new Item("intake.nav.patrol", "/intake/patrol", "📷", 21, IntakePermission.SUBMIT_ON_PATROL),
                new Item("intake.nav.mine", "/intake/mine", "🗂", 22, IntakePermission.READ_OWN));
    }
}
