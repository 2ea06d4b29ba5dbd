package org.fengqiao.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds cases whose running stage is overdue on the working calendar and puts them under supervision (督办)
 * automatically, once per stage, notifying the lead department urgently and the leaders of the area. The time is
 * the injected clock's; tests call {@link #sweep(Instant)} with the instant they want.
 */
@Component
public class CaseSweeper {

    private static final Logger log = LoggerFactory.getLogger(CaseSweeper.class);

    private final JdbcClient jdbc;
    private final CaseManagement cases;
    private final Clock clock;

    CaseSweeper(JdbcClient jdbc, CaseManagement cases, Clock clock) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${fengqiao.cases.sweep-delay:60000}",
            initialDelayString = "${fengqiao.cases.sweep-initial-delay:30000}")
    // once per period across instances: the lock is held at least for most of the period
    @SchedulerLock(name = "cases.CaseSweeper", lockAtMostFor = "PT10M",
            lockAtLeastFor = "${fengqiao.cases.sweep-lock-at-least:PT50S}")
    public void scheduled() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Case sweep failed, will retry: {}", e.getMessage());
        }
    }

    /** Supervises every case overdue at {@code now}; returns how many. */
    public int sweep(Instant now) {
        record Due(long id, String stage, String number, Long leadOrgId, String areaCode) {
        }
        List<Due> due = jdbc.sql("""
                        select id, stage, number, lead_org_id, area_code from (
                          select id, number, lead_org_id, area_code, auto_supervised_stage,
                                 case when state = 'DISPATCHED' and sign_due < ? then 'SIGN'
                                      when state in ('IN_PROGRESS', 'REWORK') and handle_due < ? then 'HANDLE'
                                      when state = 'FED_BACK' and verify_due < ? then 'VERIFY' end as stage
                          from case_file where state in ('DISPATCHED', 'IN_PROGRESS', 'REWORK', 'FED_BACK')) s
                        where stage is not null and stage is distinct from auto_supervised_stage
                        order by id limit 1000""")
                .params(CaseFiles.ts(now), CaseFiles.ts(now), CaseFiles.ts(now))
                .query(Due.class).list();
        int n = 0;
        for (Due d : due) {
            try {
                // the event (CaseSupervised with the overdue stage) tells the leaders and the lead department
                cases.actAsSystem(d.id(), c -> c.supervise("OVERDUE_" + d.stage(), "system", now, d.stage()));
                n++;
            } catch (RuntimeException e) {
                // changed meanwhile: the next sweep looks again
                log.debug("Skipped case {} in this sweep: {}", d.number(), e.getMessage());
            }
        }
        return n;
    }
}
