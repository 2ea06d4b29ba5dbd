package org.fengqiao.mediation;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.fengqiao.mediation.DisputeView.Agreement;
import org.fengqiao.mediation.DisputeView.Confirmation;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Who may take which step on a dispute now: the state table ({@link DisputeAction}), the permission for the dispute's
 * area (for the court's steps: for the court applied to), the two-way choice's rule that only the chosen mediator
 * answers for themselves, and what the step needs to exist (a booked session, a draft, a signed agreement …).
 */
@Component
class StepRules {

    /** Days the parties have to apply for judicial confirmation (人民调解法 Art. 33). */
    static final int CONFIRMATION_DAYS = 30;

    private final AccessPolicy policy;
    private final MediationMenu menu;

    StepRules(AccessPolicy policy, MediationMenu menu) {
        this.policy = policy;
        this.menu = menu;
    }

    /** The steps this user may take on the dispute now (for pages and the API's {@code allowed}). */
    Set<DisputeAction> allowed(CurrentUser.User u, Dispute d, DisputeParts.Parts p, Instant now) {
        Set<DisputeAction> out = EnumSet.noneOf(DisputeAction.class);
        for (DisputeAction a : DisputeAction.values()) {
            if (a == DisputeAction.REGISTER || a.system() || !a.allowedIn(d.state)) {
                continue;
            }
            if (applicable(a, d, p, now) && permitted(u, a, d, p)) {
                out.add(a);
            }
        }
        return out;
    }

    /** 403 unless the user may take the step on this dispute. */
    void check(CurrentUser.User u, DisputeAction a, Dispute d, DisputeParts.Parts p) {
        if (!permitted(u, a, d, p)) {
            throw new AccessDeniedException("None of your role assignments allows " + a + " on dispute " + d.number);
        }
    }

    boolean permitted(CurrentUser.User u, DisputeAction a, Dispute d, DisputeParts.Parts p) {
        MediationPermission perm = a.permission();
        if (perm == null) {
            return false;
        }
        return switch (a) {
            case COURT_ACCEPT, COURT_DECIDE -> p.confirmation()
                    .map(c -> policy.allows(u, perm, d.areaCode, c.courtOrgId())).orElse(false);
            case ACCEPT, DECLINE -> policy.allows(u, perm, d.areaCode) && p.pendingChoice()
                    .map(c -> menu.mediatorForSystem(c.mediatorId()).map(m -> m.personId() == null
                            || m.personId() == u.personId()).orElse(false))
                    .orElse(true);
            default -> policy.allows(u, perm, d.areaCode);
        };
    }

    /** Whether the step makes sense now, beyond the state (for offering it; the workflow checks again). */
    static boolean applicable(DisputeAction a, Dispute d, DisputeParts.Parts p, Instant now) {
        Agreement ag = p.agreement();
        Optional<Confirmation> conf = p.confirmation();
        return switch (a) {
            case ESCALATE -> !d.tier.highest();
            case HAND_DOWN -> !d.tier.lowest();
            case HOLD_SESSION, CANCEL_SESSION -> p.hasBookedSession();
            case DRAFT_AGREEMENT -> ag == null || !ag.signed();
            case SIGN_AGREEMENT -> ag != null && !ag.signed();
            case RECORD_PERFORMANCE -> ag != null && ag.signed() && (ag.performance() == null
                    || "PENDING".equals(ag.performance()) || "PARTLY_PERFORMED".equals(ag.performance()));
            case CALL_BACK -> ag != null && ag.signed() && (ag.callbackResult() == null
                    || "UNREACHABLE".equals(ag.callbackResult()));
            case APPLY_CONFIRMATION -> ag != null && ag.signed() && conf.isEmpty() && ag.confirmBy() != null
                    && !now.isAfter(ag.confirmBy());
            case COURT_ACCEPT -> conf.map(c -> "APPLIED".equals(c.status())).orElse(false);
            case COURT_DECIDE -> conf.map(c -> "ACCEPTED".equals(c.status())).orElse(false);
            case ACKNOWLEDGE_WARNING -> p.warnings().stream().anyMatch(w -> "RAISED".equals(w.state()));
            case HANDLE_WARNING -> p.warnings().stream().anyMatch(DisputeView.Warning::open);
            default -> true;
        };
    }
}
