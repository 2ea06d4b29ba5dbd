package org.fengqiao.analytics;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class AnalyticsNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(new Item("analytics.nav.dashboard", "/analytics", "📈", 13, AnalyticsPermission.READ_DASHBOARD));
    }
}
