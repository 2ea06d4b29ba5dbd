package org.fengqiao.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.intake.ReportsSubmitted;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.ReportEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One report the live queue cannot store does not hold back the rest of its batch (see {@code BatchDelivery}). */
@IntegrationTest
class ReportFeedBatchTest {

    @Autowired
    ReportFeed feed;
    @Autowired
    JdbcClient jdbc;

    @Test
    void oneReportThatCannotBeStoredDoesNotHoldBackTheOthers() {
        long base = 8_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ReportsSubmitted batch = new ReportsSubmitted(List.of(ReportEvents.submitted(base, "440784001001001", at),
                ReportEvents.submitted(base + 1, "4".repeat(40), at), ReportEvents.submitted(base + 2, "440784001001002", at)));

        try {
            assertThatThrownBy(() -> feed.deliver(batch)).hasMessageContaining("too long");

            assertThat(jdbc.sql("select report_id from wb_report where report_id between ? and ? order by 1")
                    .params(base, base + 2).query(Long.class).list()).containsExactly(base, base + 2);
        } finally {
            // reports that do not exist: out of the queue again
            jdbc.sql("delete from wb_report where report_id between ? and ?").params(base, base + 2).update();
        }
    }
}
