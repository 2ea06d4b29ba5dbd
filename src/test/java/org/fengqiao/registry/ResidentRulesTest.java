package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The rules a resident's record must meet, wherever it comes from (form, API, import, demo). */
class ResidentRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    static String id(String first17) {
        return first17 + IdNumbers.checkCharacter(first17);
    }

    static Residents.ResidentInput input(String name, String idNumber, String phone, String kind) {
        return new Residents.ResidentInput(name, null, idNumber, phone, null, "02", kind, null, null, null, null, null,
                null);
    }

    @Test
    void theIdNumberGivesGenderAndBirthDate() {
        Residents.Clean c = Residents.clean(input("陈晨", id("44078419800512123"), "13800138000", null), TODAY);
        assertThat(c.gender()).isEqualTo("M");
        assertThat(c.birthDate()).isEqualTo(LocalDate.of(1980, 5, 12));
        assertThat(c.populationKind()).isEqualTo("REGISTERED");
        assertThat(c.registeredHere()).isTrue();
        assertThat(c.livesHere()).isTrue();
    }

    @Test
    void aWrongCheckCharacterIsRefused() {
        String good = id("44078419800512123");
        char wrong = good.charAt(17) == '1' ? '2' : '1';
        assertThatThrownBy(() -> Residents.clean(input("陈晨", good.substring(0, 17) + wrong, null, null), TODAY))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("check character");
    }

    @Test
    void aGenderOrBirthDateContradictingTheIdNumberIsRefused() {
        Residents.ResidentInput female = new Residents.ResidentInput("陈晨", "F", id("44078419800512123"), null, null,
                "02", null, null, null, null, null, null, null);
        assertThatThrownBy(() -> Residents.clean(female, TODAY)).hasMessageContaining("gender");
        Residents.ResidentInput born = new Residents.ResidentInput("陈晨", null, id("44078419800512123"), null,
                "1980-05-13", "02", null, null, null, null, null, null, null);
        assertThatThrownBy(() -> Residents.clean(born, TODAY)).hasMessageContaining("birth date");
    }

    @Test
    void phonesMustBeMobileOrLandlineNumbers() {
        assertThat(Residents.clean(input("陈晨", null, "+86 138 0013 8000", null), TODAY).phone())
                .isEqualTo("13800138000");
        assertThat(Residents.clean(input("陈晨", null, "0750-8881234", null), TODAY).phone())
                .isEqualTo("0750-8881234");
        assertThatThrownBy(() -> Residents.clean(input("陈晨", null, "12345", null), TODAY))
                .hasMessageContaining("phone");
        assertThatThrownBy(() -> Residents.clean(input("陈晨", null, "12800138000", null), TODAY))
                .hasMessageContaining("phone");
    }

    @Test
    void floatingResidentsArriveTodayUnlessToldAndAreNotRegisteredHere() {
        Residents.Clean c = Residents.clean(input("王娜", null, null, "floating"), TODAY);
        assertThat(c.populationKind()).isEqualTo("FLOATING");
        assertThat(c.registeredHere()).isFalse();
        assertThat(c.arrivedOn()).isEqualTo(TODAY);
        Residents.ResidentInput registeredHere = new Residents.ResidentInput("王娜", null, null, null, null, "99",
                "FLOATING", true, true, null, null, null, null);
        assertThatThrownBy(() -> Residents.clean(registeredHere, TODAY)).hasMessageContaining("not registered here");
        Residents.ResidentInput future = new Residents.ResidentInput("王娜", null, null, null, null, "99",
                "FLOATING", null, null, null, null, null, "2027-01-01");
        assertThatThrownBy(() -> Residents.clean(future, TODAY)).hasMessageContaining("future");
    }

    @Test
    void relationshipsAreGbt4761Codes() {
        Residents.ResidentInput bad = new Residents.ResidentInput("王娜", null, null, null, null, "07", null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> Residents.clean(bad, TODAY)).hasMessageContaining("GB/T 4761");
        assertThatThrownBy(() -> Residents.clean(input(" ", null, null, null), TODAY))
                .hasMessageContaining("name");
    }

    @Test
    void aNameQueryOfTwoCharactersIsOneGramLongerOnesArePairs() {
        assertThat(Residents.Query.grams("陈晨")).containsExactly("陈晨");
        assertThat(Residents.Query.grams("晨")).containsExactly("晨");
        assertThat(Residents.Query.grams("欧阳娜娜")).containsExactly("欧阳", "阳娜", "娜娜");
    }
}
