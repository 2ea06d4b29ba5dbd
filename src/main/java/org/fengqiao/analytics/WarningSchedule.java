package org.fengqiao.analytics;

import java.time.Clock;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Evaluates the early-warning rules every quarter of an hour, on one instance at a time. */
@Component
public class WarningSchedule {

    private final AreaWarnings warnings;
    private final Clock clock;
    private final boolean enabled;

    WarningSchedule(AreaWarnings warnings, Clock clock,
                    @org.springframework.beans.factory.annotation.Value("${fengqiao.analytics.warnings:true}")
                    boolean enabled) {
        this.warnings = warnings;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Scheduled(fixedDelayString = "PT15M", initialDelayString = "PT2M")
    @SchedulerLock(name = "analytics.WarningSchedule", lockAtMostFor = "PT14M")
    public void run() {
        if (enabled) {
            warnings.evaluate(clock.instant());
        }
    }
}
