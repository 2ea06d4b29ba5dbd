package org.fengqiao.workbench;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.fengqiao.cases.WorkingCalendar;
import org.springframework.stereotype.Component;

/** Formats deadlines in the county's zone for the workbench's templates: {@code ${@workbenchTime.at(x)}}. */
@Component("workbenchTime")
class WorkbenchTimeFormat {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm")
            .withZone(WorkingCalendar.ZONE);

    public String at(Instant i) {
        return i == null ? "" : SHORT.format(i);
    }
}
