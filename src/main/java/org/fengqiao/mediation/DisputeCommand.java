package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import org.fengqiao.platform.InvalidRequestException;

/** One step on a dispute, as a named command that validates itself. */
public sealed interface DisputeCommand {

    DisputeAction action();

    record Assess(String type, String risk, BigDecimal amount, Integer peopleInvolved, String note)
            implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.ASSESS;
        }
    }

    /** A party the registration did not know yet (a case referred to mediation comes without parties). */
    record AddParty(NewDispute.NewParty party) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.ADD_PARTY;
        }
    }

    /** Staff choose for the parties (a party's own choice goes through their link). */
    record ChooseMediator(long mediatorId) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.CHOOSE_MEDIATOR;
        }
    }

    record Accept(String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.ACCEPT;
        }
    }

    record Decline(String declineCode, String reason) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.DECLINE;
        }
    }

    record TakeUp(String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.TAKE_UP;
        }
    }

    /** @param siteId the site at the tier above; null: the nearest one serving the dispute's area */
    record Escalate(Long siteId, String reason) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.ESCALATE;
        }
    }

    record HandDown(Long siteId, String reason) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.HAND_DOWN;
        }
    }

    /** A session in a room (never double booked) or at a named place (on site, at the factory …). */
    record BookSession(Long roomId, String place, Instant startsAt, Instant endsAt) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.BOOK_SESSION;
        }
    }

    record HoldSession(long sessionId, String attendees, Integer attendeeCount, String record)
            implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.HOLD_SESSION;
        }
    }

    record CancelSession(long sessionId, String reason) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.CANCEL_SESSION;
        }
    }

    /** The written agreement (人民调解法 Art. 28–29): facts, matters, responsibilities, terms, manner and deadline. */
    record DraftAgreement(boolean partial, String facts, String matters, String responsibilities, String terms,
                          String performanceManner, LocalDate performanceDeadline) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.DRAFT_AGREEMENT;
        }
    }

    /** The parties, the mediator and the committee signed the printed agreement. */
    record SignAgreement(String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.SIGN_AGREEMENT;
        }
    }

    /** Not settled, withdrawn, referred to court or arbitration, with the reason. */
    record RecordOutcome(String outcome, String reason) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.RECORD_OUTCOME;
        }
    }

    /** @param performance PERFORMED, PARTLY_PERFORMED or NOT_PERFORMED */
    record RecordPerformance(String performance, String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.RECORD_PERFORMANCE;
        }
    }

    /** @param result HOLDING, NOT_HOLDING or UNREACHABLE */
    record CallBack(String result, String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.CALL_BACK;
        }
    }

    record ApplyConfirmation(long courtOrgId, String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.APPLY_CONFIRMATION;
        }
    }

    /** The court accepted the application (with its case number) or did not (with the reason). */
    record CourtAccept(boolean accepted, String courtCaseNumber, String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.COURT_ACCEPT;
        }
    }

    /** The court confirmed the agreement (ruling it valid) or rejected it (with the reason). */
    record CourtDecide(boolean confirmed, String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.COURT_DECIDE;
        }
    }

    record Note(String text) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.NOTE;
        }
    }

    record AcknowledgeWarning(long warningId, String note) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.ACKNOWLEDGE_WARNING;
        }
    }

    record HandleWarning(long warningId, String handling) implements DisputeCommand {
        public DisputeAction action() {
            return DisputeAction.HANDLE_WARNING;
        }
    }

    /**
     * What a page or the API sends for any step; {@link #toCommand} names the step ({@code escalate},
     * {@code choose-mediator} or {@code CHOOSE_MEDIATOR}) and checks that its fields are there.
     */
    record Form(Integer version, String reason, String note, String type, String risk, BigDecimal amount,
                Integer peopleInvolved, Long mediatorId, String declineCode, Long siteId, Long roomId, String place,
                Instant startsAt, Instant endsAt, Long sessionId, String attendees, Integer attendeeCount,
                String record, Boolean partial, String facts, String matters, String responsibilities, String terms,
                String performanceManner, LocalDate performanceDeadline, String outcome, String performance,
                String result, Long courtOrgId, Boolean accepted, String courtCaseNumber, Boolean confirmed,
                Long warningId, NewDispute.NewParty party) {

        public static Form empty() {
            return new Form(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }

        public static DisputeAction action(String name) {
            String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                DisputeAction a = DisputeAction.valueOf(n);
                if (a == DisputeAction.REGISTER || a.system()) {
                    throw new IllegalArgumentException();
                }
                return a;
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("Unknown step '" + Vocabulary.limit(String.valueOf(name)) + "'");
            }
        }

        public DisputeCommand toCommand(String actionName) {
            DisputeAction a = action(actionName);
            return switch (a) {
                case ASSESS -> new Assess(type, risk, amount, peopleInvolved, note);
                case ADD_PARTY -> new AddParty(need(party, "party"));
                case CHOOSE_MEDIATOR -> new ChooseMediator(need(mediatorId, "mediatorId"));
                case ACCEPT -> new Accept(note);
                case DECLINE -> new Decline(declineCode, reason);
                case TAKE_UP -> new TakeUp(note);
                case ESCALATE -> new Escalate(siteId, reason);
                case HAND_DOWN -> new HandDown(siteId, reason);
                case BOOK_SESSION -> new BookSession(roomId, place, need(startsAt, "startsAt"), need(endsAt, "endsAt"));
                case HOLD_SESSION -> new HoldSession(need(sessionId, "sessionId"), attendees, attendeeCount, record);
                case CANCEL_SESSION -> new CancelSession(need(sessionId, "sessionId"), reason);
                case DRAFT_AGREEMENT -> new DraftAgreement(Boolean.TRUE.equals(partial), facts, matters,
                        responsibilities, terms, performanceManner, need(performanceDeadline, "performanceDeadline"));
                case SIGN_AGREEMENT -> new SignAgreement(note);
                case RECORD_OUTCOME -> new RecordOutcome(outcome, reason);
                case RECORD_PERFORMANCE -> new RecordPerformance(performance, note);
                case CALL_BACK -> new CallBack(result, note);
                case APPLY_CONFIRMATION -> new ApplyConfirmation(need(courtOrgId, "courtOrgId"), note);
                case COURT_ACCEPT -> new CourtAccept(need(accepted, "accepted"), courtCaseNumber, note);
                case COURT_DECIDE -> new CourtDecide(need(confirmed, "confirmed"), note);
                case NOTE -> new Note(note != null ? note : reason);
                case ACKNOWLEDGE_WARNING -> new AcknowledgeWarning(need(warningId, "warningId"), note);
                case HANDLE_WARNING -> new HandleWarning(need(warningId, "warningId"), note != null ? note : reason);
                default -> throw new InvalidRequestException("Register a dispute with POST /api/mediation/disputes");
            };
        }

        private static <T> T need(T value, String field) {
            if (value == null) {
                throw new InvalidRequestException("This step needs " + field + ".");
            }
            return value;
        }
    }
}
