package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.fengqiao.cases.WorkingCalendar;
import org.springframework.stereotype.Component;

/** Formats times in the county's zone for templates ({@code ${@mediationTime.at(x)}}) and timeline details. */
@Component("mediationTime")
public class MediationTime {

    private final java.time.Clock clock;

    MediationTime(java.time.Clock clock) {
        this.clock = clock;
    }

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(WorkingCalendar.ZONE);
    static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
            .withZone(WorkingCalendar.ZONE);

    public String at(Instant i) {
        return i == null ? "" : FORMAT.format(i);
    }

    public String day(Instant i) {
        return i == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.withZone(WorkingCalendar.ZONE).format(i);
    }

    /** The value of a {@code datetime-local} input. */
    public String input(Instant i) {
        return i == null ? "" : INPUT.format(i);
    }

    public String today() {
        return LocalDate.now(clock.withZone(WorkingCalendar.ZONE)).toString();
    }

    /** Yuan with thousands separators. */
    public String yuan(BigDecimal amount) {
        return amount == null ? "" : String.format("%,.2f", amount);
    }

    /** Percent with one decimal, or a dash. */
    public String pct(Double rate) {
        return rate == null ? "—" : String.format("%.1f%%", rate * 100);
    }
}
