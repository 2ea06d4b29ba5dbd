package org.fengqiao.mediation;

/**
 * The tiers a dispute is handled at, lowest first: "厂里和、站里调、所里解" and the county above them. A dispute is
 * handled at the lowest tier that can settle it and escalated (or handed down) with a reason.
 */
public enum Tier {
    /** The enterprise or village itself (厂里和, 村里调). */
    ENTERPRISE_VILLAGE,
    /** A police post, mediation station or community (站里调). */
    STATION_COMMUNITY,
    /** The police station or the town's governance center (所里解). */
    POLICE_TOWN,
    /** The county's governance center and its mediation bodies. */
    COUNTY;

    public boolean highest() {
        return this == COUNTY;
    }

    public boolean lowest() {
        return this == ENTERPRISE_VILLAGE;
    }

    public Tier above() {
        if (highest()) {
            throw new IllegalStateException("No tier above the county");
        }
        return values()[ordinal() + 1];
    }

    public Tier below() {
        if (lowest()) {
            throw new IllegalStateException("No tier below the enterprise or village");
        }
        return values()[ordinal() - 1];
    }

    public static Tier parse(String s) {
        return Vocabulary.parse(Tier.class, s, "tier");
    }
}
