package org.fengqiao.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo's mediation — sites, teams, menu, rooms and a year of disputes — written into a copy of the demo county
 * of its own (code 4490xx), so the shared demo county keeps no disputes for the other tests.
 */
@IntegrationTest
class MediationDemoTest {

    @Autowired
    MediationDemo demo;
    @Autowired
    MediationHistory history;
    @Autowired
    CountyWriter writer;
    @Autowired
    FengqiaoProperties properties;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;

    long count(String sql, Object... args) {
        return jdbc.sql(sql).params(args).query(Long.class).single();
    }

    Map<String, Long> group(String sql, Object... args) {
        Map<String, Long> m = new HashMap<>();
        jdbc.sql(sql).params(args).query((rs, n) -> m.put(rs.getString(1), rs.getLong(2))).list();
        return m;
    }

    @Test
    void aYearOfDisputesOfEveryTypeAndTierWithOutcomesThroughTheRealWorkflow() {
        int index = 1900; // 449900: away from the scale runs and the case history's copies
        while (count("select count(*) from area where code = ?", CountyGenerator.countyCode(index)) > 0) {
            index++;
        }
        CountyGenerator generator = new CountyGenerator(properties.demo().seed());
        DemoCounty county = generator.copy(generator.generate(), index);
        new TransactionTemplate(transactions).executeWithoutResult(s -> writer.write(county, null));
        String code = county.code();
        String like = code + "%";

        MediationDemo.Written menu = demo.write(code, 11, Instant.now().minus(Duration.ofDays(400)));
        assertThat(count("select count(*) from mediation_site where area_code like ?", like)).isEqualTo(menu.sites())
                .isGreaterThanOrEqualTo(40);
        // the 20 sites of the seed: 10 town centers' stations and 10 无讼社区 stations, each with its team of four
        assertThat(count("select count(*) from mediation_site where area_code like ? and kind in"
                + " ('TOWN_CENTER', 'COMMUNITY_STATION')", like)).isEqualTo(20);
        assertThat(group("select m.team_role, count(*) from mediation_mediator m join mediation_site s"
                + " on s.id = m.site_id where s.area_code like ? and s.kind in ('TOWN_CENTER', 'COMMUNITY_STATION')"
                + " and m.team_role is not null group by 1", like))
                .containsEntry("JUDGE", 20L).containsEntry("MEDIATOR", 20L).containsEntry("ASSISTANT", 20L)
                .containsEntry("SECRETARY", 20L);
        assertThat(group("select kind, count(*) from mediation_mediator where area_code like ? group by 1", like)
                .keySet()).contains("PEOPLES_MEDIATOR", "LAWYER", "JUDGE", "COUNSELLOR", "RESPECTED_LOCAL", "UNION",
                "HR_BUREAU", "POLICE", "ORGANISATION");
        // 镇南工业城警务站's five function rooms (seed 000)
        assertThat(count("""
                        select count(distinct r.kind) from mediation_room r join mediation_site s on s.id = r.site_id
                        where s.name = '镇南工业城警务站' and s.area_code like ?""", like)).isEqualTo(5);

        MediationHistory.Summary s = history.generate(code, 11, 160, 365);
        assertThat(s.failed()).as("disputes whose life broke off").isLessThan(5);
        assertThat(count("select count(*) from mediation_dispute where area_code like ?", like))
                .isEqualTo(s.disputes()).isGreaterThan(150);
        assertThat(group("select type, count(*) from mediation_dispute where area_code like ? group by 1", like)
                .keySet()).contains("LABOUR", "NEIGHBOUR", "FAMILY", "LAND_PROPERTY", "CONTRACT_DEBT", "CONSUMER",
                "TRAFFIC");
        assertThat(group("select tier, count(*) from mediation_dispute where area_code like ? group by 1", like)
                .keySet()).contains("ENTERPRISE_VILLAGE", "STATION_COMMUNITY", "POLICE_TOWN", "COUNTY");
        Map<String, Long> outcomes = group("select coalesce(outcome, state), count(*) from mediation_dispute"
                + " where area_code like ? group by 1", like);
        assertThat(outcomes.keySet()).contains("SETTLED", "NOT_SETTLED", "WITHDRAWN");
        assertThat(outcomes.get("SETTLED")).isEqualTo(s.settled());
        long ended = count("select count(*) from mediation_dispute where area_code like ? and state = 'CLOSED'", like);
        assertThat(ended).isEqualTo(s.ended());
        assertThat((double) s.settled() / ended).isBetween(0.65, 0.95);
        assertThat(count("select count(*) from mediation_dispute where area_code like ? and state <> 'CLOSED'", like))
                .isBetween(1L, 40L);
        assertThat(count("select count(*) from mediation_dispute where area_code like ? and escalations > 0", like))
                .isPositive();
        assertThat(count("select count(*) from mediation_choice c join mediation_dispute d on d.id = c.dispute_id"
                + " where d.area_code like ? and c.chosen_via = 'PARTY'", like)).isPositive();
        assertThat(count("""
                        select count(*) from mediation_confirmation c join mediation_agreement a on a.id = c.agreement_id
                        join mediation_dispute d on d.id = a.dispute_id where d.area_code like ? and c.status = 'CONFIRMED'""",
                like)).isEqualTo(s.confirmed()).isPositive();
        // warnings: raised, and every major one handled in time by the named leader
        assertThat(count("select count(*) from mediation_warning where area_code like ?", like)).isPositive();
        assertThat(count("""
                        select count(*) from mediation_warning where area_code like ? and level = 'MAJOR'
                          and (state <> 'HANDLED' or handled_at > handle_due) and handle_due < now()""", like)).isZero();
        // grid B's town has its share
        assertThat(count("select count(*) from mediation_dispute where area_code like ?", code + "106%"))
                .isPositive();
        // the timeline is the workflow's: every dispute starts with its registration
        assertThat(count("""
                        select count(*) from mediation_dispute d where d.area_code like ? and not exists (
                          select 1 from mediation_dispute_event e where e.dispute_id = d.id and e.action = 'REGISTER')""",
                like)).isZero();
    }
}
