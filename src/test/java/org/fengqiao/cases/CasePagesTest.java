package org.fengqiao.cases;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.support.IntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Every page of the workflow renders for its roles, and the API answers 409 on a wrong transition. */
@IntegrationTest
class CasePagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;

    RequestPostProcessor as(String username) {
        return authentication(Staff.token(new Staff(jdbc).user(username)));
    }

    @Test
    void thePagesRender() throws Exception {
        Staff staff = new Staff(jdbc);
        String text = "页面测试 " + UUID.randomUUID();
        long reportId = staff.as("grid.a", () -> intake.submit(new SubmitReport(ReportChannel.PATROL, "ENV-DUMPING",
                text, null, null, "440784001001001", null, null, null, List.of(), false), null)).report().id();
        mvc.perform(get("/intake/patrol").with(as("grid.a"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("patrol-form")));
        mvc.perform(get("/intake/new").with(as("county.intake"))).andExpect(status().isOk());
        mvc.perform(get("/intake/mine").with(as("grid.a"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(text)));
        mvc.perform(get("/intake/reports/" + reportId).with(as("grid.a"))).andExpect(status().isOk());
        mvc.perform(get("/cases/queue").with(as("county.intake"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(text)));
        mvc.perform(get("/cases/queue/rows").with(as("county.intake")).header("HX-Request", "true"))
                .andExpect(status().isOk()).andExpect(content().string(Matchers.containsString("queue-rows")));
        mvc.perform(get("/cases/queue/" + reportId).with(as("county.intake"))).andExpect(status().isOk());
        String location = mvc.perform(post("/cases/queue/" + reportId + "/accept").with(as("county.intake"))
                .with(csrf())).andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).with(as("county.dispatcher"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("act-DISPATCH")));
        for (String list : List.of("TO_DISPATCH", "OVERDUE", "ALL")) {
            mvc.perform(get("/cases").param("list", list).with(as("county.dispatcher"))).andExpect(status().isOk());
        }
        mvc.perform(get("/cases").with(as("dept.market"))).andExpect(status().isOk());
        mvc.perform(get("/cases/indicators").with(as("county.leader"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("ind-completionRate")));
        mvc.perform(get("/cases/catalogue").param("edit", "ENV-DUMPING").with(as("sysadmin")))
                .andExpect(status().isOk());
        mvc.perform(get("/cases/calendar").param("year", "2026").with(as("sysadmin"))).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("2026-02-14")));
        mvc.perform(get("/inbox").with(as("dept.market"))).andExpect(status().isOk());
    }

    @Test
    void theApiRefusesAWrongTransitionWith409() throws Exception {
        Staff staff = new Staff(jdbc);
        long reportId = staff.as("grid.a", () -> intake.submit(new SubmitReport(ReportChannel.PATROL, "ENV-DUMPING",
                "API测试 " + UUID.randomUUID(), null, null, "440784001001001", null, null, null, List.of(), false),
                null)).report().id();
        String json = mvc.perform(post("/api/triage/" + reportId + "/accept").with(as("county.intake")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Number id = com.jayway.jsonpath.JsonPath.read(json, "$.case.id");
        mvc.perform(post("/api/cases/" + id + "/verify_pass").with(as("county.dispatcher")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("VERIFY_PASS is only possible")));
        mvc.perform(post("/api/cases/" + id + "/dispatch").with(as("county.dispatcher")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"version\":99,\"leadOrgId\":1}"))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/cases/" + id + "/dispatch").with(as("grid.a")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().is4xxClientError());
        mvc.perform(get("/api/cases/" + id).with(as("grid.b"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/indicators").param("area", "440784").with(as("county.leader")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.figures.opened").isNumber());
    }
}
