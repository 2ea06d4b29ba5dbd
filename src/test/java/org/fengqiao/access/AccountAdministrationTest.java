package org.fengqiao.access;

import org.fengqiao.people.TestWorld;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Account administration by the security administrator, 三员分立 and data scope refusals. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountAdministrationTest {

    @Autowired
    ApplicationContext ctx;

    TestWorld w;
    TestWorld.Staff secAdmin;
    TestWorld.Staff sysAdmin;
    TestWorld.Staff auditor;
    TestWorld.Staff leader;

    @BeforeAll
    void world() {
        w = TestWorld.create(ctx);
        secAdmin = w.staff("SECURITY_ADMIN", w.townA);
        sysAdmin = w.staff("SYSTEM_ADMIN", w.county);
        auditor = w.staff("AUDITOR", w.county);
        leader = w.staff("LEADER", w.county);
    }

    private MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder b, MockHttpSession s, String body) {
        return b.session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private long newPerson(String area) {
        return w.person("新人" + System.nanoTime() % 100000, area, TestWorld.idNumber(), TestWorld.phone());
    }

    @Test
    void securityAdminOpensAnAccountWhoseInitialPasswordMustBeChanged() throws Exception {
        MockHttpSession s = w.login(secAdmin.username());
        long p = newPerson(w.gridA);
        String name = "new" + p;
        w.mvc.perform(json(post("/api/admin/accounts"), s, """
                        {"personId":%d,"username":"%s","initialPassword":"short","reason":"新聘网格员"}"""
                        .formatted(p, name)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("8")));
        w.mvc.perform(json(post("/api/admin/accounts"), s, """
                        {"personId":%d,"username":"%s","initialPassword":"Start-Pass-1"}""".formatted(p, name)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("reason")));
        w.mvc.perform(json(post("/api/admin/accounts"), s, """
                        {"personId":%d,"username":"%s","initialPassword":"Start-Pass-1","reason":"新聘网格员"}"""
                        .formatted(p, name)))
                .andExpect(status().isCreated());
        w.mvc.perform(formLogin("/login").user(name).password("Start-Pass-1"))
                .andExpect(redirectedUrl("/account/password"));
        String detail = w.jdbc.sql("""
                        select detail from audit_event where actor = ? and action = 'ACCOUNT_CREATE'
                          and target = ? and outcome = 'SUCCESS'""")
                .params(secAdmin.username(), "account:" + name).query(String.class).single();
        assertThat(detail).contains("新聘网格员");
        w.mvc.perform(json(post("/api/admin/accounts"), s, """
                        {"personId":%d,"username":"%s2","initialPassword":"Start-Pass-1","reason":"再开"}"""
                        .formatted(p, name)))
                .andExpect(status().isConflict());
    }

    @Test
    void unlockResetDisableAndEnableAreAuditedAndWork() throws Exception {
        TestWorld.Staff target = w.staff("GRID_WORKER", w.gridA);
        long accountId = w.jdbc.sql("select id from account where username = ?").param(target.username())
                .query(Long.class).single();
        w.jdbc.sql("update account set failed_attempts = 5, locked_until = now() + interval '1 hour' where id = ?")
                .param(accountId).update();
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/admin/accounts/" + accountId + "/unlock"), s, "{\"reason\":\"本人来电确认\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.locked").value(false));
        w.mvc.perform(formLogin("/login").user(target.username()).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/"));

        w.mvc.perform(json(post("/api/admin/accounts/" + accountId + "/reset-password"), s,
                        "{\"password\":\"Reset-Pass-77\",\"reason\":\"忘记密码\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.account.mustChangePassword").value(true));
        w.mvc.perform(formLogin("/login").user(target.username()).password("Reset-Pass-77"))
                .andExpect(redirectedUrl("/account/password"));

        w.mvc.perform(json(post("/api/admin/accounts/" + accountId + "/disable"), s, "{\"reason\":\"离职\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.account.enabled").value(false));
        w.mvc.perform(formLogin("/login").user(target.username()).password("Reset-Pass-77"))
                .andExpect(redirectedUrl("/login?error=disabled"));
        w.mvc.perform(json(post("/api/admin/accounts/" + accountId + "/enable"), s, "{\"reason\":\"返岗\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.account.enabled").value(true));
        for (String action : new String[]{"ACCOUNT_UNLOCK", "ACCOUNT_RESET_PASSWORD", "ACCOUNT_DISABLE",
                "ACCOUNT_ENABLE"}) {
            assertThat(w.auditCount(secAdmin.username(), action, "SUCCESS")).as(action).isEqualTo(1);
        }
    }

    @Test
    void aPersonRetiredOutsideAccountAdministrationLosesTheSessionWithinASecond() throws Exception {
        TestWorld.Staff target = w.staff("DISPATCHER", w.townA);
        MockHttpSession victim = w.login(target.username());
        w.mvc.perform(get("/persons").session(victim)).andExpect(status().isOk());
        // retired straight in the database (as another instance or module would): no in-process signal
        w.jdbc.sql("update person set retired_at = now(), retired_reason = 'test' where id = (select person_id"
                + " from account where username = ?)").param(target.username()).update();
        Thread.sleep(AccountStatusFilter.RECHECK_MILLIS + 100);
        w.mvc.perform(get("/persons").session(victim)).andExpect(redirectedUrl("/login?error=disabled"));
    }

    @Test
    void disablingAnAccountEndsItsOpenSession() throws Exception {
        TestWorld.Staff target = w.staff("DISPATCHER", w.townA);
        long accountId = w.jdbc.sql("select id from account where username = ?").param(target.username())
                .query(Long.class).single();
        MockHttpSession victim = w.login(target.username());
        w.mvc.perform(get("/persons").session(victim)).andExpect(status().isOk());
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/admin/accounts/" + accountId + "/disable"), s, "{\"reason\":\"账号外借\"}"))
                .andExpect(status().isOk());
        w.mvc.perform(get("/persons").session(victim)).andExpect(redirectedUrl("/login?error=disabled"));
        assertThat(w.auditCount(target.username(), "SESSION_END", "SUCCESS")).isEqualTo(1);
    }

    @Test
    void aRevokedRoleStopsWorkingInTheOpenSession() throws Exception {
        TestWorld.Staff target = w.staff("DISPATCHER", w.townA);
        long mediator = w.grant(target.personId(), "MEDIATOR", w.gridA, null);
        MockHttpSession open = w.login(target.username());
        w.mvc.perform(get("/").session(open)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-role=\"MEDIATOR\"")));
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/admin/roles/" + mediator + "/revoke"), s, "{\"reason\":\"不再担任调解员\"}"))
                .andExpect(status().isOk());
        w.mvc.perform(get("/").session(open)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("data-role=\"MEDIATOR\""))))
                .andExpect(content().string(containsString("data-role=\"DISPATCHER\"")));
    }

    @Test
    void rolesAreGrantedAndRevokedWithReasonsInsideTheAdminsScope() throws Exception {
        long p = newPerson(w.gridA);
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/admin/persons/" + p + "/roles"), s,
                        "{\"role\":\"GRID_WORKER\",\"areaCode\":\"" + w.gridA + "\",\"reason\":\"任命\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("worker type")));
        w.mvc.perform(json(post("/api/admin/persons/" + p + "/roles"), s,
                        "{\"role\":\"GRID_WORKER\",\"areaCode\":\"" + w.gridB + "\",\"workerType\":\"FULL_TIME\","
                                + "\"reason\":\"任命\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("outside")));
        String body = w.mvc.perform(json(post("/api/admin/persons/" + p + "/roles"), s,
                        "{\"role\":\"GRID_WORKER\",\"areaCode\":\"" + w.gridA + "\",\"workerType\":\"FULL_TIME\","
                                + "\"reason\":\"任命专职网格员\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long assignment = Long.parseLong(body.replaceAll("\\D", ""));
        MockHttpSession l = w.login(leader.username());
        w.mvc.perform(get("/api/areas/" + w.gridA + "/roster").session(l))
                .andExpect(jsonPath("$[?(@.personId == " + p + ")].workerType").value("FULL_TIME"));
        w.mvc.perform(json(post("/api/admin/roles/" + assignment + "/revoke"), s, "{\"reason\":\"调岗\"}"))
                .andExpect(status().isOk());
        w.mvc.perform(get("/api/areas/" + w.gridA + "/roster").session(l))
                .andExpect(jsonPath("$[?(@.personId == " + p + ")]", hasSize(0)));
        assertThat(w.auditCount(secAdmin.username(), "ROLE_GRANT", "SUCCESS")).isPositive();
        assertThat(w.auditCount(secAdmin.username(), "ROLE_REVOKE", "SUCCESS")).isPositive();
    }

    @Test
    void systemAdminAndAuditorCannotManageAccountsOrRoles() throws Exception {
        long p = newPerson(w.gridA);
        for (TestWorld.Staff who : new TestWorld.Staff[]{sysAdmin, auditor, leader}) {
            MockHttpSession s = w.login(who.username());
            w.mvc.perform(get("/api/admin/accounts").session(s)).andExpect(status().isForbidden());
            w.mvc.perform(get("/admin/accounts").session(s)).andExpect(status().isForbidden());
            w.mvc.perform(json(post("/api/admin/accounts"), s, """
                            {"personId":%d,"username":"x%d","initialPassword":"Start-Pass-1","reason":"试"}"""
                            .formatted(p, p))).andExpect(status().isForbidden());
            w.mvc.perform(json(post("/api/admin/persons/" + p + "/roles"), s,
                            "{\"role\":\"LEADER\",\"areaCode\":\"" + w.gridA + "\",\"reason\":\"试\"}"))
                    .andExpect(status().isForbidden());
            assertThat(w.auditCount(who.username(), "ROLE_GRANT", "DENIED")).isEqualTo(1);
        }
        assertThat(w.jdbc.sql("select count(*) from role_assignment where person_id = ?").param(p)
                .query(Long.class).single()).isZero();
    }

    @Test
    void securityAdminCannotChangeAreasNorReadTheAuditTrail() throws Exception {
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/areas/" + w.townA + "/rename"), s, "{\"name\":\"改名镇\",\"reason\":\"试\"}"))
                .andExpect(status().isForbidden());
        w.mvc.perform(get("/api/audit").session(s)).andExpect(status().isForbidden());
        w.mvc.perform(get("/audit").session(s)).andExpect(status().isForbidden());
    }

    @Test
    void nobodyAdministersThemselves() throws Exception {
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/admin/persons/" + secAdmin.personId() + "/roles"), s,
                        "{\"role\":\"LEADER\",\"areaCode\":\"" + w.townA + "\",\"reason\":\"自己加\"}"))
                .andExpect(status().isForbidden());
        long own = w.jdbc.sql("select id from account where username = ?").param(secAdmin.username())
                .query(Long.class).single();
        w.mvc.perform(json(post("/api/admin/accounts/" + own + "/reset-password"), s,
                "{\"password\":\"Self-Reset-99\",\"reason\":\"自己\"}")).andExpect(status().isForbidden());
        assertThat(w.auditCount(secAdmin.username(), "ROLE_GRANT", "DENIED")).isEqualTo(1);
        assertThat(w.jdbc.sql("select count(*) from role_assignment where person_id = ? and role = 'LEADER'")
                .param(secAdmin.personId()).query(Long.class).single()).isZero();
    }

    @Test
    void theThreeAdminRolesStayWithDifferentPeople() throws Exception {
        long p = newPerson(w.townA);
        w.grant(p, "SYSTEM_ADMIN", w.townA, null);
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(json(post("/api/admin/persons/" + p + "/roles"), s,
                        "{\"role\":\"AUDITOR\",\"areaCode\":\"" + w.townA + "\",\"reason\":\"兼任审计\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value(containsString("三员分立")));
    }

    @Test
    void aTownAdminGets404ForAnotherTownsPeopleAndAccounts() throws Exception {
        TestWorld.Staff other = w.staff("GRID_WORKER", w.gridB);
        long otherAccount = w.jdbc.sql("select id from account where username = ?").param(other.username())
                .query(Long.class).single();
        MockHttpSession s = w.login(secAdmin.username());
        w.mvc.perform(get("/api/admin/accounts/" + otherAccount).session(s)).andExpect(status().isNotFound());
        w.mvc.perform(get("/admin/accounts/" + otherAccount).session(s)).andExpect(status().isNotFound());
        w.mvc.perform(json(post("/api/admin/accounts/" + otherAccount + "/disable"), s, "{\"reason\":\"越权\"}"))
                .andExpect(status().isNotFound());
        w.mvc.perform(json(post("/api/admin/persons/" + other.personId() + "/roles"), s,
                        "{\"role\":\"MEDIATOR\",\"areaCode\":\"" + w.townA + "\",\"reason\":\"越权\"}"))
                .andExpect(status().isNotFound());
        w.mvc.perform(get("/api/admin/accounts").param("q", other.username()).session(s))
                .andExpect(jsonPath("$", hasSize(0)));
        w.mvc.perform(get("/admin/accounts").session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString(secAdmin.username())));
    }
}
