package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Moving a village to another town re-codes its subtree; everything that keeps an area code — people, role
 * assignments, organisations, reports, photos, public codes, read models — follows (in the same transaction, or for
 * analytics right after it), so data scope (a code prefix) still finds it and nothing is left under the old code in
 * any column of the schema that holds area codes.
 */
@IntegrationTest
class AreaMoveFollowedEverywhereTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void whatLivesInAMovedVillageMovesWithIt() throws Exception {
        String c = freshCounty();
        RequestPostProcessor admin = TestUsers.with("move-admin-" + c, Role.SYSTEM_ADMIN, c).request();
        create(admin, null, c, "迁移测试县", "COUNTY");
        create(admin, c, c + "100", "甲镇", "TOWN");
        create(admin, c, c + "101", "乙镇", "TOWN");
        String village = c + "100001";
        String grid = village + "001";
        create(admin, c + "100", village, "一村", "VILLAGE");
        create(admin, village, grid, "一村网格", "GRID");

        long person = jdbc.sql("insert into person (name, area_code) values ('移居人', ?) returning id").param(grid)
                .query(Long.class).single();
        jdbc.sql("insert into role_assignment (person_id, role, area_code, worker_type) values (?, 'GRID_WORKER', ?,"
                + " 'FULL_TIME')").params(person, grid).update();
        jdbc.sql("insert into organisation (code, name, kind, area_code) values (?, '一村委会', 'COMMUNITY_ORG', ?)")
                .params("ORG-" + c, village).update();
        // a house let in the grid, registered as rental housing with an inspection (registry's own tables)
        long house = jdbc.sql("""
                        insert into registry_room (area_code, room, door_plate, use_kind, created_at, created_by)
                        values (?, '1', '一村 1号', 'RENTAL', now(), 'move-test') returning id""")
                .param(grid).query(Long.class).single();
        long rental = jdbc.sql("""
                        insert into registry_rental (room_id, area_code, landlord_kind, landlord_name, rental_kind,
                                                     registered_on, created_at, created_by)
                        values (?, ?, 'ORGANISATION', '一村合作社', 'DORMITORY', current_date, now(), 'move-test')
                        returning id""").params(house, grid).query(Long.class).single();
        jdbc.sql("""
                insert into registry_rental_inspection (rental_id, area_code, inspected_on, inspector, fire_safety,
                  tenants_registered, result, recorded_at)
                values (?, ?, current_date, 'move-test', 'OK', true, 'OK', now())""").params(rental, grid).update();
        long report = jdbc.sql("""
                        insert into report (submitted_by, channel, category_code, description, area_code, received_at)
                        values ('move-test', 'COUNTER', 'X', 'moved report', ?, ?) returning id""")
                .params(grid, OffsetDateTime.now()).query(Long.class).single();
        // the public tracking read model's row of that report (publicchannel's own table)
        jdbc.sql("insert into public_progress (report_id, channel, area_code) values (?, 'COUNTER', ?)")
                .params(report, grid).update();
        // and analytics' read model of it (analytics re-codes after the move commits, then adds its rollups up again)
        jdbc.sql("insert into analytics_report (report_id, area_code, channel) values (?, ?, 'COUNTER')")
                .params(report, grid).update();

        long token = jdbc.sql("""
                        insert into api_token (name, secret_prefix, secret_hash, issued_at, issued_by, issued_reason,
                                               expires_at)
                        values ('移居系统', 'fq_x', ?, now(), 'test', 'test', now() + interval '1 day') returning id""")
                .param("move-" + c).query(Long.class).single();
        jdbc.sql("insert into api_token_assignment (token_id, role, area_code) values (?, 'GRID_WORKER', ?)")
                .params(token, grid).update();
        mvc.perform(post("/api/areas/" + village + "/move").with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"parentCode\":\"" + c + "101\",\"reason\":\"区划调整\"}"))
                .andExpect(status().isOk());

        String newGrid = c + "101001001";
        assertThat(jdbc.sql("select area_code from person where id = ?").param(person).query(String.class).single())
                .isEqualTo(newGrid);
        assertThat(jdbc.sql("select area_code from registry_rental where id = ?").param(rental).query(String.class)
                .single()).isEqualTo(newGrid);
        assertThat(jdbc.sql("select area_code from registry_rental_inspection where rental_id = ?").param(rental)
                .query(String.class).single()).isEqualTo(newGrid);
        assertThat(jdbc.sql("select area_code from role_assignment where person_id = ?").param(person)
                .query(String.class).single()).isEqualTo(newGrid);
        assertThat(jdbc.sql("select area_code from organisation where code = ?").param("ORG-" + c)
                .query(String.class).single()).isEqualTo(c + "101001");
        assertThat(jdbc.sql("select area_code from report where submitted_by = 'move-test' and area_code like ?")
                .param(c + "%").query(String.class).single()).isEqualTo(newGrid);
        org.fengqiao.support.Events.settle(jdbc);
        assertThat(jdbc.sql("select area_code from analytics_report where report_id = ?").param(report)
                .query(String.class).single()).isEqualTo(newGrid);
        assertThat(jdbc.sql("select area_code from public_progress where report_id = ?").param(report)
                .query(String.class).single()).isEqualTo(newGrid);
        // every column of every module that keeps area codes, found in the schema (a new table cannot be forgotten)
        List<String[]> columns = jdbc.sql("""
                        select table_name, column_name from information_schema.columns
                        where table_schema = current_schema() and (column_name = 'area_code' or column_name = 'area'
                              or column_name like '%\\_area\\_code')
                        order by table_name, column_name""")
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        assertThat(columns).as("area-code columns found").hasSizeGreaterThan(20);
        for (String[] tc : columns) {
            if (NOT_IN_THE_MOVE.stream().anyMatch(tc[0]::startsWith)) {
                continue;
            }
            assertThat(jdbc.sql("select count(*) from " + tc[0] + " where " + tc[1] + " like ?")
                    .param(village + "%").query(Long.class).single())
                    .as(tc[0] + "." + tc[1] + " rows left under the old code").isZero();
        }
    }

    /** Tables whose codes stay, and why: the audit trail is a hash chain of what happened, under the codes of its time. */
    private static final List<String> NOT_IN_THE_MOVE = List.of("audit_");

    private void create(RequestPostProcessor admin, String parent, String code, String name, String level)
            throws Exception {
        mvc.perform(post("/api/areas").with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"parentCode\":" + (parent == null ? "null" : "\"" + parent + "\"") + ",\"code\":\""
                                + code + "\",\"name\":\"" + name + "\",\"level\":\"" + level
                                + "\",\"reason\":\"test setup\"}"))
                .andExpect(status().isCreated());
    }

    private String freshCounty() {
        while (true) {
            String c = "97" + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
            if (jdbc.sql("select count(*) from area where code like ?").param(c + "%").query(Long.class).single()
                    == 0) {
                return c;
            }
        }
    }
}
