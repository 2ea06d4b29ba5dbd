package org.fengqiao.intake;

/** What the center decided about a report. */
public enum ReportStatus {
    PENDING, ACCEPTED, REJECTED, MERGED, SOLVED_ON_SPOT
}
