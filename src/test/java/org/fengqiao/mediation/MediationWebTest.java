package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The JSON API, the staff pages and the public "一码解纠纷" pages: clear 4xx on bad input, never a stack trace. */
@IntegrationTest
class MediationWebTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    MediationMenu menu;
    @Autowired
    Disputes disputes;
    @Autowired
    DisputeWorkflow workflow;
    @Autowired
    JdbcClient jdbc;

    MediationTestKit kit;
    static final TestUsers.User M = MediationTestKit.SHAPING_MEDIATOR;

    @BeforeEach
    void setUp() {
        kit = new MediationTestKit(menu, disputes);
    }

    MvcResult call(MockHttpServletRequestBuilder r, TestUsers.User who) throws Exception {
        return mvc.perform(r.with(who.request()).with(csrf())).andReturn();
    }

    @Test
    void theApiRegistersAndStepsADisputeAndAnswersBadInputWithClearProblems() throws Exception {
        String json = """
                {"type":"NEIGHBOUR","title":"API %s","description":"邻里漏水","areaCode":"440784001001001",
                 "peopleInvolved":2,"parties":[{"name":"甲","phone":"13811112222"},{"name":"乙"}]}"""
                .formatted(kit.tag);
        MvcResult created = call(post("/api/mediation/disputes").contentType("application/json").content(json), M);
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        String body = created.getResponse().getContentAsString();
        assertThat(body).contains("\"state\":\"REGISTERED\"").contains("138****2222").doesNotContain("13811112222");
        long id = new tools.jackson.databind.ObjectMapper().readTree(body).get("id").asLong();

        MvcResult bad = call(post("/api/mediation/disputes").contentType("application/json")
                .content("{\"type\":\"NOPE\",\"title\":\"x\",\"description\":\"y\",\"areaCode\":\"440784001\","
                        + "\"parties\":[{\"name\":\"a\"}]}"), M);
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(bad.getResponse().getContentAsString()).contains("Unknown type").doesNotContain("Exception");
        MvcResult badId = call(post("/api/mediation/disputes").contentType("application/json")
                .content("{\"type\":\"FAMILY\",\"title\":\"x\",\"description\":\"y\",\"areaCode\":\"440784001\","
                        + "\"parties\":[{\"name\":\"a\",\"idNumber\":\"440784198501010000\"}]}"), M);
        assertThat(badId.getResponse().getStatus()).isEqualTo(400);
        assertThat(badId.getResponse().getContentAsString()).contains("not a valid resident ID number");

        assertThat(call(post("/api/mediation/disputes/" + id + "/fly").contentType("application/json")
                .content("{}"), M).getResponse().getStatus()).isEqualTo(400);
        MvcResult noReason = call(post("/api/mediation/disputes/" + id + "/escalate")
                .contentType("application/json").content("{}"), M);
        assertThat(noReason.getResponse().getStatus()).isEqualTo(400);
        MvcResult wrongState = call(post("/api/mediation/disputes/" + id + "/sign-agreement")
                .contentType("application/json").content("{}"), M);
        assertThat(wrongState.getResponse().getStatus()).isEqualTo(409);
        MvcResult up = call(post("/api/mediation/disputes/" + id + "/escalate").contentType("application/json")
                .content("{\"reason\":\"村里调解未果\"}"), M);
        assertThat(up.getResponse().getStatus()).isEqualTo(200);
        assertThat(up.getResponse().getContentAsString()).contains("\"escalations\":1");
        // another town's mediator sees nothing of it
        TestUsers.User gonghe = TestUsers.with("web.gonghe", Role.MEDIATOR, "440784106");
        assertThat(call(get("/api/mediation/disputes/" + id), gonghe).getResponse().getStatus()).isEqualTo(404);
        assertThat(call(get("/api/mediation/disputes/" + id + "/timeline"), gonghe).getResponse().getStatus())
                .isEqualTo(404);
        // a grid worker may not step it
        assertThat(call(post("/api/mediation/disputes/" + id + "/take-up").contentType("application/json")
                        .content("{}"), TestUsers.with("web.grid", Role.GRID_WORKER, "440784001001001"))
                .getResponse().getStatus()).isEqualTo(403);
        // the OpenAPI document covers the API
        MvcResult docs = mvc.perform(get("/v3/api-docs")).andReturn();
        assertThat(docs.getResponse().getContentAsString()).contains("/api/mediation/disputes/{id}/{action}",
                "/api/mediation/mediators", "/api/mediation/indicators", "/api/mediation/disputes/{id}/agreement.pdf");
    }

    @Test
    void theAgreementPrintsAsAPdfAndEveryPrintIsAudited() throws Exception {
        DisputeView d = M.call(() -> workflow.act(kit.register(M, "440784001001001", "CONTRACT_DEBT", "打印",
                new BigDecimal("1000"), 2, null, null, List.of(MediationTestKit.worker("钱一", null, "13500001111", 1),
                        MediationTestKit.company("某商行"))).id(), null, new DisputeCommand.TakeUp(null)));
        assertThat(call(get("/api/mediation/disputes/" + d.id() + "/agreement.pdf"), M).getResponse().getStatus())
                .isEqualTo(409);
        M.call(() -> workflow.act(d.id(), null, new DisputeCommand.DraftAgreement(false, "欠款事实", "还款", null,
                "一次付清", "转账", java.time.LocalDate.now().plusDays(3))));
        MvcResult pdf = call(get("/mediation/" + d.id() + "/agreement.pdf"), M);
        assertThat(pdf.getResponse().getStatus()).isEqualTo(200);
        assertThat(pdf.getResponse().getContentType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.getResponse().getContentAsByteArray(), 0, 5)).isEqualTo("%PDF-");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'DISPUTE_AGREEMENT_PRINT' and target = ?")
                .param("dispute:" + d.number()).query(Long.class).single()).isEqualTo(1);
        // full numbers need a reason
        assertThat(call(get("/api/mediation/disputes/" + d.id() + "/agreement.pdf?full=true"), M)
                .getResponse().getStatus()).isEqualTo(400);
        assertThat(call(get("/api/mediation/disputes/" + d.id() + "/agreement.pdf?full=true&reason=送法院司法确认"), M)
                .getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theStaffPagesRenderAndAStepWithoutItsReasonComesBackAsAMessage() throws Exception {
        DisputeView d = kit.register(M, "440784001001001", "FAMILY", "页面", null, 2, null, null,
                List.of(MediationTestKit.worker("孙二", null, null, 1)));
        for (String page : List.of("/mediation", "/mediation?view=ALL", "/mediation/new", "/mediation/" + d.id(),
                "/mediation/menu", "/mediation/sites", "/mediation/warnings", "/mediation/indicators",
                "/mediation/mine")) {
            MvcResult r = call(get(page), M);
            assertThat(r.getResponse().getStatus()).as(page).isEqualTo(200);
        }
        MvcResult r = call(post("/mediation/" + d.id() + "/act/ESCALATE").param("version",
                String.valueOf(d.version())), M);
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/mediation/" + d.id());
        assertThat(r.getFlashMap().get("error")).asString().contains("reason");
        MvcResult page = call(get("/mediation/" + d.id()), M);
        assertThat(page.getResponse().getContentAsString()).contains(d.number()).contains("form-ESCALATE");
    }

    @Test
    void aPartyStartsADisputeByTheSitesCodeFollowsItAndChoosesAMediator() throws Exception {
        long site = kit.site(Tier.STATION_COMMUNITY, "COMMUNITY_STATION", "440784001", "扫码站");
        String code = M.call(() -> menu.site(site)).code();
        long mediator = kit.mediator("扫码调解员", "PEOPLES_MEDIATOR", site, null, List.of("NEIGHBOUR"),
                List.of("CANTONESE"), null);
        assertThat(mvc.perform(get("/public/mediation/s/" + code)).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        assertThat(mvc.perform(get("/public/mediation/s/NOSUCHCODE")).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        assertThat(mvc.perform(get("/public/mediation/qr/" + code + ".png")).andReturn().getResponse()
                .getContentType()).isEqualTo("image/png");
        String formId = UUID.randomUUID().toString();
        MvcResult noPhone = mvc.perform(post("/public/mediation/s/" + code).with(csrf()).param("type", "NEIGHBOUR")
                .param("description", "楼上漏水多次沟通无果").param("name", "周三").param("formId", formId)
                .with(r -> {
                    r.setRemoteAddr("10.99.1.1");
                    return r;
                })).andReturn();
        assertThat(noPhone.getResponse().getStatus()).isEqualTo(400);
        assertThat(noPhone.getResponse().getContentAsString()).contains("请填写能联系到您的电话").contains("楼上漏水多次沟通无果");
        MvcResult ok = mvc.perform(post("/public/mediation/s/" + code).with(csrf()).param("type", "NEIGHBOUR")
                .param("description", "楼上漏水多次沟通无果").param("name", "周三").param("phone", "13712345678")
                .param("language", "CANTONESE").param("formId", formId).with(r -> {
                    r.setRemoteAddr("10.99.1.1");
                    return r;
                })).andReturn();
        String location = ok.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/public/mediation/t/").endsWith("?new");
        String tracking = location.substring("/public/mediation/t/".length(), location.indexOf('?'));
        // the same form sent again makes no second dispute
        MvcResult again = mvc.perform(post("/public/mediation/s/" + code).with(csrf()).param("type", "NEIGHBOUR")
                .param("description", "楼上漏水多次沟通无果").param("name", "周三").param("phone", "13712345678")
                .param("formId", formId)).andReturn();
        assertThat(again.getResponse().getRedirectedUrl()).isEqualTo(location);
        MvcResult track = mvc.perform(get("/public/mediation/t/" + tracking)).andReturn();
        assertThat(track.getResponse().getStatus()).isEqualTo(200);
        assertThat(track.getResponse().getContentAsString()).contains("扫码调解员").doesNotContain("13712345678");
        MvcResult chosen = mvc.perform(post("/public/mediation/t/" + tracking + "/choose").with(csrf())
                .param("mediatorId", String.valueOf(mediator))).andReturn();
        assertThat(chosen.getResponse().getRedirectedUrl()).endsWith("?chosen");
        long id = jdbc.sql("select id from mediation_dispute where tracking_code = ?").param(tracking)
                .query(Long.class).single();
        DisputeView d = M.call(() -> disputes.find(id));
        assertThat(d.source()).isEqualTo(Vocabulary.Source.PUBLIC);
        assertThat(d.siteId()).isEqualTo(site);
        assertThat(d.state()).isEqualTo(DisputeState.AWAITING_MEDIATOR);
        assertThat(d.pendingChoice().chosenVia()).isEqualTo("PARTY");
        assertThat(d.parties().getFirst().phoneMasked()).isEqualTo("137****5678");
        // choosing again is refused with a clear page
        MvcResult twice = mvc.perform(post("/public/mediation/t/" + tracking + "/choose").with(csrf())
                .param("mediatorId", String.valueOf(mediator))).andReturn();
        assertThat(twice.getResponse().getStatus()).isEqualTo(409);
    }

    @Test
    void manyStartsFromOneAddressMeetAChallengeThenALimit() throws Exception {
        long site = kit.site(Tier.STATION_COMMUNITY, "COMMUNITY_STATION", "440784001", "限流站");
        String code = M.call(() -> menu.site(site)).code();
        int challenged = 0;
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            int n = i;
            MvcResult r = mvc.perform(post("/public/mediation/s/" + code).with(csrf()).param("type", "OTHER")
                    .param("description", "限流测试 " + i).param("name", "吴四").param("phone", "1390000" + (1000 + i))
                    .param("formId", UUID.randomUUID().toString()).with(x -> {
                        x.setRemoteAddr("10.77." + kit.tag.hashCode() % 200 + ".9");
                        return x;
                    })).andReturn();
            if (r.getResponse().getStatus() == 400 && r.getResponse().getContentAsString().contains("请先回答")) {
                challenged++;
            }
            if (r.getResponse().getStatus() == 429) {
                refused++;
            }
            assertThat(r.getResponse().getStatus()).as("start " + n).isIn(302, 400, 429);
        }
        assertThat(challenged).isPositive();
    }
}
