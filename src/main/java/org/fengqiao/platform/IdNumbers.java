package org.fengqiao.platform;

import java.util.regex.Pattern;

/**
 * Resident ID numbers (GB 11643-1999: 17 digits and a check character computed MOD 11-2) and phone numbers: the one
 * place that knows their shape, for every module that takes them (people, intake, the public channel, the demo).
 */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final Pattern ID = Pattern.compile("\\d{17}[0-9X]");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}-?\\d{7,8}");

    private IdNumbers() {
    }

    /** Upper-cases and strips spaces; null for blank. */
    public static String normaliseId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.replaceAll("\\s", "").toUpperCase();
    }

    /** Whether this is an 18-character ID number with a correct check character and a plausible birth date. */
    public static boolean isValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        if (CHECK[sum % 11] != id.charAt(17)) {
            return false;
        }
        int month = Integer.parseInt(id.substring(10, 12));
        int day = Integer.parseInt(id.substring(12, 14));
        int year = Integer.parseInt(id.substring(6, 10));
        return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** The check character that completes the first 17 digits (for tests and data generators). */
    public static char checkCharacter(String first17) {
        if (first17 == null || !first17.matches("\\d{17}")) {
            throw new IllegalArgumentException("An ID number starts with 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Gender encoded in the ID number: odd 17th digit is male. */
    public static String genderOf(String id) {
        return (id.charAt(16) - '0') % 2 == 1 ? "M" : "F";
    }

    public static String normalisePhone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String p = raw.replaceAll("[\\s()]", "");
        if (p.startsWith("+86")) {
            p = p.substring(3);
        }
        return p;
    }

    /** A mainland mobile number (11 digits starting 13–19) or a landline with area code. */
    public static boolean isValidPhone(String phone) {
        return phone != null && (MOBILE.matcher(phone).matches() || LANDLINE.matcher(phone).matches());
    }

    /** A mainland mobile number: 11 digits starting 13–19 (volunteers sign in with one). */
    public static boolean isMobile(String phone) {
        return phone != null && MOBILE.matcher(phone).matches();
    }

    public static boolean looksLikeId(String q) {
        return ID.matcher(q).matches();
    }

    public static boolean looksLikePhone(String q) {
        return MOBILE.matcher(q).matches() || LANDLINE.matcher(q).matches();
    }
}
