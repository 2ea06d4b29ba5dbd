package org.fengqiao.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.fengqiao.cases.Staff;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.support.IntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo history, written into a copy of the demo county of its own (code 4490xx, its own people and
 * departments, no accounts) so the shared demo county stays without history for the other tests.
 */
@IntegrationTest
class HistoryGeneratorTest {

    @Autowired
    HistoryGenerator history;
    @Autowired
    CountyWriter writer;
    @Autowired
    FengqiaoProperties properties;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    @Test
    void aLivingCountyThroughTheRealWorkflow() throws Exception {
        int index = 1000; // 449010: away from the scale-run codes 4480xx another test counts
        while (count("select count(*) from area where code = ?", CountyGenerator.countyCode(index)) > 0) {
            index++;
        }
        CountyGenerator generator = new CountyGenerator(properties.demo().seed());
        DemoCounty county = generator.copy(generator.generate(), index);
        new TransactionTemplate(transactions).executeWithoutResult(s -> writer.write(county, null));
        String code = county.code();

        HistoryGenerator.Summary summary = history.generate(code, 7, 480, 90);
        String like = code + "%";
        org.fengqiao.support.Events.settle(jdbc); // report statuses follow the decisions' events

        // what the summary says is what the tables hold
        assertThat(count("select count(*) from report where area_code like ?", like)).isEqualTo(summary.reports())
                .isBetween(480L, 560L);
        assertThat(count("select count(*) from case_file where area_code like ?", like)).isEqualTo(summary.cases());
        Map<String, Long> byStatus = group("select status, count(*) from report where area_code like ? group by 1",
                like);
        assertThat(byStatus.get("ACCEPTED")).isGreaterThan(400);
        assertThat(byStatus.get("REJECTED")).isBetween(5L, 50L).isEqualTo(summary.rejected());
        assertThat(byStatus.get("MERGED")).isBetween(5L, 50L).isEqualTo(summary.merged());
        assertThat(byStatus.get("PENDING")).isBetween(5L, 30L);
        Map<String, Long> channels = group("select channel, count(*) from report where area_code like ? group by 1",
                like);
        assertThat(channels.keySet()).contains("PATROL", "COUNTER", "HOTLINE", "QR");

        Map<String, Long> states = group("select state, count(*) from case_file where area_code like ? group by 1",
                like);
        assertThat(states.get("CLOSED")).isEqualTo(summary.closed()).isGreaterThan(350);
        long open = summary.cases() - states.get("CLOSED");
        assertThat(open).isBetween(5L, 80L);
        assertThat(states.keySet()).contains("DISPATCHED", "IN_PROGRESS");
        // some closed on time, some late; some returned and re-dispatched, some reworked; one or two supervised
        long onTime = count("select count(*) from case_file where area_code like ? and state = 'CLOSED'"
                + " and closed_at <= handle_due", like);
        assertThat(onTime).isGreaterThan(summary.closed() * 7 / 10).isLessThan(summary.closed());
        assertThat(count("select count(*) from case_file where area_code like ? and return_count > 0", like))
                .isPositive();
        assertThat(count("select count(*) from case_file where area_code like ? and rework_count > 0", like))
                .isPositive();
        // the leader supervised two; the sweeper may have supervised other overdue ones meanwhile
        assertThat(count("select count(*) from case_event e join case_file c on c.id = e.case_id"
                + " where c.area_code like ? and e.action = 'SUPERVISE' and e.actor <> 'system'", like))
                .isEqualTo(2);
        assertThat(count("select count(*) from case_file where area_code like ? and state <> 'CLOSED'"
                + " and handle_due < now()", like)).isPositive();
        // callbacks: most rated, mostly satisfied
        Map<String, Long> ratings = group("select rating, count(*) from case_file where area_code like ?"
                + " and rating is not null group by 1", like);
        long rated = ratings.values().stream().mapToLong(Long::longValue).sum();
        assertThat(rated).isEqualTo(summary.ratings()).isGreaterThan(summary.closed() * 7 / 10);
        assertThat(ratings.get("SATISFIED")).isGreaterThan(rated * 3 / 4);
        // every step is on the timeline, in time order and never in the future
        assertThat(count("select count(*) from case_event e join case_file c on c.id = e.case_id"
                + " where c.area_code like ?", like)).isGreaterThan(summary.cases() * 5L);
        assertThat(count("select count(*) from case_event e join case_file c on c.id = e.case_id"
                + " where c.area_code like ? and e.at > now()", like)).isZero();
        assertThat(count("select count(*) from report where area_code like ? and received_at < now() - interval"
                + " '91 days'", like)).isZero();

        // the indicators API shows figures for the county over the history
        var leader = Staff.custom("history.leader", Set.of("LEADER"), code);
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        mvc.perform(get("/api/indicators").param("area", code).param("from", today.minusDays(91).toString())
                        .param("to", today.toString()).with(authentication(Staff.token(leader))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.figures.reports").value((int) summary.reports()))
                .andExpect(jsonPath("$.figures.closed", Matchers.greaterThan(300)))
                .andExpect(jsonPath("$.rates.onTimeRate", Matchers.notNullValue()))
                .andExpect(jsonPath("$.rates.satisfactionRate", Matchers.greaterThan(80.0)));
        mvc.perform(get("/cases/indicators").param("area", code).with(authentication(Staff.token(leader))))
                .andExpect(status().isOk());
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private Map<String, Long> group(String sql, String like) {
        Map<String, Long> m = new java.util.HashMap<>();
        jdbc.sql(sql).param(like).query(rs -> {
            m.put(rs.getString(1), rs.getLong(2));
        });
        return m;
    }
}
