package org.fengqiao.mediation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Time-driven work of mediation, once per item: a tier's deadline passed; a warning not handled in time; the 30
 * days for judicial confirmation run out without an application; a call-back is due; the deadline of performance
 * passed without a record. Each finding is noted on the row so it is found once, lands on the timeline, notifies
 * and publishes its event, in one transaction per item. Tests call {@link #sweep(Instant)} with the time they want.
 */
@Component
public class MediationSweeper {

    private static final Logger log = LoggerFactory.getLogger(MediationSweeper.class);

    private final JdbcClient jdbc;
    private final DisputeStore store;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int confirmationWarnDays;

    MediationSweeper(JdbcClient jdbc, DisputeStore store, Notifications notifications,
                     ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock,
                     @Value("${fengqiao.mediation.confirmation-warn-days:7}") int confirmationWarnDays) {
        this.jdbc = jdbc;
        this.store = store;
        this.notifications = notifications;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.confirmationWarnDays = confirmationWarnDays;
    }

    @Scheduled(fixedDelayString = "${fengqiao.mediation.sweep-delay:60000}",
            initialDelayString = "${fengqiao.mediation.sweep-initial-delay:45000}")
    // once per period across instances
    @SchedulerLock(name = "mediation.MediationSweeper", lockAtMostFor = "PT10M",
            lockAtLeastFor = "${fengqiao.mediation.sweep-lock-at-least:PT50S}")
    public void scheduled() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Mediation sweep failed, will retry: {}", e.getMessage());
        }
    }

    /** What one sweep found and noted. */
    public record Swept(int tierOverdue, int warningsOverdue, int confirmationsClosing, int callbacksDue,
                        int performanceDue) {
        public int total() {
            return tierOverdue + warningsOverdue + confirmationsClosing + callbacksDue + performanceDue;
        }
    }

    public Swept sweep(Instant now) {
        return new Swept(tierOverdue(now), warningsOverdue(now), confirmationsClosing(now), callbacksDue(now),
                performanceDue(now));
    }

    private int each(List<Long> ids, java.util.function.LongPredicate work) {
        int n = 0;
        for (long id : ids) {
            try {
                if (Boolean.TRUE.equals(tx.execute(s -> work.test(id)))) {
                    n++;
                }
            } catch (RuntimeException e) {
                log.debug("Skipped {} in this sweep: {}", id, e.getMessage());
            }
        }
        return n;
    }

    private int tierOverdue(Instant now) {
        List<Long> ids = jdbc.sql("""
                        select id from mediation_dispute where state <> 'CLOSED' and tier_due < ?
                          and not tier_overdue_noted order by tier_due limit 500""")
                .param(DisputeStore.ts(now)).query(Long.class).list();
        return each(ids, id -> {
            Dispute d = store.findForSystem(id).orElseThrow();
            if (!d.state.open() || d.tierOverdueNoted || !d.overdue(now)) {
                return false;
            }
            d.tierOverdueNoted = true;
            Dispute.Step s = d.record(DisputeAction.TIER_OVERDUE, null, "due " + MediationTime.FORMAT.format(d.tierDue));
            store.save(d);
            store.append(d.id, s, "system", now);
            List<String> args = List.of(d.number, d.title);
            notifications.enqueue(new Notice(new Notice.RoleInArea("MEDIATOR", d.areaCode), "mediation.notice.tierOverdue",
                    args, "/mediation/" + d.id, true));
            notifications.enqueue(new Notice(new Notice.RoleInArea("LEADER", d.areaCode), "mediation.notice.tierOverdue",
                    args, "/mediation/" + d.id, false));
            events.publishEvent(new MediationEvents.DisputeTierOverdue(d.id, d.number, d.areaCode, d.type, d.tier, now,
                    "system", d.tierDue, d.siteId));
            return true;
        });
    }

    private int warningsOverdue(Instant now) {
        List<Long> ids = jdbc.sql("""
                        select id from mediation_warning where state <> 'HANDLED' and handle_due < ? and not overdue_noted
                        order by handle_due limit 500""")
                .param(DisputeStore.ts(now)).query(Long.class).list();
        return each(ids, id -> {
            record W(long disputeId, String ruleCode, String level, Instant handleDue) {
            }
            W w = jdbc.sql("""
                            update mediation_warning set overdue_noted = true
                            where id = ? and state <> 'HANDLED' and not overdue_noted
                            returning dispute_id, rule_code, level, handle_due""")
                    .param(id).query((rs, n) -> new W(rs.getLong(1), rs.getString(2), rs.getString(3),
                            DisputeStore.instant(rs, "handle_due"))).optional().orElse(null);
            if (w == null) {
                return false;
            }
            Dispute d = store.findForSystem(w.disputeId()).orElseThrow();
            // a warning handled late goes up: the county's leaders hear of it
            notifications.enqueue(new Notice(new Notice.RoleInArea("LEADER", d.areaCode.substring(0, 6)),
                    "mediation.notice.warningOverdue", List.of(d.number, w.ruleCode()), "/mediation/" + d.id, true));
            events.publishEvent(new MediationEvents.WarningOverdue(d.id, d.number, d.areaCode, d.type, d.tier, now,
                    "system", id, w.ruleCode(), w.level(), w.handleDue()));
            return true;
        });
    }

    private int confirmationsClosing(Instant now) {
        List<Long> ids = jdbc.sql("""
                        select a.id from mediation_agreement a
                        where a.status = 'SIGNED' and a.confirm_reminded_at is null and a.confirm_by > ? and a.confirm_by < ?
                          and not exists (select 1 from mediation_confirmation c where c.agreement_id = a.id)
                        order by a.confirm_by limit 500""")
                .params(DisputeStore.ts(now), DisputeStore.ts(now.plus(Duration.ofDays(confirmationWarnDays))))
                .query(Long.class).list();
        return each(ids, id -> {
            record A(long disputeId, Instant confirmBy) {
            }
            A a = jdbc.sql("""
                            update mediation_agreement set confirm_reminded_at = ? where id = ? and confirm_reminded_at is null
                            returning dispute_id, confirm_by""")
                    .params(DisputeStore.ts(now), id)
                    .query((rs, n) -> new A(rs.getLong(1), DisputeStore.instant(rs, "confirm_by"))).optional()
                    .orElse(null);
            if (a == null) {
                return false;
            }
            Dispute d = store.findForSystem(a.disputeId()).orElseThrow();
            String day = a.confirmBy().atZone(WorkingCalendar.ZONE).toLocalDate().toString();
            store.append(d.id, d.record(DisputeAction.CONFIRMATION_REMINDER, null, "confirm by " + day), "system", now);
            notifications.enqueue(new Notice(new Notice.RoleInArea("MEDIATOR", d.areaCode),
                    "mediation.notice.confirmationClosing", List.of(d.number, day), "/mediation/" + d.id, true));
            events.publishEvent(new MediationEvents.ConfirmationWindowClosing(d.id, d.number, d.areaCode, d.type,
                    d.tier, now, "system", id, a.confirmBy()));
            return true;
        });
    }

    private int callbacksDue(Instant now) {
        List<Long> ids = jdbc.sql("""
                        select id from mediation_agreement where status = 'SIGNED' and callback_due < ?
                          and callback_reminded_at is null and callback_at is null order by callback_due limit 500""")
                .param(DisputeStore.ts(now)).query(Long.class).list();
        return each(ids, id -> {
            Long disputeId = jdbc.sql("""
                            update mediation_agreement set callback_reminded_at = ? where id = ?
                              and callback_reminded_at is null returning dispute_id""")
                    .params(DisputeStore.ts(now), id).query(Long.class).optional().orElse(null);
            if (disputeId == null) {
                return false;
            }
            Dispute d = store.findForSystem(disputeId).orElseThrow();
            store.append(d.id, d.record(DisputeAction.CALLBACK_DUE, null, null), "system", now);
            notifications.enqueue(new Notice(new Notice.RoleInArea("MEDIATOR", d.areaCode), "mediation.notice.callbackDue",
                    List.of(d.number), "/mediation/" + d.id, false));
            return true;
        });
    }

    private int performanceDue(Instant now) {
        java.time.LocalDate today = now.atZone(WorkingCalendar.ZONE).toLocalDate();
        List<Long> ids = jdbc.sql("""
                        select id from mediation_agreement where status = 'SIGNED' and performance = 'PENDING'
                          and performance_deadline < ? and not performance_reminded order by performance_deadline
                        limit 500""")
                .param(today).query(Long.class).list();
        return each(ids, id -> {
            Long disputeId = jdbc.sql("""
                            update mediation_agreement set performance_reminded = true where id = ?
                              and not performance_reminded returning dispute_id""")
                    .param(id).query(Long.class).optional().orElse(null);
            if (disputeId == null) {
                return false;
            }
            Dispute d = store.findForSystem(disputeId).orElseThrow();
            store.append(d.id, d.record(DisputeAction.PERFORMANCE_DUE, null, null), "system", now);
            notifications.enqueue(new Notice(new Notice.RoleInArea("MEDIATOR", d.areaCode),
                    "mediation.notice.performanceDue", List.of(d.number), "/mediation/" + d.id, false));
            return true;
        });
    }
}
