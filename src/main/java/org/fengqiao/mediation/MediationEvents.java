package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Past-tense events of a dispute's life, published in the transaction of the step (the JDBC event-publication
 * registry keeps them until every listener handled them after commit). Each carries what a listener needs — ids,
 * area, type, tier, amounts and head counts where they matter, time and actor — so nobody calls back to ask. The
 * outcome of a dispute that came from a case also goes to cases as {@code CaseEvents.MediationConcluded}.
 */
public final class MediationEvents {

    private MediationEvents() {
    }

    /** What every dispute event carries. */
    public sealed interface DisputeEvent {
        long disputeId();

        String number();

        String areaCode();

        DisputeType type();

        Tier tier();

        Instant at();

        String actor();
    }

    /**
     * A dispute was registered: by staff, from a case the center referred, or by a party through a site's QR code.
     *
     * @param siteId the site handling it at its first tier, or null
     */
    public record DisputeRegistered(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                    Instant at, String actor, RiskLevel risk, BigDecimal amount, int peopleInvolved,
                                    Vocabulary.Source source, Long caseId, Long reportId, Long siteId,
                                    Instant tierDue) implements DisputeEvent {
    }

    /** Type, risk, amount or head count were assessed again. */
    public record DisputeAssessed(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                  Instant at, String actor, RiskLevel risk, BigDecimal amount, int peopleInvolved)
            implements DisputeEvent {
    }

    /**
     * Escalated to the tier above or handed down to the tier below, with the reason.
     *
     * @param tier the new tier
     */
    public record DisputeTierChanged(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                     Instant at, String actor, Tier fromTier, boolean escalated, String reason,
                                     Long siteId, String siteName, Instant tierDue, int escalations)
            implements DisputeEvent {
    }

    /** A tier's deadline on the working calendar passed while the dispute was still open there. */
    public record DisputeTierOverdue(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                     Instant at, String actor, Instant tierDue, Long siteId) implements DisputeEvent {
    }

    /** A party (through staff or their own link) chose a mediator from the menu. */
    public record MediatorChosen(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                 Instant at, String actor, long choiceId, long mediatorId,
                                 Vocabulary.MediatorKind mediatorKind, Long mediatorSiteId, boolean byParty,
                                 Integer suggestedRank) implements DisputeEvent {
    }

    /** The chosen mediator accepted (two-way choice completed). */
    public record MediatorAccepted(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                   Instant at, String actor, long choiceId, long mediatorId,
                                   Vocabulary.MediatorKind mediatorKind, Long mediatorSiteId)
            implements DisputeEvent {
    }

    /** The chosen mediator declined, with a reason that is kept and counted. */
    public record MediatorDeclined(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                   Instant at, String actor, long choiceId, long mediatorId,
                                   Vocabulary.DeclineCode declineCode, String reason) implements DisputeEvent {
    }

    /** The site took the dispute up itself, without a mediator from the menu. */
    public record DisputeTakenUp(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                 Instant at, String actor, Long siteId) implements DisputeEvent {
    }

    /** A session was booked (in a room, or at a named place). */
    public record SessionBooked(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                Instant at, String actor, long sessionId, Long roomId, Vocabulary.RoomKind roomKind,
                                Instant startsAt, Instant endsAt) implements DisputeEvent {
    }

    /** A session took place, with its attendees and a record. */
    public record SessionHeld(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                              Instant at, String actor, long sessionId, Long roomId, Vocabulary.RoomKind roomKind,
                              int attendeeCount, Long mediatorId) implements DisputeEvent {
    }

    /** A booked session was cancelled with a reason. */
    public record SessionCancelled(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                   Instant at, String actor, long sessionId, String reason) implements DisputeEvent {
    }

    /**
     * The dispute ended. {@code resolved}: settled (化解).
     *
     * @param siteId the site at the tier it ended at
     */
    public record OutcomeRecorded(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                  Instant at, String actor, Outcome outcome, boolean resolved, String reason,
                                  BigDecimal amount, int peopleInvolved, Long mediatorId, Long siteId,
                                  Instant registeredAt, int escalations, Long caseId) implements DisputeEvent {
    }

    /** The written agreement was drafted or changed. */
    public record AgreementDrafted(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                   Instant at, String actor, long agreementId, boolean partial,
                                   LocalDate performanceDeadline) implements DisputeEvent {
    }

    /** The parties, the mediator and the committee signed the agreement; the 30 days for confirmation run. */
    public record AgreementSigned(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                  Instant at, String actor, long agreementId, String agreementNumber,
                                  boolean partial, BigDecimal amount, int peopleInvolved, Instant confirmBy,
                                  LocalDate performanceDeadline, Instant callbackDue) implements DisputeEvent {
    }

    /** Whether the terms were performed (履行情况), recorded on follow-up. */
    public record PerformanceRecorded(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                      Instant at, String actor, long agreementId, String performance,
                                      boolean onTime) implements DisputeEvent {
    }

    /** The parties applied jointly to a court for judicial confirmation (人民调解法 Art. 33). */
    public record ConfirmationApplied(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                      Instant at, String actor, long agreementId, long courtOrgId, String courtName,
                                      long daysAfterSigning) implements DisputeEvent {
    }

    /**
     * The court's step: accepted (with its case number) or not, then confirmed or rejected.
     *
     * @param status ACCEPTED, NOT_ACCEPTED, CONFIRMED or REJECTED
     */
    public record ConfirmationDecided(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                      Instant at, String actor, long agreementId, long courtOrgId, String status,
                                      String courtCaseNumber) implements DisputeEvent {
    }

    /** The 30 days for judicial confirmation are running out and nobody applied yet. */
    public record ConfirmationWindowClosing(long disputeId, String number, String areaCode, DisputeType type,
                                            Tier tier, Instant at, String actor, long agreementId, Instant confirmBy)
            implements DisputeEvent {
    }

    /** The call-back (回访): does the settlement hold? */
    public record CallBackDone(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                               Instant at, String actor, long agreementId, String result, boolean holding)
            implements DisputeEvent {
    }

    /** An early-warning rule flagged the dispute; a named person must acknowledge and handle it in time. */
    public record WarningRaised(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                Instant at, String actor, long warningId, String ruleCode, String level,
                                String finding, Long assigneePersonId, Instant ackDue, Instant handleDue)
            implements DisputeEvent {
    }

    public record WarningAcknowledged(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                      Instant at, String actor, long warningId, String ruleCode, String level,
                                      boolean onTime) implements DisputeEvent {
    }

    public record WarningHandled(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                 Instant at, String actor, long warningId, String ruleCode, String level,
                                 boolean onTime, String handling) implements DisputeEvent {
    }

    /** A warning's handling deadline passed unhandled. */
    public record WarningOverdue(long disputeId, String number, String areaCode, DisputeType type, Tier tier,
                                 Instant at, String actor, long warningId, String ruleCode, String level,
                                 Instant handleDue) implements DisputeEvent {
    }
}
