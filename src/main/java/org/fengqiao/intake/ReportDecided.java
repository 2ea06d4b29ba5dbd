package org.fengqiao.intake;

import java.time.Instant;

/**
 * The center decided about a report: accepted into a case (立案), merged into one as a duplicate, or not accepted
 * (不予立案). Declared here and published by the module that decides (cases), so that intake keeps its report
 * status without depending on it.
 *
 * @param caseId the case it belongs to now; null when rejected
 * @param reason the reason for a rejection (or a note), may be null
 */
public record ReportDecided(long reportId, ReportStatus decision, Long caseId, String caseNumber, String reason,
                            Instant at, String actor) {
    public ReportDecided {
        if (decision == ReportStatus.PENDING || decision == ReportStatus.SOLVED_ON_SPOT) {
            throw new IllegalArgumentException("A decision accepts, merges or rejects");
        }
    }
}
