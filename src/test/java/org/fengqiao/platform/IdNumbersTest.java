package org.fengqiao.platform;

import org.fengqiao.people.TestWorld;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdNumbersTest {

    @Test
    void acceptsCorrectCheckCharacterAndRejectsOthers() {
        // the standard's own example
        assertThat(IdNumbers.isValidId("11010519491231002X")).isTrue();
        assertThat(IdNumbers.isValidId("110105194912310021")).isFalse();
        assertThat(IdNumbers.isValidId("440524188001010014")).isFalse(); // year before 1900
        assertThat(IdNumbers.isValidId("11010519491331002X")).isFalse(); // month 13 (and wrong check)
        assertThat(IdNumbers.isValidId("1101051949123100")).isFalse();
        assertThat(IdNumbers.normaliseId(" 11010519491231002x ")).isEqualTo("11010519491231002X");
        String generated = TestWorld.idNumber();
        assertThat(IdNumbers.isValidId(generated)).isTrue();
    }

    @Test
    void checksPhonesAndGender() {
        assertThat(IdNumbers.isValidPhone(IdNumbers.normalisePhone("+86 138 1234 5678"))).isTrue();
        assertThat(IdNumbers.isValidPhone("0575-87012345")).isTrue();
        assertThat(IdNumbers.isValidPhone("12812345678")).isFalse();
        assertThat(IdNumbers.isValidPhone("1381234567")).isFalse();
        assertThat(IdNumbers.genderOf("11010519491231002X")).isEqualTo("F");
    }
}
