package org.fengqiao.publicchannel;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.stereotype.Component;

/** Menu entries of the public channels. */
@Component
class PublicChannelNavigation implements Navigation {

    @Override
    public List<Item> items() {
        return List.of(
                new Item("publicchannel.nav.codes", "/channels/codes", "▦", 60, PublicChannelPermission.READ_CODES),
                new Item("publicchannel.nav.volunteers", "/channels/volunteers", "✋", 61,
                        PublicChannelPermission.MANAGE_VOLUNTEERS));
    }
}
