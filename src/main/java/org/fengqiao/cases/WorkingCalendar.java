package org.fengqiao.cases;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The county's working calendar: Monday to Friday are working days unless a public holiday says otherwise, and a
 * make-up workday (调休) turns a weekend day into a working day. Office hours are two windows (morning, afternoon).
 * Immutable; the {@link CalendarStore} builds a new one after every edit. Computes every deadline.
 */
public final class WorkingCalendar {

    /** The zone deadlines are counted in: the county's own. */
    public static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;

    /** One office-hours window of a working day. */
    public record Window(LocalTime from, LocalTime to) {
        public Window {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("An office-hours window must end after it starts");
            }
        }
    }

    public static final List<Window> DEFAULT_HOURS = List.of(
            new Window(LocalTime.of(8, 30), LocalTime.of(12, 0)),
            new Window(LocalTime.of(14, 0), LocalTime.of(17, 30)));

    public enum DayKind { HOLIDAY, WORKDAY }

    private final Map<LocalDate, DayKind> overrides;
    private final List<Window> hours;

    public WorkingCalendar(Map<LocalDate, DayKind> overrides, List<Window> hours) {
        this.overrides = Map.copyOf(overrides);
        this.hours = List.copyOf(hours);
    }

    public WorkingCalendar(Map<LocalDate, DayKind> overrides) {
        this(overrides, DEFAULT_HOURS);
    }

    public boolean isWorkingDay(LocalDate day) {
        DayKind kind = overrides.get(day);
        if (kind != null) {
            return kind == DayKind.WORKDAY;
        }
        DayOfWeek dow = day.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    /** When a stage started at {@code start} is due under {@code rule}. */
    public Instant deadline(Instant start, DeadlineRule rule) {
        ZonedDateTime at = start.atZone(ZONE);
        return switch (rule.unit()) {
            case NATURAL_DAYS -> at.plusDays(rule.amount()).toInstant();
            case WORKING_DAYS -> workingDays(at, rule.amount());
            case WORKING_HOURS -> workingHours(at, Duration.ofHours(rule.amount()));
        };
    }

    /** The end of office hours on the n-th working day after the start day. */
    private Instant workingDays(ZonedDateTime start, int n) {
        LocalDate day = start.toLocalDate();
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day.atTime(hours.getLast().to()).atZone(ZONE).toInstant();
    }

    /** Consumes office time window by window, skipping non-working days. */
    private Instant workingHours(ZonedDateTime start, Duration left) {
        LocalDate day = start.toLocalDate();
        LocalTime time = start.toLocalTime();
        for (int guard = 0; guard < 3660; guard++) {
            if (isWorkingDay(day)) {
                for (Window w : hours) {
                    if (!time.isBefore(w.to())) {
                        continue;
                    }
                    LocalTime from = time.isAfter(w.from()) ? time : w.from();
                    Duration available = Duration.between(from, w.to());
                    if (available.compareTo(left) >= 0) {
                        return day.atTime(from.plus(left)).atZone(ZONE).toInstant();
                    }
                    left = left.minus(available);
                    time = w.to();
                }
            }
            day = day.plusDays(1);
            time = LocalTime.MIN;
        }
        throw new IllegalStateException("No working time found within ten years; check the calendar");
    }

    /** The working days of a year that the overrides change, for display. */
    public Map<LocalDate, DayKind> overrides() {
        return overrides;
    }
}
