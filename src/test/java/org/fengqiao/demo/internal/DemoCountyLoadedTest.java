package org.fengqiao.demo.internal;

import org.fengqiao.platform.IdNumbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.StartupProblem;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The demo county as the loader put it into the (embedded, initially empty) test database. */
@IntegrationTest
class DemoCountyLoadedTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DemoLoader loader;
    @Autowired
    CountyWriter writer;
    @Autowired
    FieldCipher cipher;
    @Autowired
    FengqiaoProperties properties;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    MockMvc mvc;

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void theDatabaseHoldsTheSeedsNumbers() {
        String county = "440784%";
        assertThat(count("select count(*) from area where code like ? and level = 'TOWN'", county)).isEqualTo(10);
        assertThat(count("select count(*) from area where code like ? and level = 'GRID' and kind = 'BASE'", county))
                .isEqualTo(338);
        // every base grid has its boundary (overlays made later by other tests may have none yet)
        assertThat(count("select count(*) from area where code like ? and level = 'GRID' and kind = 'BASE'"
                + " and (boundary is null or centroid_lon is null)", county)).isZero();
        assertThat(count("""
                select count(*) from role_assignment where area_code like ? and role = 'GRID_WORKER'
                and worker_type = ? and revoked_at is null""", county, "FULL_TIME")).isEqualTo(528);
        assertThat(count("""
                select count(*) from role_assignment where area_code like ? and role = 'GRID_WORKER'
                and worker_type = ? and revoked_at is null""", county, "PART_TIME")).isEqualTo(1315);
        assertThat(count("""
                select count(*) from role_assignment where area_code like ? and role = 'GRID_WORKER'
                and worker_type = ? and revoked_at is null""", county, "PROFESSIONAL")).isEqualTo(360);
        assertThat(count("""
                select count(distinct r.area_code) from role_assignment r join area g on g.code = r.area_code
                where r.role = 'COMMUNITY_POLICE' and g.level = 'GRID' and r.area_code like ?""", county))
                .isEqualTo(328);
        assertThat(count("""
                select count(*) from organisation e join organisation p on p.id = e.parent_id
                where e.kind = 'ENTERPRISE' and p.code = '440784-PARK-ZN'""")).isEqualTo(48);
        assertThat(count("""
                select count(*) from area where code like ? and level = 'MICRO_GRID' and parent_id in
                (select id from area where kind = 'POLICE_ZONE' and level = 'VILLAGE')""", county)).isEqualTo(243);
        for (String kind : List.of("INDUSTRIAL_PARK", "MARITIME", "POLICE_ZONE")) {
            assertThat(count("""
                    select count(*) from overlay_coverage c join area o on o.id = c.overlay_id
                    join area g on g.id = c.grid_id where o.kind = ? and g.level = 'GRID' and g.kind = 'BASE'""",
                    kind)).as(kind).isPositive();
        }
        assertThat(count("select count(*) from organisation where kind = 'DEPARTMENT' and name = '鹤山市市场监督管理局'"))
                .isEqualTo(1);
    }

    @Test
    void theDatabaseHoldsExactlyTheGeneratedCounty() {
        DemoCounty model = new CountyGenerator(properties.demo().seed()).generate();
        Map<String, String> stored = new HashMap<>();
        jdbc.query("""
                select a.code, coalesce(p.code, '') as parent, a.level, a.kind, a.name, a.boundary from area a
                left join area p on p.id = a.parent_id where a.code like '440784%'""", rs -> {
            stored.put(rs.getString("code"), String.join("|", rs.getString("parent"), rs.getString("level"),
                    rs.getString("kind"), rs.getString("name"), rs.getString("boundary")));
        });
        for (DemoCounty.AreaRow a : model.areas()) {
            assertThat(stored.remove(a.code())).as(a.code()).isEqualTo(String.join("|",
                    a.parentCode() == null ? "" : a.parentCode(), a.level(), a.kind(), a.name(), a.boundaryJson()));
        }
        // anything else under the county was created by other tests after the load, never by the loader
        assertThat(count("select count(*) from person where area_code like '440784%' and created_at <= "
                + "(select max(created_at) from area where code = '440784')")).isGreaterThanOrEqualTo(
                model.persons().size());
    }

    @Test
    void personalDataIsEncryptedBlindIndexedAndMasked() {
        record Row(String name, byte[] idEnc, byte[] idIndex, String idMasked, byte[] phoneEnc, byte[] phoneIndex,
                   String phoneMasked) {
        }
        List<Row> rows = jdbc.query("""
                        select name, id_number_enc, id_number_index, id_number_masked, phone_enc, phone_index,
                               phone_masked
                        from person where area_code like '440784%' and id_number_enc is not null""",
                (rs, i) -> new Row(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4), rs.getBytes(5),
                        rs.getBytes(6), rs.getString(7)));
        assertThat(rows.size()).isGreaterThan(3000);
        int demoIds = 0;
        for (Row r : rows) {
            String id = cipher.decrypt(r.idEnc());
            String phone = cipher.decrypt(r.phoneEnc());
            if (id.startsWith("440784") && IdNumbers.isValidId(id)) {
                demoIds++;
            }
            assertThat(new String(r.idEnc(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(id);
            assertThat(Arrays.equals(r.idIndex(), cipher.blindIndex(id))).isTrue();
            assertThat(Arrays.equals(r.phoneIndex(), cipher.blindIndex(phone))).isTrue();
            assertThat(r.idMasked()).isEqualTo(Masking.idNumber(id));
            assertThat(r.phoneMasked()).isEqualTo(Masking.phone(phone));
        }
        assertThat(demoIds).isGreaterThan(3000);
    }

    @Test
    void theLoaderDoesNotLoadTwice() throws Exception {
        long areas = count("select count(*) from area");
        long persons = count("select count(*) from person where area_code like '440784%'");
        loader.run(new DefaultApplicationArguments());
        assertThat(count("select count(*) from area")).isEqualTo(areas);
        assertThat(count("select count(*) from person where area_code like '440784%'")).isEqualTo(persons);
    }

    @Test
    void loadDecision() {
        assertThat(DemoLoader.decide("auto", true, true, false)).isTrue();
        assertThat(DemoLoader.decide("auto", false, true, false)).as("external database").isFalse();
        assertThat(DemoLoader.decide("auto", true, false, false)).as("not empty").isFalse();
        assertThat(DemoLoader.decide("always", false, false, false)).isTrue();
        assertThat(DemoLoader.decide("always", true, false, true)).as("already there").isFalse();
        assertThat(DemoLoader.decide("never", true, true, false)).isFalse();
        assertThatThrownBy(() -> DemoLoader.decide("sometimes", true, true, false))
                .isInstanceOf(StartupProblem.class).hasMessageContaining("fengqiao.demo.load");
    }

    @Test
    void scaleRunsWriteDistinctCountiesAndSkipPresentOnes() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(status -> {
            DemoLoader.Summary summary = loader.generateCounties(3);
            DemoCounty model = new CountyGenerator(properties.demo().seed()).generate();
            assertThat(summary.skipped()).isEqualTo(1);
            assertThat(summary.written().areas()).isEqualTo(2 * model.areas().size());
            assertThat(summary.written().persons()).isEqualTo(2 * model.persons().size());
            assertThat(summary.line()).startsWith("Generated 3 counties");
            // the two written counties are exactly the model (440784 was skipped: its exact contents are checked
            // above, and other tests add areas and posts to it)
            for (String code : List.of("448001", "448002")) {
                assertThat(count("select count(*) from area where code like ?", code + "%"))
                        .isEqualTo(model.areas().size());
                assertThat(count("select count(*) from area where code like ? and level = 'GRID' and kind = 'BASE'",
                        code + "%")).isEqualTo(338);
                assertThat(count("""
                        select count(*) from role_assignment r join person p on p.id = r.person_id
                        where r.area_code like ? and p.area_code like ?
                          and r.role <> 'BUILDING_LEADER'""", code + "%", code + "%")) // the registry's come on top
                        .isEqualTo(model.roles().size());
            }
            status.setRollbackOnly();
        });
        assertThat(count("select count(*) from area where code like '4480%'")).isZero();
    }

    @Test
    void everyDemoAccountCanLogInAndLandsOnTheHomePage() throws Exception {
        for (DemoAccounts.DemoAccount a : DemoAccounts.ALL) {
            MvcResult login = mvc.perform(post("/login").with(csrf()).param("username", a.username())
                            .param("password", DemoAccounts.PASSWORD))
                    .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/")).andReturn();
            MockHttpSession session = (MockHttpSession) login.getRequest().getSession(false);
            mvc.perform(get("/").session(session)).andExpect(status().isOk());
            assertThat(count("""
                    select count(*) from account a join role_assignment r on r.person_id = a.person_id
                    where a.username = ? and r.role = ? and r.area_code = ? and not a.must_change_password""",
                    a.username(), a.role(), a.scopeCode())).as(a.username()).isEqualTo(1);
        }
        mvc.perform(post("/login").with(csrf()).param("username", "nobody-" + System.nanoTime())
                        .param("password", DemoAccounts.PASSWORD))
                .andExpect(redirectedUrl("/login?error=bad"));
    }

    @Test
    void theBannerNamesTheAddressAndTheAccounts() {
        String banner = DemoLoader.banner("8083", true);
        assertThat(banner).contains("http://localhost:8083/", DemoAccounts.PASSWORD, "county.intake", "grid.b",
                "auditor");
        assertThat(DemoLoader.banner("8083", false)).doesNotContain(DemoAccounts.PASSWORD);
    }
}
