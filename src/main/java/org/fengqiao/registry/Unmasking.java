package org.fengqiao.registry;

import java.util.function.Supplier;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.registry.internal.Checks;
import org.springframework.security.access.AccessDeniedException;

/**
 * The one gate every unmasking in the registry passes (a resident's, a household's, a landlord's numbers): the record
 * must be in the user's scope, one of their role assignments must allow {@link RegistryPermission#UNMASK} over its
 * area, and a reason of at least four characters must be given. A refusal is audited in its own transaction (it stays
 * when the caller's rolls back) with why it was refused; a success is audited with the fields shown and the reason.
 */
final class Unmasking {

    static final String ACTION = "REGISTRY_UNMASK";

    private Unmasking() {
    }

    /**
     * Returns when the current user may see the full {@code fields} of {@code target}, having audited it; otherwise
     * audits the refusal and throws.
     *
     * @param areaCode the record's area, or null when it is unknown or outside the user's scope
     * @param what     what is shown, for the message asking for a reason ("the full phone")
     * @param notFound the exception for a record unknown or outside scope
     */
    static void require(AccessPolicy policy, AuditTrail audit, String target, String areaCode, String reason,
                        String fields, String what, Supplier<? extends RuntimeException> notFound) {
        String why = reason == null ? "" : reason.strip();
        if (areaCode == null) {
            refuse(audit, target, "unknown or outside scope", why);
            throw notFound.get();
        }
        if (!policy.allows(RegistryPermission.UNMASK, areaCode)) {
            refuse(audit, target, "no permission", why);
            throw new AccessDeniedException("None of your role assignments allows registry.UNMASK here");
        }
        if (why.length() < 4) {
            refuse(audit, target, "no reason given", why);
            throw new InvalidRequestException("State the reason for viewing " + what + " (at least 4 characters).");
        }
        audit.record(ACTION, target, "fields: " + fields + "; reason: " + Checks.limit(why),
                AuditTrail.Outcome.SUCCESS);
    }

    private static void refuse(AuditTrail audit, String target, String why, String reason) {
        audit.recordIndependently(CurrentUser.actor(), ACTION, target, why + "; reason: " + Checks.limit(reason),
                AuditTrail.Outcome.DENIED);
    }
}
