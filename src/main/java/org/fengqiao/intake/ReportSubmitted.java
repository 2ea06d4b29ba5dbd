package org.fengqiao.intake;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A report arrived from some channel; carries what the read models downstream (public tracking, Open311, the
 * workbenches and dashboards) need, never the reporter's identity. Reports are announced in batches
 * ({@link ReportsSubmitted}); this event on its own is no longer published, and its listeners stay for publications
 * an earlier release stored and has not delivered yet.
 *
 * @param submittedBy the staff username, or the public client ("qr:…", "open311:3")
 * @param acceptDue   when the center must have decided (null when solved on the spot)
 * @param subjectKind the kind of registry record the report concerns (HOUSEHOLD, RESIDENT, ROOM, BUILDING …), or null
 * @param subjectRef  that record's reference, or null
 */
public record ReportSubmitted(long reportId, ReportChannel channel, String categoryCode, String areaCode,
                              boolean solvedOnSpot, Instant receivedAt, Instant acceptDue, String description,
                              Double lon, Double lat, String address, String gridName, String submittedBy,
                              List<UUID> photoIds, String subjectKind, String subjectRef) {
}
