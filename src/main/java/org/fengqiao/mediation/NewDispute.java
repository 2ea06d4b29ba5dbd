package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.util.List;

/**
 * A dispute as staff register it (or as the API sends it).
 *
 * @param tier   the tier to start at; null: the lowest tier that has a site serving the area
 * @param siteId the site to handle it; null: the nearest site of the tier serving the area
 */
public record NewDispute(String type, String title, String description, BigDecimal amount, Integer peopleInvolved,
                         String areaCode, String place, String risk, String language, String tier, Long siteId,
                         List<NewParty> parties) {

    /**
     * A party: a person (ID number and phone are encrypted and masked) or an organisation.
     *
     * @param represents how many people this party speaks for (a workers' representative: 34)
     */
    public record NewParty(String side, String kind, String name, String idNumber, String phone, String address,
                           Integer represents, Long organisationId) {
    }
}
