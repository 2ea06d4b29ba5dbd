package org.fengqiao.cases;

/** Past-tense events the cases module publishes, and the one it consumes from mediation. */
public final class CaseEvents {
    private CaseEvents() {
    }

    public record CaseOpened(long caseId, String number, String categoryCode, String areaCode, boolean dispute,
                             Long reportId) {
    }

    public record CaseDispatched(long caseId, String number, long leadOrgId, String areaCode) {
    }

    public record CaseClosed(long caseId, String number, String closingKind, String areaCode) {
    }

    /**
     * The center referred a case to mediation. The mediation module (which depends on cases, never the reverse)
     * takes it up and later publishes {@link MediationConcluded}.
     */
    public record CaseReferredToMediation(long caseId, String number, String categoryCode, String areaCode,
                                          String description, String reason) {
    }

    /** The mediation outcome for a referred case: resolved closes it, unresolved returns it to the center. */
    public record MediationConcluded(long caseId, boolean resolved, String summary) {
    }
}
