package org.fengqiao.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.DeadlineUnit;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.Role;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The workbench's bulk path equals its listeners: cases and reports in every state the workflow knows are written
 * through the facades (the listeners fill the read models from their events), their rows are set aside and derived
 * again from the raw tables by {@link ScaleWorkbench}; what the workbench reads from them is the same.
 */
@IntegrationTest
class ScaleWorkbenchTest {

    private static final String TOWN = "440784109"; // 双合镇: no other test works there

    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;
    @Autowired
    ScaleWorkbench bulk;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theBulkPathWritesWhatTheListenersWrite() {
        String grid = jdbc.sql("select code from area where level = 'GRID' and code like ? order by code limit 1")
                .param(TOWN + "%").query(String.class).single();
        long market = jdbc.sql("select id from organisation where code = '440784-DEPT-SCJG'").query(Long.class).single();
        long police = jdbc.sql("select id from organisation where code = '440784-DEPT-GA'").query(Long.class).single();
        TestUsers.User boss = TestUsers.user("bulk.boss").holding(Role.LEADER, TOWN)
                .holding(Role.DEPARTMENT_HANDLER, TOWN, market).holding(Role.DEPARTMENT_HANDLER, TOWN, police).build();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long firstCase = jdbc.sql("select coalesce(max(id), 0) + 1 from case_file").query(Long.class).single();
        long firstReport = jdbc.sql("select coalesce(max(id), 0) + 1 from report").query(Long.class).single();
        List<Long> ids = new ArrayList<>();
        boss.run(() -> {
            for (int i = 0; i < 12; i++) {
                long r = intake.submit(new SubmitReport(ReportChannel.COUNTER, "ENV-DUMPING", "批量 " + tag + " " + i,
                        null, null, grid, null, null, "13812345678", List.of(), false), UUID.randomUUID().toString())
                        .report().id();
                if (i >= 10) {
                    if (i == 10) {
                        cases.reject(r, "重复");
                    }
                    continue; // one rejected, one left pending
                }
                long c = cases.accept(r, null, null).id();
                ids.add(c);
                switch (i) {
                    case 0 -> { } // registered
                    case 1 -> {
                        cases.act(c, null, new CaseCommand.Dispatch(market, List.of(police), "派"));
                        cases.act(c, null, new CaseCommand.Return("不属本单位"));
                    }
                    case 2 -> cases.act(c, null, new CaseCommand.Dispatch(market, List.of(police), "派"));
                    case 3 -> {
                        cases.act(c, null, new CaseCommand.Dispatch(police, List.of(), "派"));
                        cases.act(c, null, new CaseCommand.Sign());
                        cases.act(c, null, new CaseCommand.RequestExtension(2, DeadlineUnit.WORKING_DAYS, "协调"));
                        cases.act(c, null, new CaseCommand.Supervise("督办"));
                    }
                    case 4 -> {
                        cases.act(c, null, new CaseCommand.Dispatch(police, List.of(), "派"));
                        cases.act(c, null, new CaseCommand.Sign());
                        cases.act(c, null, new CaseCommand.RequestExtension(2, DeadlineUnit.WORKING_DAYS, "协调"));
                        cases.act(c, null, new CaseCommand.DecideExtension(true, "同意"));
                        cases.act(c, null, new CaseCommand.Feedback("已处理", List.of()));
                    }
                    case 5 -> {
                        cases.act(c, null, new CaseCommand.Dispatch(police, List.of(), "派"));
                        cases.act(c, null, new CaseCommand.Sign());
                        cases.act(c, null, new CaseCommand.Feedback("已处理", List.of()));
                        cases.act(c, null, new CaseCommand.Verify(false, "未整改", List.of()));
                    }
                    case 6 -> {
                        cases.act(c, null, new CaseCommand.Dispatch(police, List.of(), "派"));
                        cases.act(c, null, new CaseCommand.Sign());
                        cases.act(c, null, new CaseCommand.Feedback("已处理", List.of()));
                        cases.act(c, null, new CaseCommand.Verify(true, "已整改", List.of()));
                        cases.act(c, null, new CaseCommand.Rate("SATISFIED", null));
                    }
                    case 7 -> {
                        cases.act(c, null, new CaseCommand.Close("电话答复"));
                        cases.act(c, null, new CaseCommand.Reopen("复发"));
                    }
                    case 8 -> {
                        cases.act(c, null, new CaseCommand.Dispatch(market, List.of(), "派"));
                        cases.act(c, null, new CaseCommand.Sign());
                        cases.act(c, null, new CaseCommand.Backlog("待汛期后"));
                    }
                    default -> {
                        cases.act(c, null, new CaseCommand.Dispatch(market, List.of(), "派"));
                        cases.act(c, null, new CaseCommand.Escalate("县级协调"));
                    }
                }
            }
        });
        Events.settle(jdbc);
        Map<Long, List<Object>> heardCases = rows(CASES, firstCase);
        Map<Long, List<Object>> heardReports = rows(REPORTS, firstReport);
        assertThat(heardCases).hasSize(10);
        assertThat(heardReports).hasSize(12);

        jdbc.sql("delete from wb_case where area_code like ? and case_id >= ?").params(TOWN + "%", firstCase).update();
        jdbc.sql("delete from wb_report where area_code like ? and report_id >= ?").params(TOWN + "%", firstReport)
                .update();
        long[] written = bulk.derive(TOWN, firstCase, firstReport);
        assertThat(written).containsExactly(10, 12);
        assertThat(rows(CASES, firstCase)).isEqualTo(heardCases);
        assertThat(rows(REPORTS, firstReport)).isEqualTo(heardReports);
    }

    /** What the workbench reads of a case: every column but the times that only order the events. */
    private static final String CASES = """
            select case_id, number, area_code, category_code, state, summary, lead_org_id, lead_org_name,
                   assist_org_ids::text, due, supervised, extension_pending, returned_by, return_reason, opened_at
            from wb_case where area_code like ? and case_id >= ? order by case_id""";

    private static final String REPORTS = """
            select report_id, area_code, channel, category_code, summary, received_at, accept_due, submitted_by,
                   status, decided_at, case_id, case_number
            from wb_report where area_code like ? and report_id >= ? order by report_id""";

    private Map<Long, List<Object>> rows(String sql, long from) {
        Map<Long, List<Object>> rows = new TreeMap<>();
        jdbc.sql(sql).params(TOWN + "%", from).query((rs, n) -> {
            List<Object> values = new ArrayList<>();
            for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getObject(i));
            }
            rows.put(rs.getLong(1), values);
            return null;
        }).list();
        return rows;
    }
}
