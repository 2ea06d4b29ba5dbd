package org.fengqiao.cases;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A case as its readers see it, with the actions the current user may take now. */
public record CaseView(long id, String number, String categoryCode, String description, String areaCode,
                       String handlingLevel, CaseState state, boolean dispute, Long firstReportId, Instant openedAt,
                       String openedBy, Long leadOrgId, String leadOrgName, List<Long> assistOrgIds,
                       Instant dispatchedAt, Instant signedAt, Instant fedBackAt, Instant signDue, Instant handleDue,
                       Instant verifyDue, Instant closedAt, String closingKind, int dispatchCount, int returnCount,
                       int reworkCount, boolean supervised, String supervisionReason, int urgeCount,
                       boolean extensionPending, String backlogReason, String rating, String runningStage,
                       Instant runningDue, boolean overdue, int version, Set<CaseAction> allowed) {

    static CaseView of(CaseFile c, Instant now, Set<CaseAction> allowed) {
        Instant due = c.runningDue();
        return new CaseView(c.id, c.number, c.categoryCode, c.description, c.areaCode, c.handlingLevel, c.state,
                c.dispute, c.firstReportId, c.openedAt, c.openedBy, c.leadOrgId, c.leadOrgName, c.assistOrgIds,
                c.dispatchedAt, c.signedAt, c.fedBackAt, c.signDue, c.handleDue, c.verifyDue, c.closedAt,
                c.closingKind, c.dispatchCount, c.returnCount, c.reworkCount, c.supervised, c.supervisionReason,
                c.urgeCount, c.extensionPending, c.backlogReason, c.rating, c.runningStage(), due,
                due != null && now.isAfter(due), c.version, allowed);
    }

    public boolean may(String action) {
        return allowed.stream().anyMatch(a -> a.name().equals(action));
    }
}
