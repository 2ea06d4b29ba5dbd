package org.fengqiao.cases;

import java.util.List;
import java.util.UUID;

/** What a user asks to do to a case; each names its action in the state machine. */
public sealed interface CaseCommand {

    CaseAction action();

    record Dispatch(long leadOrgId, List<Long> assistOrgIds, String note) implements CaseCommand {
        public Dispatch {
            assistOrgIds = assistOrgIds == null ? List.of() : List.copyOf(assistOrgIds);
        }

        public CaseAction action() {
            return CaseAction.DISPATCH;
        }
    }

    record Sign() implements CaseCommand {
        public CaseAction action() {
            return CaseAction.SIGN;
        }
    }

    record Return(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.RETURN;
        }
    }

    /**
     * A note on the timeline.
     *
     * @param shownToPublic staff marked it public: the reporter's tracking page and Open311 show it (without the
     *                      author's name); otherwise only staff see it
     */
    record Note(String text, List<UUID> photos, boolean shownToPublic) implements CaseCommand {
        /** An internal note. */
        public Note(String text, List<UUID> photos) {
            this(text, photos, false);
        }

        public CaseAction action() {
            return CaseAction.NOTE;
        }
    }

    record Feedback(String text, List<UUID> photos) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.FEEDBACK;
        }
    }

    record Verify(boolean passed, String reason, List<UUID> photos) implements CaseCommand {
        public CaseAction action() {
            return passed ? CaseAction.VERIFY_PASS : CaseAction.VERIFY_FAIL;
        }
    }

    record RequestExtension(int amount, DeadlineUnit unit, String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.REQUEST_EXTENSION;
        }
    }

    record DecideExtension(boolean approve, String reason) implements CaseCommand {
        public CaseAction action() {
            return approve ? CaseAction.APPROVE_EXTENSION : CaseAction.REFUSE_EXTENSION;
        }
    }

    record Backlog(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.BACKLOG_IT;
        }
    }

    record Resume(String note) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.RESUME;
        }
    }

    record Escalate(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.ESCALATE;
        }
    }

    record Supervise(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.SUPERVISE;
        }
    }

    record Urge(String note) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.URGE;
        }
    }

    record ReferToMediation(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.REFER_TO_MEDIATION;
        }
    }

    record Close(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.CLOSE;
        }
    }

    record Reopen(String reason) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.REOPEN;
        }
    }

    record Rate(String rating, String note) implements CaseCommand {
        public CaseAction action() {
            return CaseAction.RATE;
        }
    }
}
