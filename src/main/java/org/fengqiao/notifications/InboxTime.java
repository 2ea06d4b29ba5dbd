package org.fengqiao.notifications;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Formats inbox times in the county's zone: {@code ${@inboxTime.at(x)}}. */
@Component("inboxTime")
class InboxTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));

    public String at(OffsetDateTime t) {
        return t == null ? "" : FORMAT.format(t);
    }
}
