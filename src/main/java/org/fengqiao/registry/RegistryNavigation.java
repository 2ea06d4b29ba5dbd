package org.fengqiao.registry;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class RegistryNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(
                new Item("nav.registry", "/registry", "🏠", 55, RegistryPermission.READ),
                new Item("nav.registry.mine", "/registry/mine", "📒", 56, RegistryPermission.READ_CARE),
                new Item("nav.registry.import", "/registry/imports", "📥", 57, RegistryPermission.IMPORT),
                new Item("nav.registry.tenants", "/registry/tenants", "🔑", 58, RegistryPermission.EDIT),
                new Item("nav.registry.rentals", "/registry/rentals", "🏘", 59, RegistryPermission.READ_RENTALS));
    }
}
