package org.fengqiao.demo.internal;

/** Resident ID numbers (GB 11643-1999): 17 digits and a check character. */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private IdNumbers() {
    }

    /** The check character for the first 17 digits. */
    public static char checkChar(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("need 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit: " + c);
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Whether an 18-character ID number has a correct check character. */
    public static boolean isValid(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        try {
            return Character.toUpperCase(id.charAt(17)) == checkChar(id.substring(0, 17));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
