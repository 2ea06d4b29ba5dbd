package org.fengqiao.support;

import java.time.Instant;
import java.util.List;

import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportSubmitted;

/** Intake's event of a new report, made up for a listener's test (a counter report of illegal dumping). */
public final class ReportEvents {

    private ReportEvents() {
    }

    public static ReportSubmitted submitted(long id, String areaCode, Instant at) {
        return new ReportSubmitted(id, ReportChannel.COUNTER, "ENV-DUMPING", areaCode, false, at, at.plusSeconds(7200),
                "批次测试 " + id, null, null, null, "网格", "batch.test", List.of(), null, null);
    }
}
