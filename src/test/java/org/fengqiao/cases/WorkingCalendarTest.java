package org.fengqiao.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Deadlines on the 2026 calendar, holidays and make-up workdays (调休) included. */
class WorkingCalendarTest {

    private final WorkingCalendar calendar = new WorkingCalendar(calendar2026());

    static Map<LocalDate, WorkingCalendar.DayKind> calendar2026() {
        Map<LocalDate, WorkingCalendar.DayKind> m = new HashMap<>();
        holiday(m, "2026-02-15", "2026-02-23");
        holiday(m, "2026-05-01", "2026-05-05");
        m.put(LocalDate.parse("2026-02-14"), WorkingCalendar.DayKind.WORKDAY);
        m.put(LocalDate.parse("2026-02-28"), WorkingCalendar.DayKind.WORKDAY);
        m.put(LocalDate.parse("2026-05-09"), WorkingCalendar.DayKind.WORKDAY);
        return m;
    }

    private static void holiday(Map<LocalDate, WorkingCalendar.DayKind> m, String from, String to) {
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            m.put(d, WorkingCalendar.DayKind.HOLIDAY);
        }
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(WorkingCalendar.ZONE).toInstant();
    }

    private Instant due(String start, int amount, DeadlineUnit unit) {
        return calendar.deadline(at(start), new DeadlineRule(amount, unit));
    }

    @Test
    void weekendsAreOffAndMakeUpWorkdaysAreOn() {
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-03-14"))).isFalse(); // Saturday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-03-16"))).isTrue(); // Monday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-05-04"))).isFalse(); // Monday, Labour Day holiday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-05-09"))).isTrue(); // Saturday, 调休
    }

    @Test
    void naturalDaysCountEveryDay() {
        assertThat(due("2026-03-13T10:00", 3, DeadlineUnit.NATURAL_DAYS)).isEqualTo(at("2026-03-16T10:00"));
        assertThat(due("2026-04-30T10:00", 3, DeadlineUnit.NATURAL_DAYS)).isEqualTo(at("2026-05-03T10:00"));
    }

    @Test
    void workingDaysEndWithTheOfficeHoursOfTheLastDay() {
        assertThat(due("2026-03-13T10:00", 1, DeadlineUnit.WORKING_DAYS)).isEqualTo(at("2026-03-16T17:30"));
        assertThat(due("2026-03-16T10:00", 5, DeadlineUnit.WORKING_DAYS)).isEqualTo(at("2026-03-23T17:30"));
    }

    @Test
    void workingDaysSkipHolidaysAndCountMakeUpWorkdays() {
        assertThat(due("2026-04-30T10:00", 3, DeadlineUnit.WORKING_DAYS)).isEqualTo(at("2026-05-08T17:30"));
        assertThat(due("2026-05-07T10:00", 2, DeadlineUnit.WORKING_DAYS)).isEqualTo(at("2026-05-09T17:30"));
    }

    @Test
    void workingHoursSkipLunchNightsAndWeekends() {
        assertThat(due("2026-03-16T11:00", 2, DeadlineUnit.WORKING_HOURS)).isEqualTo(at("2026-03-16T15:00"));
        assertThat(due("2026-03-13T16:30", 2, DeadlineUnit.WORKING_HOURS)).isEqualTo(at("2026-03-16T09:30"));
        assertThat(due("2026-03-16T07:00", 1, DeadlineUnit.WORKING_HOURS)).isEqualTo(at("2026-03-16T09:30"));
        assertThat(due("2026-03-16T20:00", 7, DeadlineUnit.WORKING_HOURS)).isEqualTo(at("2026-03-17T17:30"));
    }

    @Test
    void workingHoursUseTheSpringFestivalMakeUpSaturdayAndSkipTheHoliday() {
        assertThat(due("2026-02-13T17:00", 1, DeadlineUnit.WORKING_HOURS)).isEqualTo(at("2026-02-14T09:00"));
        assertThat(due("2026-02-14T17:00", 2, DeadlineUnit.WORKING_HOURS)).isEqualTo(at("2026-02-24T10:00"));
    }

    @Test
    void aTimeLimitMustBePositiveAndHaveAKnownUnit() {
        assertThatThrownBy(() -> new DeadlineRule(0, DeadlineUnit.NATURAL_DAYS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadlineRule.parse(2, "FORTNIGHTS")).hasMessageContaining("FORTNIGHTS");
    }
}
