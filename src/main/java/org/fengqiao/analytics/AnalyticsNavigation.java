package org.fengqiao.analytics;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class AnalyticsNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(new Item("analytics.nav.dashboard", "/analytics", "📈", 13, AnalyticsPermission.READ_DASHBOARD),
                new Item("analytics.nav.map", "/analytics/map", "🗺", 14, AnalyticsPermission.READ_DASHBOARD),
                new Item("analytics.nav.reports", "/analytics/reports", "📑", 15, AnalyticsPermission.READ_REPORT),
                new Item("analytics.nav.warnings", "/analytics/warnings", "🚨", 16,
                        AnalyticsPermission.HANDLE_WARNINGS),
                new Item("analytics.nav.repeats", "/analytics/repeats", "🔁", 17, AnalyticsPermission.READ_DASHBOARD));
    }
}
