package org.fengqiao.intake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Formats instants in the county's zone for templates: {@code ${@intakeTime.at(x)}}. */
@Component("intakeTime")
class IntakeTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(java.time.ZoneId.of("Asia/Shanghai"));

    public String at(Instant i) {
        return i == null ? "" : FORMAT.format(i);
    }

    public String at(OffsetDateTime t) {
        return t == null ? "" : FORMAT.format(t);
    }

}
