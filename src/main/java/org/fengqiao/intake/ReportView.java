package org.fengqiao.intake;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A report as staff see it; the reporter's phone is masked. */
public record ReportView(long id, ReportChannel channel, String categoryCode, String description, Double lon,
                         Double lat, String address, String areaCode, String gridName, List<String> overlayCodes,
                         boolean hasReporter, String reporterPhoneMasked, ReportStatus status, Long caseId,
                         String decisionReason, String submittedBy, Instant receivedAt, Instant acceptDue,
                         List<Photo> photos, int version, Subject subject) {

    /** The registry record the report concerns. */
    public record Subject(String kind, String ref, String label) {
    }

    public record Photo(UUID id, PhotoRole role) {
    }
}
