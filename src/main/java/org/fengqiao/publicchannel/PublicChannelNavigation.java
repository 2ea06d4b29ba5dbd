package org.fengqiao.publicchannel;

import java.util.List;
import java.util.Set;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

/** Menu entries of the public channels. */
@Component
class PublicChannelNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(
                new Item("publicchannel.nav.codes", "/channels/codes", "▦", 60,
                        Set.of("INTAKE_CLERK", "DISPATCHER", "SHIFT_LEAD", "LEADER", "GRID_WORKER",
                                "COMMUNITY_POLICE", "SYSTEM_ADMIN")),
                new Item("publicchannel.nav.volunteers", "/channels/volunteers", "✋", 61,
                        Set.of("INTAKE_CLERK", "SHIFT_LEAD", "LEADER", "SYSTEM_ADMIN")));
    }
}
