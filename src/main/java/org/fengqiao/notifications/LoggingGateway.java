package org.fengqiao.notifications;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs instead of sending; never logs a phone number or the text itself (it may name people). */
class LoggingGateway implements Gateway {

    private static final Logger log = LoggerFactory.getLogger(LoggingGateway.class);
    final AtomicLong sent = new AtomicLong();

    @Override
    public void send(long personId, String text) {
        sent.incrementAndGet();
        log.debug("SMS gateway (logging only): would notify person {} ({} characters)", personId, text.length());
    }
}
