package org.fengqiao.people;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

@Component
class PeopleNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(
                new Item("nav.persons", "/persons", "👥", 60, PeoplePermission.READ_PERSONS),
                new Item("nav.organisations", "/organisations", "🏢", 61, PeoplePermission.READ_ORGANISATIONS));
    }
}
