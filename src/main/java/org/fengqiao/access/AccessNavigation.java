package org.fengqiao.access;

import java.util.List;
import java.util.Set;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class AccessNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(new Item("nav.accounts", "/admin/accounts", "🔐", 90, AccessPermission.ADMINISTER_ACCOUNTS),
                new Item("nav.password", "/account/password", "🔑", 99, Set.of()));
    }
}
