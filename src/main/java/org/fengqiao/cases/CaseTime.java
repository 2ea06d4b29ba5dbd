package org.fengqiao.cases;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Formats instants in the county's zone for templates: {@code ${@caseTime.at(x)}}. */
@Component("caseTime")
class CaseTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(WorkingCalendar.ZONE);

    public String at(Instant i) {
        return i == null ? "" : FORMAT.format(i);
    }

    public String at(OffsetDateTime t) {
        return t == null ? "" : FORMAT.format(t);
    }

    /** Width in percent for a bar of a rate, 0..100. */
    public String bar(java.math.BigDecimal rate) {
        return rate == null ? "0%" : rate.min(java.math.BigDecimal.valueOf(100)).toPlainString() + "%";
    }
}
