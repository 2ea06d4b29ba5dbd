package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.registry.CreditCodes;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Enterprises, electricity, places and boats on the real database, with the demo park's 48 enterprises. */
@IntegrationTest
class EnterprisesTest {

    @Autowired
    Enterprises enterprises;
    @Autowired
    PlacesAndBoats places;
    @Autowired
    JdbcClient jdbc;

    static final TestUsers.User SHAPING = TestUsers.with("ent.leader", Role.LEADER, DemoAccounts.SHAPING_CODE);
    static final TestUsers.User GONGHE = TestUsers.with("ent.gonghe", Role.LEADER, "440784106");

    @Test
    void theDemoParkHas48EnterprisesWithAYearOfElectricityAndTheLowEfficiencyOnesComeFirst() {
        // the park's own: other tests register and import enterprises in the same town, outside the park
        java.util.Set<Long> inPark = new java.util.HashSet<>(jdbc.sql(
                "select id from registry_enterprise where park_code is not null and area_code like '440784%'")
                .query(Long.class).list());
        List<Enterprises.Summary> list = SHAPING.call(() -> enterprises.list(null)).stream()
                .filter(e -> inPark.contains(e.id())).toList();
        assertThat(list).hasSize(48);
        assertThat(list.stream().mapToInt(Enterprises.Summary::headcount).sum()).isBetween(4000, 4300);
        assertThat(list).allMatch(e -> CreditCodes.isValid(e.creditCode()));
        assertThat(list.getFirst().kwhPerHead()).isGreaterThan(list.getLast().kwhPerHead().multiply(
                java.math.BigDecimal.valueOf(3)));
        Enterprises.EnterpriseView first = SHAPING.call(() -> enterprises.get(list.getFirst().id()));
        assertThat(first.electricity()).hasSize(12);
        assertThat(GONGHE.call(() -> enterprises.list(null))).isEmpty();
        assertThatThrownBy(() -> GONGHE.call(() -> enterprises.get(list.getFirst().id())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aBadCreditCodeIsRefusedAndElectricityIsImportedWhollyOrNotAtAll() {
        assertThatThrownBy(() -> SHAPING.call(() -> enterprises.register(new Enterprises.EnterpriseInput(
                "91440784000000000R", "错码公司", null, DemoAccounts.GRID_A_CODE, null, null, null, null, null, 10,
                null, null, null, null)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("credit code");
        String code = "91440784" + String.format("%09d", System.nanoTime() % 1_000_000_000L);
        String full = code + CreditCodes.checkCharacter(code);
        long id = SHAPING.call(() -> enterprises.register(new Enterprises.EnterpriseInput(full, "测试电耗公司", null,
                DemoAccounts.GRID_A_CODE, null, "沙坪", "印刷", "法人", "13800000001", 40, "安全员", "13800000002",
                null, null)));
        List<Enterprises.ReadingProblem> problems = SHAPING.call(() -> enterprises.importElectricity(List.of(
                new Enterprises.Reading(full, "2026-01", "12000"), new Enterprises.Reading(full, "2026-13", "1"),
                new Enterprises.Reading("91440784000000000R", "2026-02", "5"))));
        assertThat(problems).extracting(Enterprises.ReadingProblem::line).containsExactly(2, 3);
        assertThat(jdbc.sql("select count(*) from registry_electricity where enterprise_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(SHAPING.call(() -> enterprises.importElectricity(List.of(new Enterprises.Reading(full, "2026-01",
                "12000"), new Enterprises.Reading(full, "2026-02", "11000"))))).isEmpty();
        assertThat(jdbc.sql("select sum(kwh)::int from registry_electricity where enterprise_id = ?").param(id)
                .query(Integer.class).single()).isEqualTo(23000);
        assertThat(jdbc.sql("select legal_rep_phone_masked from registry_enterprise where id = ?").param(id)
                .query(String.class).single()).isEqualTo("138****0001");
    }

    @Test
    void schoolsMarketsAndBoatsAreThere() {
        TestUsers.User county = TestUsers.with("ent.county", Role.LEADER, DemoAccounts.COUNTY_CODE);
        assertThat(county.call(() -> places.places("SCHOOL", null))).hasSizeGreaterThanOrEqualTo(10)
                .allMatch(p -> p.safetyPlan() != null);
        assertThat(county.call(() -> places.places("MARKET", null))).hasSizeGreaterThanOrEqualTo(10);
        List<PlacesAndBoats.Boat> boats = county.call(() -> places.boats(null));
        assertThat(boats).hasSize(20).allMatch(b -> b.pairedPartyMember() != null);
        long boat = boats.getFirst().id();
        String before = boats.getFirst().status();
        county.run(() -> places.setStatus(boat, before.equals("AT_SEA") ? "IN_PORT" : "AT_SEA"));
        assertThat(county.call(() -> places.boat(boat)).status()).isNotEqualTo(before);
    }
}
