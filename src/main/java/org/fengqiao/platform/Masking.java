package org.fengqiao.platform;

/** Masks personal data for display by default (SECURITY.md rule 2). */
public final class Masking {

    private Masking() {
    }

    /** {@code 440784199001011234} → {@code 4407**********1234}. */
    public static String idNumber(String id) {
        if (id == null || id.length() < 8) {
            return id == null ? null : "****";
        }
        return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
    }

    /** {@code 13812345678} → {@code 138****5678}. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "****";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
