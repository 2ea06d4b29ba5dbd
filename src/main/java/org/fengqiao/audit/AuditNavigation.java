package org.fengqiao.audit;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class AuditNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(new Item("nav.audit", "/audit", "📜", 95, AuditPermission.READ_TRAIL));
    }
}
