package org.fengqiao.platform;

/**
 * The reason an administrative change must state (a role granted or withdrawn, an account changed, an API token issued
 * or revoked): it goes to the audit trail with the change.
 */
public final class Reasons {

    /** The longest reason kept; a longer one is cut, not refused. */
    public static final int MAX = 500;

    private Reasons() {
    }

    /** The reason, stripped and cut at {@value #MAX} characters; refused when it has fewer than two. */
    public static String required(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2) {
            throw new InvalidRequestException("State the reason for this change.");
        }
        return why.length() > MAX ? why.substring(0, MAX) : why;
    }
}
