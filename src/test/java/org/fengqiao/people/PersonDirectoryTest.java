package org.fengqiao.people;

import org.fengqiao.platform.IdNumbers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonDirectoryTest {

    @Autowired
    ApplicationContext ctx;

    TestWorld w;
    TestWorld.Staff leaderA;
    TestWorld.Staff workerA;
    TestWorld.Staff leaderB;
    TestWorld.Staff auditor;
    TestWorld.Staff sysAdmin;
    String idA;
    String phoneA;
    long personA;
    long personB;

    @BeforeAll
    void world() {
        w = TestWorld.create(ctx);
        leaderA = w.staff("LEADER", w.townA);
        workerA = w.staff("GRID_WORKER", w.gridA);
        leaderB = w.staff("LEADER", w.townB);
        auditor = w.staff("AUDITOR", w.county);
        sysAdmin = w.staff("SYSTEM_ADMIN", w.county);
        idA = TestWorld.idNumber();
        phoneA = TestWorld.phone();
        personA = w.person("王甲村", w.gridA, idA, phoneA);
        w.grant(personA, "GRID_WORKER", w.gridA, "PART_TIME");
        personB = w.person("李乙村", w.gridB, TestWorld.idNumber(), TestWorld.phone());
        w.grant(personB, "GRID_WORKER", w.gridB, "FULL_TIME");
    }

    private String personJson(String name, String id, String phone, String area) {
        return """
                {"name":"%s","idNumber":%s,"phone":%s,"areaCode":"%s"}""".formatted(name,
                id == null ? "null" : "\"" + id + "\"", phone == null ? "null" : "\"" + phone + "\"", area);
    }

    @Test
    void createdPersonIsEncryptedAtRestWithMaskedCopies() throws Exception {
        MockHttpSession s = w.login(leaderA.username());
        String id = TestWorld.idNumber();
        String phone = TestWorld.phone();
        String body = w.mvc.perform(post("/api/persons").session(s).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(personJson("赵新建", id, phone, w.villageA)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long newId = Long.parseLong(body.replaceAll("\\D", ""));
        String row = w.jdbc.sql("select row_to_json(p)::text from person p where id = ?").param(newId)
                .query(String.class).single();
        assertThat(row).doesNotContain(id).doesNotContain(phone).doesNotContain(id.substring(6, 14))
                .contains(id.substring(0, 4) + "**********" + id.substring(14))
                .contains(phone.substring(0, 3) + "****" + phone.substring(7));
        byte[] enc = w.jdbc.sql("select id_number_enc from person where id = ?").param(newId)
                .query(byte[].class).single();
        assertThat(w.cipher.decrypt(enc)).isEqualTo(id);
        // gender derived from the ID number
        assertThat(w.jdbc.sql("select gender from person where id = ?").param(newId).query(String.class).single())
                .isEqualTo(IdNumbers.genderOf(id));
        assertThat(w.auditCount(leaderA.username(), "PERSON_CREATE", "SUCCESS")).isPositive();
    }

    @Test
    void searchFindsExactIdAndPhoneThroughTheBlindIndexAndNamesByPart() throws Exception {
        MockHttpSession s = w.login(leaderA.username());
        w.mvc.perform(get("/api/persons").param("q", idA).session(s)).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].id").value(personA))
                .andExpect(content().string(not(containsString(idA))));
        w.mvc.perform(get("/api/persons").param("q", phoneA).session(s)).andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].id").value(personA))
                .andExpect(content().string(not(containsString(phoneA))));
        w.mvc.perform(get("/api/persons").param("q", "甲村").session(s)).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(personA));
        // a near miss of the ID number finds nobody: exact match only
        String other = idA.substring(0, 17) + (idA.charAt(17) == '1' ? '2' : '1');
        w.mvc.perform(get("/api/persons").param("q", other).session(s)).andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void detailIsMaskedByDefaultOnTheApiAndThePage() throws Exception {
        MockHttpSession s = w.login(leaderA.username());
        w.mvc.perform(get("/api/persons/" + personA).session(s)).andExpect(status().isOk())
                .andExpect(jsonPath("$.idNumberMasked").value(idA.substring(0, 4) + "**********" + idA.substring(14)))
                .andExpect(jsonPath("$.roles[0].role").value("GRID_WORKER"))
                .andExpect(content().string(not(containsString(idA))))
                .andExpect(content().string(not(containsString(phoneA))));
        w.mvc.perform(get("/persons/" + personA).session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("王甲村")))
                .andExpect(content().string(not(containsString(idA))))
                .andExpect(content().string(not(containsString(phoneA))));
    }

    @Test
    void unmaskWithReasonShowsPlainValuesAndIsAudited() throws Exception {
        MockHttpSession s = w.login(leaderA.username());
        w.mvc.perform(post("/api/persons/" + personA + "/unmask").session(s).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"核实走访对象身份\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.idNumber").value(idA))
                .andExpect(jsonPath("$.phone").value(phoneA));
        String detail = w.jdbc.sql("""
                        select detail from audit_event where actor = ? and action = 'PERSON_UNMASK'
                          and target = ? and outcome = 'SUCCESS' order by id desc limit 1""")
                .params(leaderA.username(), "person:" + personA).query(String.class).single();
        assertThat(detail).contains("核实走访对象身份");
        // the page form too
        w.mvc.perform(post("/persons/" + personA + "/unmask").session(s).with(csrf()).param("reason", "电话回访核实"))
                .andExpect(status().isOk()).andExpect(content().string(containsString(idA)));
    }

    @Test
    void unmaskIsRefusedAndAuditedWithoutReasonPermissionOrScope() throws Exception {
        MockHttpSession leader = w.login(leaderA.username());
        long before = w.auditCount(leaderA.username(), "PERSON_UNMASK", "DENIED");
        w.mvc.perform(post("/api/persons/" + personA + "/unmask").session(leader).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\" \"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("reason")));
        assertThat(w.auditCount(leaderA.username(), "PERSON_UNMASK", "DENIED")).isEqualTo(before + 1);

        MockHttpSession worker = w.login(workerA.username());
        w.mvc.perform(post("/api/persons/" + personA + "/unmask").session(worker).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"想看看他的电话\"}"))
                .andExpect(status().isForbidden()).andExpect(content().string(not(containsString(phoneA))));
        assertThat(w.auditCount(workerA.username(), "PERSON_UNMASK", "DENIED")).isEqualTo(1);

        MockHttpSession other = w.login(leaderB.username());
        w.mvc.perform(post("/api/persons/" + personA + "/unmask").session(other).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"跨镇核查信息\"}"))
                .andExpect(status().isNotFound());
        assertThat(w.auditCount(leaderB.username(), "PERSON_UNMASK", "DENIED")).isEqualTo(1);
    }

    @Test
    void invalidInputGetsAClearBadRequest() throws Exception {
        MockHttpSession s = w.login(leaderA.username());
        String good = TestWorld.idNumber();
        String badCheck = good.substring(0, 17) + (good.charAt(17) == '0' ? '1' : '0');
        w.mvc.perform(post("/api/persons").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(personJson("错号", badCheck, null, w.gridA)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("ID number")));
        w.mvc.perform(post("/api/persons").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(personJson("错电话", null, "1234567", w.gridA)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("phone")));
        w.mvc.perform(post("/api/persons").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(personJson("无区域", null, null, w.county + "999")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("area code")));
        // an existing area outside the leader's town is refused the same way
        w.mvc.perform(post("/api/persons").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(personJson("外镇", null, null, w.gridB)))
                .andExpect(status().isBadRequest());
        // the page form shows the message
        w.mvc.perform(post("/persons").session(s).with(csrf()).param("name", "页面错号").param("idNumber", badCheck)
                        .param("areaCode", w.gridA))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("GB 11643")));
    }

    @Test
    void aUserOfOneTownGets404ForAnotherTownsPersonAndRoster() throws Exception {
        MockHttpSession s = w.login(workerA.username());
        w.mvc.perform(get("/api/persons/" + personB).session(s)).andExpect(status().isNotFound());
        w.mvc.perform(get("/persons/" + personB).session(s)).andExpect(status().isNotFound());
        w.mvc.perform(get("/api/areas/" + w.gridB + "/roster").session(s)).andExpect(status().isNotFound());
        w.mvc.perform(get("/areas/" + w.gridB + "/roster").session(s)).andExpect(status().isNotFound());
        w.mvc.perform(get("/api/persons").param("q", "李乙村").session(s)).andExpect(jsonPath("$", hasSize(0)));
        w.mvc.perform(get("/api/areas/" + w.gridA + "/roster").session(s)).andExpect(status().isOk());
    }

    @Test
    void rosterListsTheAssignedPeopleOfExactlyThatArea() throws Exception {
        long police = w.person("陈民警", w.townA, TestWorld.idNumber(), TestWorld.phone());
        w.grant(police, "COMMUNITY_POLICE", w.gridA, null);
        MockHttpSession s = w.login(leaderA.username());
        w.mvc.perform(get("/api/areas/" + w.gridA + "/roster").session(s)).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.personId == " + personA + ")].workerType").value("PART_TIME"))
                .andExpect(jsonPath("$[?(@.personId == " + personA + ")].phoneMasked")
                        .value(phoneA.substring(0, 3) + "****" + phoneA.substring(7)))
                .andExpect(jsonPath("$[?(@.personId == " + police + ")].role").value("COMMUNITY_POLICE"))
                .andExpect(jsonPath("$[?(@.personId == " + personB + ")]", hasSize(0)));
        // the town-level leader is not on the grid's roster
        w.mvc.perform(get("/api/areas/" + w.gridA + "/roster").session(s))
                .andExpect(jsonPath("$[?(@.personId == " + leaderA.personId() + ")]", hasSize(0)));
        w.mvc.perform(get("/areas/" + w.gridA + "/roster").session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("社区民警")))
                .andExpect(content().string(containsString("王甲村")))
                .andExpect(content().string(not(containsString(phoneA))));
    }

    @Test
    void retiringKeepsTheRowAndRevokesRoles() throws Exception {
        long p = w.person("退休人", w.gridA, TestWorld.idNumber(), TestWorld.phone());
        w.grant(p, "MEDIATOR", w.gridA, null);
        MockHttpSession s = w.login(leaderA.username());
        w.mvc.perform(post("/api/persons/" + p + "/retire").session(s).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isBadRequest());
        w.mvc.perform(post("/api/persons/" + p + "/retire").session(s).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"调离本镇\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.retiredReason").value("调离本镇"))
                .andExpect(jsonPath("$.roles", hasSize(0)));
        w.mvc.perform(get("/api/areas/" + w.gridA + "/roster").session(s))
                .andExpect(jsonPath("$[?(@.personId == " + p + ")]", hasSize(0)));
        assertThat(w.jdbc.sql("select count(*) from role_assignment where person_id = ? and revoked_at is not null")
                .param(p).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void editChangesFieldsWithVersionCheck() throws Exception {
        long p = w.person("改名前", w.gridA, TestWorld.idNumber(), TestWorld.phone());
        MockHttpSession s = w.login(leaderA.username());
        String newPhone = TestWorld.phone();
        w.mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/persons/" + p)
                        .session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":0,\"name\":\"改名后\",\"phone\":\"" + newPhone + "\",\"areaCode\":\""
                                + w.villageA + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("改名后"))
                .andExpect(jsonPath("$.version").value(1));
        w.mvc.perform(get("/api/persons").param("q", newPhone).session(s)).andExpect(jsonPath("$[0].id").value(p));
        w.mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/persons/" + p)
                        .session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":0,\"name\":\"过期\",\"areaCode\":\"" + w.villageA + "\"}"))
                .andExpect(status().isConflict());
    }

    @Test
    void auditorsAndGridWorkersMayNotWritePeopleData() throws Exception {
        MockHttpSession a = w.login(auditor.username());
        w.mvc.perform(get("/api/persons").session(a)).andExpect(status().isForbidden());
        w.mvc.perform(get("/persons").session(a)).andExpect(status().isForbidden());
        MockHttpSession g = w.login(workerA.username());
        w.mvc.perform(post("/api/persons").session(g).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(personJson("越权", null, null, w.gridA))).andExpect(status().isForbidden());
    }

    @Test
    void organisationsAreCreatedBySystemAdminAndListedInScope() throws Exception {
        MockHttpSession s = w.login(sysAdmin.username());
        String code = "ORG" + w.county + System.nanoTime() % 100000;
        w.mvc.perform(post("/api/organisations").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + code + "\",\"name\":\"甲镇综治中心\",\"kind\":\"CENTER\",\"areaCode\":\""
                                + w.townA + "\"}"))
                .andExpect(status().isCreated());
        w.mvc.perform(post("/api/organisations").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + code + "\",\"name\":\"重复\",\"kind\":\"CENTER\",\"areaCode\":\""
                                + w.townA + "\"}"))
                .andExpect(status().isConflict());
        w.mvc.perform(post("/api/organisations").session(s).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"X" + code + "\",\"name\":\"坏类型\",\"kind\":\"BANK\",\"areaCode\":\""
                                + w.townA + "\"}"))
                .andExpect(status().isBadRequest());
        MockHttpSession b = w.login(leaderB.username());
        w.mvc.perform(get("/api/organisations").session(b))
                .andExpect(jsonPath("$[?(@.code == '" + code + "')]", hasSize(0)));
        MockHttpSession a = w.login(leaderA.username());
        w.mvc.perform(get("/organisations").session(a)).andExpect(status().isOk())
                .andExpect(content().string(containsString("甲镇综治中心")));
        MockHttpSession g = w.login(workerA.username());
        w.mvc.perform(post("/api/organisations").session(g).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"Y" + code + "\",\"name\":\"无权\",\"kind\":\"CENTER\",\"areaCode\":\""
                                + w.gridA + "\"}"))
                .andExpect(status().isForbidden());
    }
}
