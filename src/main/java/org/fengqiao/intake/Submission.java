package org.fengqiao.intake;

import java.util.List;

/**
 * The answer to a submission.
 *
 * @param replayed   true when the idempotency key had been seen: this is the report made the first time
 * @param duplicates possible duplicates: same category, nearby, in the last seven days
 */
public record Submission(ReportView report, boolean replayed, List<Similar> duplicates) {

    public record Similar(long reportId, Long caseId, String description, String areaCode, ReportStatus status,
                          java.time.Instant receivedAt) {
    }
}
