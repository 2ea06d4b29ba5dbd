package org.fengqiao.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first days of a month, the month before's analysis report of every county and town is built and its
 * leaders find it in their inbox (a notice linking to the PDF and the .xlsx), once per area and month even with
 * several instances ({@code analytics_report_sent}, ShedLock).
 */
@Component
public class MonthlyReportSchedule {

    private static final Logger log = LoggerFactory.getLogger(MonthlyReportSchedule.class);

    private final MonthlyReports reports;
    private final AreaDirectory areas;
    private final Notifications notifications;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;

    MonthlyReportSchedule(MonthlyReports reports, AreaDirectory areas, Notifications notifications, JdbcClient jdbc,
                          PlatformTransactionManager transactions, Clock clock,
                          @Value("${fengqiao.analytics.monthly-reports:true}") boolean enabled) {
        this.reports = reports;
        this.areas = areas;
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.enabled = enabled;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    @SchedulerLock(name = "analytics.MonthlyReportSchedule", lockAtMostFor = "PT50M")
    public void run() {
        if (enabled) {
            sendDue(clock.instant());
        }
    }

    /** Sends the reports of the month before {@code now} that were not sent yet; returns how many it sent. */
    public int sendDue(Instant now) {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(now, WorkingCalendar.ZONE)).minusMonths(1);
        List<AreaView> due = new ArrayList<>();
        for (AreaView county : areas.counties()) {
            due.add(county);
            areas.children(county.code()).stream().filter(a -> "BASE".equals(a.kind())).forEach(due::add);
        }
        int sent = 0;
        for (AreaView area : due) {
            Boolean done = tx.execute(s -> {
                int fresh = jdbc.sql("""
                                insert into analytics_report_sent (area_code, month, sent_at) values (?, ?, ?)
                                on conflict do nothing""")
                        .params(area.code(), month.atDay(1), RollupQueries.at(now)).update();
                if (fresh == 0) {
                    return false;
                }
                MonthlyReports.Report r = reports.buildFor(area.code(), month, Locale.SIMPLIFIED_CHINESE);
                String query = "?area=" + area.code() + "&month=" + month;
                notifications.enqueue(new Notice(new Notice.RoleInArea("LEADER", area.code()),
                        "analytics.report.ready", List.of(area.name(), month.toString(),
                        Long.toString(r.current().opened()), MonthlyReports.pct(r.current().completionRate())),
                        "/analytics/reports/monthly.pdf" + query, false));
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                sent++;
            }
        }
        if (sent > 0) {
            log.info("Monthly analysis reports of {} sent for {} areas", month, sent);
        }
        return sent;
    }
}
