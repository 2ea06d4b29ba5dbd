package org.fengqiao.mediation;

/** 简单 / 复杂 / 疑难. */
public enum RiskLevel {
    SIMPLE,
    COMPLEX,
    DIFFICULT;

    public static RiskLevel parse(String s) {
        return Vocabulary.parse(RiskLevel.class, s, "risk");
    }
}
