package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Unified social credit codes (GB 32100-2015): the check character and the character set. */
class CreditCodesTest {

    @Test
    void theComputedCheckCharacterIsTheOnlyOneThatPasses() {
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            StringBuilder first17 = new StringBuilder("91440784");
            for (int i = 0; i < 9; i++) {
                first17.append(CreditCodes.CHARS.charAt(random.nextInt(CreditCodes.CHARS.length())));
            }
            char check = CreditCodes.checkCharacter(first17.toString());
            assertThat(CreditCodes.isValid(first17.toString() + check)).isTrue();
            for (char other : CreditCodes.CHARS.toCharArray()) {
                if (other != check) {
                    assertThat(CreditCodes.isValid(first17.toString() + other)).isFalse();
                }
            }
        }
    }

    @Test
    void aWorkedExampleByHand() {
        // 91440784 000000000 : weights 1,3,9,27,19,26,16,17 over 9,1,4,4,0,7,8,4 = 9+3+36+108+0+182+128+68 = 534;
        // 534 mod 31 = 7; 31 - 7 = 24 -> the 25th character of the set, 'Q'
        assertThat(CreditCodes.checkCharacter("91440784000000000")).isEqualTo('Q');
        assertThat(CreditCodes.isValid("91440784000000000Q")).isTrue();
        // the example printed in GB 32100-2015
        assertThat(CreditCodes.isValid("91350100M000100Y43")).isTrue();
        assertThat(CreditCodes.isValid("91350100M000100Y44")).isFalse();
    }

    @Test
    void lettersOutsideTheSetAndWrongLengthsAreRefused() {
        assertThat(CreditCodes.isValid("91440784OOOOOOOOOR")).isFalse();
        assertThat(CreditCodes.isValid("91440784000000000")).isFalse();
        assertThat(CreditCodes.isValid(null)).isFalse();
        assertThat(CreditCodes.normalise(" 9144 0784000000000r ")).isEqualTo("91440784000000000R");
    }
}
