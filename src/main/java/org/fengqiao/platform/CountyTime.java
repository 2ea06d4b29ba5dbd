package org.fengqiao.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

import org.springframework.stereotype.Component;

/**
 * The county's time zone and how times are shown, in one place: the injected {@code Clock} runs in this zone, and
 * every page formats times through {@code ${@countyTime.at(x)}}. Every county in China keeps Beijing time, so the
 * zone is one constant, not a setting that could differ between the clock and the pages.
 */
@Component("countyTime")
public class CountyTime {

    /** Beijing time, the legal time of every county. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZONE);

    /** Date and time to the minute, e.g. {@code 2026-03-15 09:30}; empty for null. */
    public String at(Instant i) {
        return format(MINUTES, i);
    }

    public String at(OffsetDateTime t) {
        return format(MINUTES, t);
    }

    /** Day and time without the year, for lists of recent things, e.g. {@code 03-15 09:30}. */
    public String shortAt(OffsetDateTime t) {
        return format(SHORT, t);
    }

    public String shortAt(Instant i) {
        return format(SHORT, i);
    }

    private static String format(DateTimeFormatter f, TemporalAccessor t) {
        return t == null ? "" : f.format(t);
    }
}
