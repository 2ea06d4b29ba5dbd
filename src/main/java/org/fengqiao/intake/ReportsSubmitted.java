package org.fengqiao.intake;

import java.util.List;

/**
 * Reports that arrived, announced together: intake's announcer publishes one of these for every batch of reports
 * committed since its last round ({@code ReportAnnouncer}), so that each module downstream handles many reports in
 * one transaction instead of one publication, one transaction and one commit per report. Every report of the platform
 * is announced exactly once, in one of these; a batch holds at most {@link #MAX} reports, in the order of their ids.
 */
public record ReportsSubmitted(List<ReportSubmitted> reports) {

    /** The most reports one announcement carries. */
    public static final int MAX = 200;

    public ReportsSubmitted {
        reports = List.copyOf(reports);
    }
}
