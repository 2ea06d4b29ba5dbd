package org.fengqiao.registry;

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from 0–9 and the capital letters
 * without I, O, Z, S and V; the last is a check character computed MOD 31 over the first seventeen.
 */
public final class CreditCodes {

    static final String CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCodes() {
    }

    /** Upper case without spaces; null for blank. */
    public static String normalise(String raw) {
        return raw == null || raw.isBlank() ? null : raw.replaceAll("\\s", "").toUpperCase();
    }

    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (CHARS.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }

    /** The check character completing the first seventeen characters. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CHARS.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a credit-code character: " + first17.charAt(i));
            }
            sum += v * WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        return CHARS.charAt(c == 31 ? 0 : c);
    }
}
