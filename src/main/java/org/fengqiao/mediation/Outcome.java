package org.fengqiao.mediation;

/** How a dispute ended. Only a settlement counts as resolved (化解) for the case it came from and for 化解率. */
public enum Outcome {
    SETTLED,
    PARTLY_SETTLED,
    NOT_SETTLED,
    WITHDRAWN,
    REFERRED_TO_COURT,
    REFERRED_TO_ARBITRATION;

    public boolean resolved() {
        return this == SETTLED;
    }

    /** Reached by signing a written agreement, not by recording an outcome. */
    public boolean byAgreement() {
        return this == SETTLED || this == PARTLY_SETTLED;
    }

    public static Outcome parse(String s) {
        return Vocabulary.parse(Outcome.class, s, "outcome");
    }
}
