package org.fengqiao.publicchannel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.CaseState;
import org.fengqiao.cases.CaseView;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.intake.ReportView;
import org.fengqiao.intake.Reports;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.publicchannel.internal.ReadAs;
import org.springframework.stereotype.Service;

/**
 * What the public may know about a report: where it stands and its public timeline. Never staff names, never the
 * reporter's identity, never internal notes: only the steps themselves (accepted, dispatched to a department, signed
 * for, fed back, verified, closed …) and the notes staff marked public (the timeline's public flag, set with the
 * "public" checkbox or JSON field of a note).
 * Used by the tracking page and by Open311 ({@code extensions=true}, {@code servicerequestupdates}).
 */
@Service
public class PublicProgress {

    private final Reports reports;
    private final CaseManagement cases;

    PublicProgress(Reports reports, CaseManagement cases) {
        this.reports = reports;
        this.cases = cases;
    }

    /**
     * One public step.
     *
     * @param code   the platform's own state or step: RECEIVED, ACCEPTED, REJECTED, MERGED, SOLVED_ON_SPOT,
     *               DISPATCHED, RETURNED, IN_PROGRESS, FED_BACK, REWORK, BACKLOG, MEDIATION, CLOSED, SUPERVISED, NOTE
     * @param note   public text (a public note, the department dispatched to), or null
     */
    public record Step(long id, Instant at, String code, String note) {
    }

    /**
     * A report's public state.
     *
     * @param open whether it is still open (v2's two-value status)
     */
    public record Progress(long reportId, String categoryCode, String description, String areaCode, Double lon,
                           Double lat, String address, Instant receivedAt, ReportStatus reportStatus, Long caseId,
                           String caseNumber, CaseState caseState, String agency, Instant expectedAt,
                           Instant closedAt, Instant updatedAt, boolean open, List<Step> steps,
                           List<java.util.UUID> photoIds) {

        /** The platform's own current state, e.g. PENDING, DISPATCHED, CLOSED, REJECTED. */
        public String platformState() {
            if (caseState != null) {
                return caseState.name();
            }
            return reportStatus.name();
        }
    }

    /** The progress of a report in this area (the caller knows both from a tracking code or a request id). */
    public Progress of(long reportId, String areaCode) {
        return ReadAs.run("public", areaCode, () -> load(reportId, areaCode));
    }

    /** The progress of a report anywhere (Open311 looks reports up by id only). */
    public Optional<Progress> find(long reportId, DataScope scope) {
        try {
            ReportView r = reports.find(reportId, scope);
            return Optional.of(of(r.id(), r.areaCode()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Progress load(long reportId, String areaCode) {
        ReportView r = reports.find(reportId, DataScope.of(areaCode));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(0, r.receivedAt(), "RECEIVED", null));
        CaseView c = null;
        if (r.caseId() != null) {
            try {
                c = cases.find(r.caseId());
            } catch (RuntimeException e) {
                c = null; // the case lies elsewhere (merged across areas): show the report's own state only
            }
        }
        Instant updated = r.receivedAt();
        if (r.status() == ReportStatus.REJECTED || r.status() == ReportStatus.SOLVED_ON_SPOT) {
            steps.add(new Step(1, r.receivedAt(), r.status().name(), null));
        }
        if (r.status() == ReportStatus.MERGED) {
            steps.add(new Step(1, r.receivedAt(), "MERGED", null));
        }
        if (c != null) {
            for (CaseManagement.TimelineEntry e : cases.timeline(c.id())) {
                Step s = publicStep(e, c);
                if (s != null) {
                    steps.add(s);
                }
                if (e.at().isAfter(updated)) {
                    updated = e.at();
                }
            }
        }
        steps.sort(Comparator.comparing(Step::at).thenComparing(Step::id));
        boolean open;
        Instant closedAt = null;
        if (c != null) {
            open = c.state().open();
            closedAt = c.closedAt();
        } else {
            open = r.status() == ReportStatus.PENDING || r.status() == ReportStatus.ACCEPTED
                    || r.status() == ReportStatus.MERGED;
            if (!open) {
                closedAt = r.receivedAt();
            }
        }
        return new Progress(r.id(), r.categoryCode(), r.description(), r.areaCode(), r.lon(), r.lat(), r.address(),
                r.receivedAt(), r.status(), c == null ? null : c.id(), c == null ? null : c.number(),
                c == null ? null : c.state(), c == null ? null : c.leadOrgName(),
                c == null ? r.acceptDue() : (c.handleDue() != null ? c.handleDue() : c.runningDue()), closedAt,
                updated, open, List.copyOf(steps),
                r.photos() == null ? List.of() : r.photos().stream().map(ReportView.Photo::id).toList());
    }

    private static Step publicStep(CaseManagement.TimelineEntry e, CaseView c) {
        String action = e.action();
        return switch (action) {
            case "OPEN" -> new Step(e.id(), e.at(), "ACCEPTED", null);
            case "DISPATCH" -> new Step(e.id(), e.at(), "DISPATCHED", e.detail() != null && e.detail().length() < 120
                    ? e.detail() : null);
            case "SIGN" -> new Step(e.id(), e.at(), "IN_PROGRESS", null);
            case "RETURN" -> new Step(e.id(), e.at(), "RETURNED", null);
            case "FEEDBACK" -> new Step(e.id(), e.at(), "FED_BACK", null);
            case "VERIFY_PASS" -> new Step(e.id(), e.at(), "CLOSED", null);
            case "VERIFY_FAIL" -> new Step(e.id(), e.at(), "REWORK", null);
            case "CLOSE", "MEDIATION_CONCLUDED" -> new Step(e.id(), e.at(),
                    e.toState() != null ? e.toState() : "CLOSED", null);
            case "BACKLOG_IT" -> new Step(e.id(), e.at(), "BACKLOG", null);
            case "RESUME" -> new Step(e.id(), e.at(), "IN_PROGRESS", null);
            case "REFER_TO_MEDIATION" -> new Step(e.id(), e.at(), "MEDIATION", null);
            case "SUPERVISE" -> new Step(e.id(), e.at(), "SUPERVISED", null);
            case "NOTE" -> publicNote(e);
            default -> null;
        };
    }

    /** Only notes staff flagged public, with their text alone (never the author). */
    private static Step publicNote(CaseManagement.TimelineEntry e) {
        if (!e.shownToPublic()) {
            return null;
        }
        String text = e.reason() != null ? e.reason() : e.detail();
        return text == null || text.isBlank() ? null : new Step(e.id(), e.at(), "NOTE", text.strip());
    }
}
