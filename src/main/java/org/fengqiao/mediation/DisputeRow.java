package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Instant;

/** A dispute in a list (no party details). */
public record DisputeRow(long id, String number, DisputeType type, String title, String areaCode, Tier tier,
                         String siteName, DisputeState state, RiskLevel risk, BigDecimal amount, int peopleInvolved,
                         String mediatorName, Outcome outcome, Instant registeredAt, Instant tierDue, Instant closedAt,
                         boolean overdue, int openWarnings) {
}
