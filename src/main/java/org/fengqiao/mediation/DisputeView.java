package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A dispute with everything its page and the API show: parties (masked; reading them is audited), the pending
 * choice of mediator, sessions, the agreement and its court confirmation, warnings, and the actions the reader may
 * take now.
 */
public record DisputeView(long id, String number, DisputeType type, String title, String description,
                          BigDecimal amount, int peopleInvolved, String areaCode, String place,
                          Vocabulary.Source source, Long caseId, String caseNumber, Long reportId, RiskLevel risk,
                          String language, Tier tier, Long siteId, String siteName, DisputeState state,
                          Instant tierStartedAt, Instant tierDue, boolean overdue, Long mediatorId,
                          String mediatorName, Outcome outcome, String outcomeReason, Instant closedAt,
                          int escalations, int handDowns, String trackingCode, Instant registeredAt,
                          String registeredBy, int version, List<PartyView> parties, Choice pendingChoice,
                          List<Choice> choices, List<Session> sessions, Agreement agreement, List<Warning> warnings,
                          Set<DisputeAction> allowed) {

    public boolean may(String action) {
        return allowed.stream().anyMatch(a -> a.name().equals(action));
    }

    /** A choice of mediator and the answer to it. */
    public record Choice(long id, long mediatorId, String mediatorName, Vocabulary.MediatorKind mediatorKind,
                         Tier tier, Instant chosenAt, String chosenBy, String chosenVia, Integer suggestedRank,
                         String status, Instant respondedAt, String respondedBy, String declineCode, String reason) {
    }

    /** A session, booked in a room or at a place, held or cancelled. */
    public record Session(long id, Long roomId, String roomName, Vocabulary.RoomKind roomKind, String place,
                          Instant startsAt, Instant endsAt, Tier tier, String status, String bookedBy,
                          String attendees, Integer attendeeCount, String record, Instant heldAt,
                          String cancelledReason) {
    }

    /** The written agreement and what followed it. */
    public record Agreement(long id, String number, boolean partial, String facts, String matters,
                            String responsibilities, String terms, String performanceManner,
                            LocalDate performanceDeadline, String status, Instant draftedAt, Instant signedAt,
                            String mediatorName, String committeeName, Instant confirmBy, String performance,
                            Instant performanceAt, String performanceNote, Instant callbackDue, Instant callbackAt,
                            String callbackResult, String callbackNote, int printedCount, int version,
                            Confirmation confirmation) {
        public boolean signed() {
            return "SIGNED".equals(status);
        }
    }

    /** A judicial-confirmation application and the court's steps. */
    public record Confirmation(long id, long courtOrgId, String courtName, Instant appliedAt, String appliedBy,
                               String status, String courtCaseNumber, Instant acceptedAt, Instant decidedAt,
                               String decisionNote) {
    }

    /** An early warning on the dispute. */
    public record Warning(long id, String ruleCode, String level, String finding, Instant raisedAt,
                          Long assigneePersonId, String assigneeName, Instant ackDue, Instant handleDue, String state,
                          Instant acknowledgedAt, String acknowledgedBy, Instant handledAt, String handledBy,
                          String handling) {
        public boolean open() {
            return !"HANDLED".equals(state);
        }
    }
}
