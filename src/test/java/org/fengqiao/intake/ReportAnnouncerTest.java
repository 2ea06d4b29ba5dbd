package org.fengqiao.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.Role;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports reach the read models downstream in batches: reports that commit together are announced in a few
 * {@link ReportsSubmitted} events (at most {@link ReportsSubmitted#MAX} reports each), every report in exactly one of
 * them, and each module's read model then holds every report once, its rollups moved by exactly the batch.
 */
@IntegrationTest
class ReportAnnouncerTest {

    private static final String COUNTY = "440784";
    private static final Pattern REPORT_ID = Pattern.compile("\"reportId\":(\\d+)");

    @Autowired
    ReportIntake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void reportsThatCommitTogetherAreAnnouncedInAFewBatchesEachReportOnce() throws Exception {
        Events.settle(jdbc);
        int n = 450;
        List<String> grids = jdbc.sql("select code from area where level = 'GRID' and code like ? order by code")
                .param(COUNTY + "%").query(String.class).list();
        TestUsers.User clerk = TestUsers.with("announce.clerk", Role.INTAKE_CLERK, COUNTY);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        long counterBefore = counterReportsToday(today);
        List<Long> ids = new ArrayList<>();
        try (Connection hold = dataSource.getConnection()) {
            // the workbench's listener waits on its table, so its publications stay to be counted
            hold.setAutoCommit(false);
            try (Statement st = hold.createStatement()) {
                st.execute("lock table wb_report in share mode");
            }
            new TransactionTemplate(transactions).executeWithoutResult(s -> clerk.run(() -> {
                for (int i = 0; i < n; i++) {
                    ids.add(intake.submit(new SubmitReport(ReportChannel.COUNTER, "ENV-DUMPING",
                            "批量通告 " + tag + " " + i, null, null, grids.get(i % grids.size()), null, null,
                            "13812345678", List.of(), false), null).report().id());
                }
            }));
            Map<Long, Integer> announced = new HashMap<>();
            List<String> events = new ArrayList<>();
            Awaitility.await("every report announced to the workbench").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        events.clear();
                        events.addAll(jdbc.sql("""
                                        select serialized_event from event_publication
                                        where listener_id like '%workbench.ReportFeed%'
                                          and event_type like '%ReportsSubmitted' and serialized_event like ?""")
                                .param("%批量通告 " + tag + "%").query(String.class).list());
                        announced.clear();
                        for (String e : events) {
                            Matcher m = REPORT_ID.matcher(e);
                            while (m.find()) {
                                announced.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
                            }
                        }
                        return announced.keySet().containsAll(ids);
                    });
            assertThat(events).as("batches of at most %d", ReportsSubmitted.MAX).hasSizeBetween(3, 4);
            assertThat(ids).allSatisfy(id -> assertThat(announced.get(id)).as("report %d", id).isEqualTo(1));
            hold.rollback();
        }
        Events.settle(jdbc);
        Long[] all = ids.toArray(Long[]::new);
        assertThat(count("select count(*) from report_announcement where report_id = any(?)", all)).isZero();
        assertThat(count("select count(*) from wb_report where report_id = any(?) and status = 'PENDING'", all))
                .isEqualTo(n);
        assertThat(count("select count(*) from public_progress where report_id = any(?)", all)).isEqualTo(n);
        assertThat(count("select count(*) from public_step where report_id = any(?) and code = 'RECEIVED'", all))
                .isEqualTo(n);
        assertThat(count("select count(*) from analytics_report where report_id = any(?) and channel = 'COUNTER'"
                + " and area_code is not null", all)).isEqualTo(n);
        assertThat(counterReportsToday(today) - counterBefore).as("the county's counter reports today").isEqualTo(n);
    }

    private long count(String sql, Long[] ids) {
        return jdbc.sql(sql).param(ids).query(Long.class).single();
    }

    private long counterReportsToday(LocalDate today) {
        return jdbc.sql("""
                        select coalesce(sum(reports_counter), 0) from analytics_rollup
                        where grain = 'D' and level = 6 and area = ? and bucket = ? and category_code = 'ENV-DUMPING'""")
                .params(COUNTY, today).query(Long.class).single();
    }
}
