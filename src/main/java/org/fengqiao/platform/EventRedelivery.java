package org.fengqiao.platform;

import java.time.Duration;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers again what a listener did not finish, without waiting for a restart: publications whose listener failed
 * (after {@code fengqiao.events.retry-failed-after}) and publications left incomplete for longer than
 * {@code fengqiao.events.stale-after} (a process that died while another instance kept running). At start-up the
 * JDBC publication registry redelivers every incomplete publication anyway
 * ({@code spring.modulith.events.republish-outstanding-events-on-restart}). Listeners are idempotent, so a
 * publication delivered twice changes nothing the second time.
 */
@Component
public class EventRedelivery {

    private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

    private final FailedEventPublications failed;
    private final IncompleteEventPublications incomplete;
    private final Duration retryFailedAfter;
    private final Duration staleAfter;

    EventRedelivery(FailedEventPublications failed, IncompleteEventPublications incomplete,
                    @Value("${fengqiao.events.retry-failed-after:PT2M}") Duration retryFailedAfter,
                    @Value("${fengqiao.events.stale-after:PT15M}") Duration staleAfter) {
        this.failed = failed;
        this.incomplete = incomplete;
        this.retryFailedAfter = retryFailedAfter;
        this.staleAfter = staleAfter;
    }

    @Scheduled(fixedDelayString = "${fengqiao.events.redelivery-delay:60000}",
            initialDelayString = "${fengqiao.events.redelivery-delay:60000}")
    @SchedulerLock(name = "platform.EventRedelivery", lockAtMostFor = "PT10M")
    public void scheduled() {
        try {
            redeliver();
        } catch (RuntimeException e) {
            log.warn("Redelivering event publications failed, will retry: {}", e.getMessage());
        }
    }

    /** Resubmits failed publications older than the retry delay and incomplete ones older than the stale age. */
    public void redeliver() {
        failed.resubmit(ResubmissionOptions.defaults().withMinAge(retryFailedAfter));
        incomplete.resubmitIncompletePublicationsOlderThan(staleAfter);
    }
}
