package org.fengqiao.geography;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

/** Menu entries: the map for every signed-in user, the area administration for system administrators. */
@Component
class GeographyNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(
                new Item("geo.nav.map", "/map", "🗺", 20, GeographyPermission.READ_AREAS),
                new Item("geo.nav.areas", "/areas", "🏘", 90, GeographyPermission.EDIT_AREAS));
    }
}
