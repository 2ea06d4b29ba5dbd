package org.fengqiao.intake;

import java.time.Instant;

/** A report arrived from some channel. */
public record ReportSubmitted(long reportId, ReportChannel channel, String categoryCode, String areaCode,
                              boolean solvedOnSpot, Instant receivedAt) {
}
