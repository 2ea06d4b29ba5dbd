package org.fengqiao.mediation;

/** The kinds of dispute (矛盾纠纷) the mediation module knows; also a mediator's specialties. */
public enum DisputeType {
    LABOUR,
    NEIGHBOUR,
    FAMILY,
    LAND_PROPERTY,
    CONTRACT_DEBT,
    CONSUMER,
    TRAFFIC,
    MEDICAL,
    OTHER;

    /** The type a case of this category becomes when the center refers it to mediation. */
    public static DisputeType ofCaseCategory(String categoryCode) {
        if (categoryCode == null) {
            return OTHER;
        }
        return switch (categoryCode) {
            case "DSP-LABOUR" -> LABOUR;
            case "DSP-NEIGHBOUR", "ENV-NOISE" -> NEIGHBOUR;
            case "DSP-FAMILY" -> FAMILY;
            case "HZD-TRAFFIC" -> TRAFFIC;
            case "MKT-FOOD", "MKT-UNLICENSED" -> CONSUMER;
            default -> OTHER;
        };
    }

    public static DisputeType parse(String s) {
        return Vocabulary.parse(DisputeType.class, s, "type");
    }
}
