package org.fengqiao.analytics;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.fengqiao.cases.WorkingCalendar;
import org.springframework.stereotype.Component;

/** Times on the analytics pages, in the county's zone ({@code @analyticsTime.format(...)} in templates). */
@Component("analyticsTime")
class AnalyticsTime {

    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(WorkingCalendar.ZONE);

    public String format(Instant at) {
        return at == null ? "" : F.format(at);
    }
}
