package org.fengqiao.notifications;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts notices into the outbox. Joins the caller's transaction: the notice exists exactly when the change that
 * caused it was committed.
 */
@Service
public class Notifications {

    private final JdbcClient jdbc;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(Notice n) {
        String kind;
        String recipient;
        String role = null;
        switch (n.recipient()) {
            case Notice.Person p -> {
                kind = "PERSON";
                recipient = Long.toString(p.personId());
            }
            case Notice.Organisation o -> {
                kind = "ORGANISATION";
                recipient = Long.toString(o.organisationId());
            }
            case Notice.RoleInArea r -> {
                kind = "ROLE_IN_AREA";
                recipient = r.areaCode();
                role = r.role();
            }
        }
        jdbc.sql("""
                        insert into notification_outbox (created_at, recipient_kind, recipient, role, message_key, args,
                                                         link, urgent)
                        values (?,?,?,?,?,?,?,?)""")
                .params(OffsetDateTime.now(clock), kind, recipient, role, n.messageKey(),
                        n.args().toArray(String[]::new), n.link(), n.urgent())
                .update();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueAll(List<Notice> notices) {
        notices.forEach(this::enqueue);
    }

    /** A message of someone's inbox. */
    public record Message(long id, OffsetDateTime createdAt, String messageKey, List<String> args, String link,
                          boolean read) {
    }

    public List<Message> inbox(long personId, Long beforeId, int limit) {
        return jdbc.sql("""
                        select id, created_at, message_key, args, link, read_at is not null as read
                        from notification_inbox where person_id = ? and (?::bigint is null or id < ?)
                        order by id desc limit ?""")
                .params(personId, beforeId, beforeId, Math.min(limit, 100))
                .query((rs, i) -> new Message(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getString("message_key"), List.of((String[]) rs.getArray("args").getArray()),
                        rs.getString("link"), rs.getBoolean("read")))
                .list();
    }

    public long unread(long personId) {
        return jdbc.sql("select count(*) from notification_inbox where person_id = ? and read_at is null")
                .param(personId).query(Long.class).single();
    }

    @Transactional
    public void markRead(long personId, Long messageId) {
        jdbc.sql("""
                        update notification_inbox set read_at = ? where person_id = ? and read_at is null
                          and (?::bigint is null or id = ?)""")
                .params(OffsetDateTime.now(clock), personId, messageId, messageId).update();
    }

    static Locale defaultLocale() {
        return Locale.SIMPLIFIED_CHINESE;
    }
}
