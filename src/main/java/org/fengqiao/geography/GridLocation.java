package org.fengqiao.geography;

import java.util.List;

/**
 * Where a WGS84 point lies: its base grid (with the village/community and town/street it belongs to, by code
 * prefix) and the overlay grids (industrial park, maritime, police defense zone) covering it.
 */
public record GridLocation(String gridCode, String gridName, String villageCode, String townCode,
                           List<String> overlayCodes) {

    public GridLocation {
        overlayCodes = overlayCodes == null ? List.of() : List.copyOf(overlayCodes);
    }
}
