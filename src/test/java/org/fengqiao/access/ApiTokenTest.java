package org.fengqiao.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.platform.Hashing;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * API tokens for machine clients: issued by the security administrator within their area, hashed at rest, carrying
 * role assignments that AccessPolicy weighs exactly as a person's, used without session or CSRF token, expiring,
 * revocable, and audited (issue, use, revoke, refusal).
 */
@IntegrationTest
class ApiTokenTest {

    static final String SHAPING = "440784001";
    static final String GONGHE_GRID = DemoAccounts.GRID_B_CODE;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    final TestUsers.User secadmin = TestUsers.user("tokens.secadmin").holding(Role.SECURITY_ADMIN, "440784").build();

    record Issued(long id, String secret) {
    }

    Issued issue(String name, String assignments) throws Exception {
        MvcResult r = mvc.perform(post("/api/admin/tokens").with(secadmin.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"reason\":\"对接12345热线\",\"validDays\":30,"
                                + "\"assignments\":" + assignments + "}"))
                .andExpect(status().isCreated()).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        return new Issued(((Number) JsonPath.read(body, "$.token.id")).longValue(), JsonPath.read(body, "$.secret"));
    }

    String report(String areaCode) {
        String category = jdbc.sql("select code from case_category where active order by code limit 1")
                .query(String.class).single();
        return "{\"channel\":\"HOTLINE\",\"categoryCode\":\"" + category + "\",\"description\":\"热线来电：路灯不亮\","
                + "\"areaCode\":\"" + areaCode + "\"}";
    }

    @Test
    void aTokenSubmitsWithoutSessionOrCsrfInsideItsAssignmentOnlyAndIsHashedAtRest() throws Exception {
        Issued token = issue("12345热线-沙坪", "[{\"role\":\"INTAKE_CLERK\",\"areaCode\":\"" + SHAPING + "\"}]");
        assertThat(token.secret()).startsWith("fq_").hasSize(46);
        // only the hash is kept
        assertThat(jdbc.sql("select count(*) from api_token where secret_hash = ?").param(token.secret())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from api_token where secret_hash = ?").param(Hashing.sha256(token.secret()))
                .query(Long.class).single()).isOne();

        MvcResult created = mvc.perform(post("/api/reports").header("Authorization", "Bearer " + token.secret())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON).content(report(DemoAccounts.GRID_A_CODE)))
                .andExpect(status().isCreated()).andExpect(header().doesNotExist("Set-Cookie")).andReturn();
        Number id = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
        assertThat(jdbc.sql("select submitted_by from report where id = ?").param(id.longValue())
                .query(String.class).single()).isEqualTo("token:" + token.id());
        // the same token reads its own area's report, not another town's, and may not report there: AccessPolicy
        // decides from its one assignment as for a person
        mvc.perform(get("/api/reports/" + id).header("Authorization", "Bearer " + token.secret()))
                .andExpect(status().isOk());
        mvc.perform(post("/api/reports").header("Authorization", "Bearer " + token.secret())
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON).content(report(GONGHE_GRID)))
                .andExpect(status().is4xxClientError());
        // a role it does not hold: no account administration
        mvc.perform(get("/api/admin/accounts").header("Authorization", "Bearer " + token.secret()))
                .andExpect(status().isForbidden());
        assertThat(auditCount("API_TOKEN_ISSUE", token.id())).isOne();
        assertThat(auditCount("API_TOKEN_USE", token.id())).isOne();
    }

    @Test
    void aRevokedOrExpiredOrUnknownTokenIs401AndTheRefusalIsAudited() throws Exception {
        Issued token = issue("市级平台", "[{\"role\":\"LEADER\",\"areaCode\":\"" + SHAPING + "\"}]");
        mvc.perform(get("/api/cases").header("Authorization", "Bearer " + token.secret())).andExpect(status().isOk());
        mvc.perform(post("/api/admin/tokens/" + token.id() + "/revoke").with(secadmin.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"合同到期\"}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/cases").header("Authorization", "Bearer " + token.secret()))
                .andExpect(status().isUnauthorized());
        assertThat(auditCount("API_TOKEN_REVOKE", token.id())).isOne();

        Issued old = issue("过期系统", "[{\"role\":\"LEADER\",\"areaCode\":\"" + SHAPING + "\"}]");
        jdbc.sql("update api_token set issued_at = now() - interval '2 day', expires_at = now() - interval '1 second'"
                + " where id = ?").param(old.id()).update();
        mvc.perform(get("/api/cases").header("Authorization", "Bearer " + old.secret()))
                .andExpect(status().isUnauthorized());

        mvc.perform(get("/api/cases").header("Authorization", "Bearer fq_" + "A".repeat(43)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/cases").header("Authorization", "Bearer nonsense"))
                .andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'API_TOKEN_REFUSED'")
                .query(Long.class).single()).isGreaterThan(0);
    }

    @Test
    void onlyTheSecurityAdministratorIssuesAndOnlyWhatTheirPostCovers() throws Exception {
        TestUsers.User townAdmin = TestUsers.user("tokens.town-secadmin").holding(Role.SECURITY_ADMIN, SHAPING)
                .build();
        String outside = "[{\"role\":\"INTAKE_CLERK\",\"areaCode\":\"" + GONGHE_GRID + "\"}]";
        mvc.perform(post("/api/admin/tokens").with(townAdmin.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"reason\":\"test\",\"assignments\":" + outside + "}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/admin/tokens").with(secadmin.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"reason\":\"test\",\"assignments\":"
                                + "[{\"role\":\"AUDITOR\",\"areaCode\":\"440784\"}]}"))
                .andExpect(status().isBadRequest());
        TestUsers.User sysadmin = TestUsers.user("tokens.sysadmin").holding(Role.SYSTEM_ADMIN, "440784").build();
        mvc.perform(post("/api/admin/tokens").with(sysadmin.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"reason\":\"test\",\"assignments\":"
                                + "[{\"role\":\"LEADER\",\"areaCode\":\"440784\"}]}"))
                .andExpect(status().isForbidden());
        // the page lists and issues too
        mvc.perform(get("/admin/tokens").with(secadmin.request())).andExpect(status().isOk());
        mvc.perform(post("/admin/tokens").with(secadmin.request()).with(csrf()).param("name", "页面签发")
                        .param("role", "DISPATCHER").param("areaCode", SHAPING).param("organisationId", "")
                        .param("validDays", "7").param("reason", "页面测试"))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("id=\"issued-secret\"")));
    }

    long auditCount(String action, long tokenId) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?")
                .params(action, "api-token:" + tokenId).query(Long.class).single();
    }
}
