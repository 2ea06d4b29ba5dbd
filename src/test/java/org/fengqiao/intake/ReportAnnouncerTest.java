package org.fengqiao.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
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

    /** The one report of the batch solved on the spot. */
    private static final int ON_SPOT = 1;

    @Autowired
    ReportIntake intake;
    @Autowired
    Photos photos;
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
        record Grid(String code, String boundary) {
        }
        List<Grid> grids = jdbc.sql("""
                        select code, boundary from area where level = 'GRID' and kind = 'BASE' and code like ?
                          and retired_at is null and boundary is not null order by code""")
                .param(COUNTY + "%").query(Grid.class).list();
        GeoJsonReader geoJson = new GeoJsonReader();
        // a clerk at the counter who also patrols (only a grid worker on patrol solves a matter on the spot)
        TestUsers.User clerk = TestUsers.user("announce.clerk").holding(Role.INTAKE_CLERK, COUNTY)
                .holding(Role.GRID_WORKER, COUNTY).build();
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
                    // every other report with a point inside its grid and an address
                    Grid g = grids.get(i % grids.size());
                    Point p = null;
                    if (i % 2 == 0) {
                        try {
                            p = geoJson.read(g.boundary()).getInteriorPoint();
                        } catch (ParseException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    // and one solved on the spot, with its photos after and before
                    List<SubmitReport.AttachedPhoto> attached = i != ON_SPOT ? List.of() : List.of(
                            new SubmitReport.AttachedPhoto(upload(), PhotoRole.AFTER),
                            new SubmitReport.AttachedPhoto(upload(), PhotoRole.BEFORE));
                    ids.add(intake.submit(new SubmitReport(i == ON_SPOT ? ReportChannel.PATROL : ReportChannel.COUNTER,
                            "ENV-DUMPING",
                            "批量通告 " + tag + " " + i, p == null ? null : p.getX(), p == null ? null : p.getY(),
                            g.code(), p == null ? null : "门牌 " + i + " 号", null, "13812345678", attached,
                            i == ON_SPOT), null).report().id());
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
                .isEqualTo(n - 1);
        long onSpot = ids.get(ON_SPOT);
        assertThat(jdbc.sql("select status from wb_report where report_id = ?").param(onSpot).query(String.class)
                .single()).isEqualTo("SOLVED_ON_SPOT");
        assertThat(jdbc.sql("select count(*) from public_step where report_id = ? and code = 'SOLVED_ON_SPOT'")
                .param(onSpot).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select photo_ids::text from public_progress where report_id = ?").param(onSpot)
                .query(String.class).single()).isEqualTo(jdbc.sql("""
                        select '{' || string_agg(photo_id::text, ',' order by role, photo_id) || '}' from report_photo
                        where report_id = ?""").param(onSpot).query(String.class).single());
        assertThat(count("select count(*) from public_progress where report_id = any(?)", all)).isEqualTo(n);
        assertThat(count("select count(*) from public_step where report_id = any(?) and code = 'RECEIVED'", all))
                .isEqualTo(n);
        assertThat(count("select count(*) from analytics_report where report_id = any(?) and channel = 'COUNTER'"
                + " and area_code is not null", all)).isEqualTo(n - 1);
        assertThat(counterReportsToday(today) - counterBefore).as("the county's counter reports today")
                .isEqualTo(n - 1);
        assertThat(count("select count(*) from report where id = any(?) and lon is not null", all)).isEqualTo(n / 2);
        // and each read model holds what the report holds, to the microsecond and the last bit of a coordinate
        assertThat(rows("""
                select report_id, channel, category_code, description, area_code, lon, lat, address, received_at,
                       accept_due, report_status from public_progress where report_id = any(?) order by 1""", all))
                .isEqualTo(rows("""
                        select id, channel, category_code, description, area_code, lon, lat, address, received_at,
                               accept_due, status from report where id = any(?) order by 1""", all));
        assertThat(rows("""
                select report_id, area_code, channel, category_code, received_at, accept_due, submitted_by, summary
                from wb_report where report_id = any(?) order by 1""", all))
                .isEqualTo(rows("""
                        select id, area_code, channel, category_code, received_at, accept_due, submitted_by, description
                        from report where id = any(?) order by 1""", all));
        assertThat(rows("""
                select report_id, area_code, category_code, channel, received_at, accept_due, lon, lat, submitted_by,
                       status from analytics_report where report_id = any(?) order by 1""", all))
                .isEqualTo(rows("""
                        select id, area_code, category_code, channel, received_at, accept_due, lon, lat, submitted_by,
                               status from report where id = any(?) order by 1""", all));
    }

    private List<List<Object>> rows(String sql, Long[] ids) {
        return jdbc.sql(sql).param(ids).query((rs, i) -> {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                Object v = rs.getObject(c);
                row.add(v instanceof java.sql.Timestamp ? rs.getObject(c, OffsetDateTime.class).toInstant() : v);
            }
            return row;
        }).list();
    }

    private UUID upload() {
        try {
            return photos.upload(IntakeApiTest.png(40, 30)).id();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
