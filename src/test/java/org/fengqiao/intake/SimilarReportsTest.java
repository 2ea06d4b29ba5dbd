package org.fengqiao.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The duplicate suggestions shown with a new report: the newest five of the same category in the last seven days,
 * in the same grid or within about 300 m whatever the grid; never a rejected one, another category, an older one or
 * one farther away.
 */
@IntegrationTest
class SimilarReportsTest {

    private static final String COUNTY = "440784";
    private static final String CATEGORY = "ENV-NOISE";

    @Autowired
    ReportIntake intake;
    @Autowired
    Reports reports;
    @Autowired
    JdbcClient jdbc;

    TestUsers.User clerk = TestUsers.with("similar.clerk", Role.INTAKE_CLERK, COUNTY);

    @Test
    void theNewestFiveOfTheCategoryNearbyOrInTheGridAndNoOthers() throws Exception {
        // a grid's inner point
        String boundary = jdbc.sql("""
                        select boundary from area where level = 'GRID' and kind = 'BASE' and code like ?
                          and retired_at is null and boundary is not null order by code offset 7 limit 1""")
                .param(COUNTY + "%").query(String.class).single();
        Point p = new GeoJsonReader().read(boundary).getInteriorPoint();
        double lon = p.getX();
        double lat = p.getY();
        String tag = UUID.randomUUID().toString().substring(0, 8);

        long nearby = submit(lon + 0.0015, lat - 0.0012, CATEGORY, "附近 " + tag);
        long otherCategory = submit(lon, lat, "ENV-DUMPING", "别类 " + tag);
        long farAway = submit(lon, lat + 0.004, CATEGORY, "较远 " + tag);
        long old = submit(lon, lat, CATEGORY, "八天前 " + tag);
        long rejected = submit(lon, lat, CATEGORY, "已退回 " + tag);
        jdbc.sql("update report set received_at = received_at - interval '8 days' where id = ?").param(old).update();
        jdbc.sql("update report set status = 'REJECTED' where id = ?").param(rejected).update();
        // the nearby and the far one lie in another grid as far as the suggestions know: only the "within 300 m"
        // branch can find them
        jdbc.sql("update report set area_code = ? where id in (?, ?)").params(COUNTY + "999999999", nearby, farAway)
                .update();

        long now = submit(lon, lat, CATEGORY, "新报 " + tag);
        List<Long> found = ids(now);
        assertThat(found).contains(nearby).doesNotContain(otherCategory, farAway, old, rejected, now);

        // more of the same here: the newest five, newest first
        List<Long> more = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            more.add(submit(lon + 0.0001 * i, lat, CATEGORY, "又一 " + i + " " + tag));
        }
        long last = submit(lon, lat, CATEGORY, "最后 " + tag);
        assertThat(ids(last)).containsExactly(more.get(5), more.get(4), more.get(3), more.get(2), more.get(1));
    }

    private List<Long> ids(long reportId) {
        ReportView v = clerk.call(() -> reports.find(reportId, org.fengqiao.platform.DataScope.of(COUNTY)));
        return reports.similar(v).stream().map(Submission.Similar::reportId).toList();
    }

    private long submit(double lon, double lat, String category, String text) {
        return clerk.call(() -> intake.submit(new SubmitReport(ReportChannel.COUNTER, category, text, lon, lat, null,
                null, null, "13812345678", List.of(), false), null)).report().id();
    }
}
