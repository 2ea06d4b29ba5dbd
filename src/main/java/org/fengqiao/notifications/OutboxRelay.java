package org.fengqiao.notifications;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox: resolves recipients to persons, writes their inbox rows and, for urgent notices, calls the
 * gateway; then marks the row delivered. Rows are claimed with SKIP LOCKED so several instances can relay.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Gateway gateway;
    private final MessageSource messages;
    private final Clock clock;
    private final RoleAssignments assignments;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, Gateway gateway, MessageSource messages, Clock clock,
                RoleAssignments assignments) {
        this.assignments = assignments;
        this.jdbc = jdbc;
        this.tx = tx;
        this.gateway = gateway;
        this.messages = messages;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${fengqiao.notifications.relay-delay:1000}")
    @SchedulerLock(name = "notifications.OutboxRelay", lockAtMostFor = "PT5M")
    public void scheduled() {
        try {
            relay();
        } catch (RuntimeException e) {
            log.warn("Outbox relay failed, will retry: {}", e.getMessage());
        }
    }

    /** Delivers what is waiting; returns how many outbox rows were delivered. */
    public int relay() {
        int total = 0;
        for (int round = 0; round < 50; round++) {
            Integer n = tx.execute(s -> batch());
            if (n == null || n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private int batch() {
        record Row(long id, String recipientKind, String recipient, String role, String messageKey, String[] args,
                   String link, boolean urgent) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, recipient_kind, recipient, role, message_key, args, link, urgent
                        from notification_outbox where delivered_at is null order by id limit 200
                        for update skip locked""")
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (String[]) rs.getArray(6).getArray(), rs.getString(7), rs.getBoolean(8)))
                .list();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Row r : rows) {
            List<Long> persons = recipients(r.recipientKind(), r.recipient(), r.role());
            for (long person : persons) {
                jdbc.sql("""
                                insert into notification_inbox (person_id, outbox_id, created_at, message_key, args, link)
                                values (?,?,?,?,?,?) on conflict do nothing""")
                        .params(person, r.id(), now, r.messageKey(), r.args(), r.link()).update();
                if (r.urgent()) {
                    gateway.send(person, messages.getMessage(r.messageKey(), r.args(), r.messageKey(),
                            Notifications.defaultLocale()));
                }
            }
            jdbc.sql("update notification_outbox set delivered_at = ?, attempts = attempts + 1 where id = ?")
                    .params(now, r.id()).update();
        }
        return rows.size();
    }

    private List<Long> recipients(String kind, String recipient, String role) {
        return switch (kind) {
            case "PERSON" -> List.of(Long.parseLong(recipient));
            case "ORGANISATION" -> assignments.handlersOf(Long.parseLong(recipient));
            default -> assignments.holdersCovering(Role.valueOf(role), recipient);
        };
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Config {
        @Bean
        @ConditionalOnMissingBean(Gateway.class)
        Gateway loggingGateway() {
            return new LoggingGateway();
        }
    }
}
