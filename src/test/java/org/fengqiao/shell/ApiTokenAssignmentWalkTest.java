package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * API tokens walked with persons holding several posts in disjoint places. Issuing: a token's assignment is granted
 * only when ONE of the issuer's security-administrator posts covers its area, so a county-level assignment (county-wide
 * reach) needs a county-level issuer. Using: a token issued with a person's posts acts over HTTP with a Bearer header
 * (no session, no CSRF) exactly as that person would — submitting hotline reports, reading reports and cases, finding
 * cases in lists, accepting reports — allowed when ONE of the token's assignments grants the action and covers the
 * record. The roles are this test's own table, independent of the modules' permission enums; the flawed rule ("holds
 * the role somewhere" and "the area is in the union of its areas") is the positive control.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokenAssignmentWalkTest {

    static final Set<Role> ISSUE = Set.of(Role.SECURITY_ADMIN);
    static final Set<Role> CENTER = Set.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER);
    static final Set<Role> READ = Set.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER,
            Role.GRID_WORKER, Role.COMMUNITY_POLICE);
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReportIntake intake;
    @Autowired
    CaseManagement cases;

    final TestUsers.User countySecadmin = TestUsers.with("walk.tokens.secadmin", Role.SECURITY_ADMIN,
            PostHolders.COUNTY);
    final TestUsers.User countyCenter = TestUsers.with("walk.tokens.center", Role.LEADER, PostHolders.COUNTY);
    String category;
    /** A pending report and a case in each record area. */
    final Map<String, Long> reportIn = new HashMap<>();
    final Map<String, Long> caseIn = new HashMap<>();
    final Map<String, String> caseNumberIn = new HashMap<>();

    record Outcome(String who, String action, String area, boolean expected, boolean actual, boolean flawed) {
    }

    final List<Outcome> outcomes = new ArrayList<>();

    @BeforeAll
    void aReportAndACaseInEachArea() {
        category = jdbc.sql("select code from case_category where active order by code limit 1").query(String.class)
                .single();
        for (String area : PostHolders.RECORD_AREAS) {
            reportIn.put(area, pendingReport(area));
            var opened = countyCenter.call(() -> cases.accept(pendingReport(area), null, null));
            caseIn.put(area, opened.id());
            caseNumberIn.put(area, opened.number());
        }
    }

    long pendingReport(String area) {
        return countyCenter.call(() -> intake.submit(new SubmitReport(ReportChannel.COUNTER, category,
                "令牌巡查 " + SEQ.incrementAndGet(), null, null, area, null, null, null, List.of(), false),
                null).report().id());
    }

    @Test
    void anAssignmentOfATokenIsGrantedOnlyWithinOneOfTheIssuersSecurityAdminPosts() throws Exception {
        List<TestUsers.User> issuers = new ArrayList<>(PostHolders.all());
        issuers.add(countySecadmin);
        // a security administrator of 共和镇 who is also a dispatcher of 沙坪: may issue in 共和镇 only
        issuers.add(TestUsers.user("walk.tokens.secadmin-dispatcher").holding(Role.SECURITY_ADMIN, PostHolders.GONGHE)
                .holding(Role.DISPATCHER, PostHolders.SHAPING).build());
        // a village's security administrator (南庄村) who is a leader of 沙坪
        issuers.add(TestUsers.user("walk.tokens.village-secadmin").holding(Role.SECURITY_ADMIN, PostHolders.NANZHUANG)
                .holding(Role.LEADER, PostHolders.SHAPING).build());
        List<String> areas = new ArrayList<>(PostHolders.RECORD_AREAS);
        areas.addAll(List.of(PostHolders.SHAPING, PostHolders.GONGHE, PostHolders.NANZHUANG, PostHolders.COUNTY));
        for (TestUsers.User issuer : issuers) {
            for (String area : areas) {
                MvcResult r = mvc.perform(post("/api/admin/tokens").with(issuer.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"巡查令牌 " + SEQ.incrementAndGet() + "\",\"reason\":\"权限巡查\","
                                + "\"validDays\":1,\"assignments\":[{\"role\":\"LEADER\",\"areaCode\":\"" + area
                                + "\"}]}")).andReturn();
                record(issuer, "issue a LEADER token", area, ISSUE, allowed(r));
            }
        }
        verify();
        // county-wide reach: only the county-level issuer gave a county-level assignment
        assertThat(outcomes.stream().filter(o -> o.area().equals(PostHolders.COUNTY) && o.actual())
                .map(Outcome::who).toList()).containsExactly(countySecadmin.username());
    }

    @Test
    void aTokenActsOverHttpExactlyAsOneOfItsAssignmentsAllowsWithoutSessionOrCsrf() throws Exception {
        for (TestUsers.User person : PostHolders.all()) {
            // the token carries the person's posts; the three admin roles are never given to a machine client
            List<CurrentUser.Assignment> posts = person.assignments().stream().filter(a -> !a.role().isSeparatedAdmin())
                    .toList();
            TestUsers.User asToken = new TestUsers.User(-1, "token-of-" + person.username(), person.displayName(),
                    posts);
            String bearer = "Bearer " + issueAsCounty("12345热线 " + person.username(), posts);
            for (String area : PostHolders.RECORD_AREAS) {
                MvcResult submitted = bearer(post("/api/reports").header("Authorization", bearer)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\":\"HOTLINE\",\"categoryCode\":\"" + category + "\",\"description\":"
                                + "\"热线来电，令牌巡查\",\"areaCode\":\"" + area + "\"}"));
                record(asToken, "submit a hotline report", area, CENTER, allowed(submitted));
                record(asToken, "read a report", area, READ,
                        allowed(bearer(get("/api/reports/" + reportIn.get(area)).header("Authorization", bearer))));
                record(asToken, "read a case", area, READ,
                        allowed(bearer(get("/api/cases/" + caseIn.get(area)).header("Authorization", bearer))));
                MvcResult listed = bearer(get("/api/cases").param("number", caseNumberIn.get(area))
                        .header("Authorization", bearer));
                assertThat(listed.getResponse().getStatus()).as("the case list answers everyone").isEqualTo(200);
                List<Number> ids = JsonPath.read(listed.getResponse().getContentAsString(StandardCharsets.UTF_8),
                        "$.items[*].id");
                record(asToken, "find a case in the list", area, READ,
                        ids.stream().anyMatch(id -> id.longValue() == caseIn.get(area)));
                long fresh = pendingReport(area);
                record(asToken, "accept a report as a case", area, CENTER,
                        allowed(bearer(post("/api/triage/" + fresh + "/accept").header("Authorization", bearer)
                                .contentType(MediaType.APPLICATION_JSON).content("{}"))));
            }
        }
        verify();
    }

    /** Issues a token as the county's security administrator; returns its secret. */
    String issueAsCounty(String name, List<CurrentUser.Assignment> posts) throws Exception {
        String grants = posts.stream().map(a -> "{\"role\":\"" + a.role() + "\",\"areaCode\":\"" + a.areaCode()
                + "\"}").collect(Collectors.joining(",", "[", "]"));
        MvcResult r = mvc.perform(post("/api/admin/tokens").with(countySecadmin.request()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"reason\":\"权限巡查\",\"validDays\":1,\"assignments\":"
                        + grants + "}")).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(201);
        return JsonPath.read(body, "$.secret");
    }

    /** A request with the token alone: it must neither create a session nor set a cookie, whatever the answer. */
    MvcResult bearer(RequestBuilder request) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getRequest().getSession(false)).as("a token request has no session").isNull();
        assertThat(r.getResponse().getHeader("Set-Cookie")).as("a token request sets no cookie").isNull();
        return r;
    }

    /** 2xx went through; 403, 404 and a 400 saying "outside your area" were refusals; anything else is a failure. */
    static boolean allowed(MvcResult r) throws Exception {
        int status = r.getResponse().getStatus();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            return true;
        }
        if (status == 403 || status == 404 || status == 400 && body.contains("outside your area")) {
            return false;
        }
        throw new AssertionError("unexpected answer " + status + ": " + body);
    }

    void record(TestUsers.User who, String action, String area, Set<Role> mayDo, boolean actual) {
        boolean expected = who.assignments().stream().anyMatch(a -> mayDo.contains(a.role())
                && area.startsWith(a.areaCode()));
        boolean flawed = who.assignments().stream().anyMatch(a -> mayDo.contains(a.role()))
                && who.assignments().stream().anyMatch(a -> area.startsWith(a.areaCode()));
        outcomes.add(new Outcome(who.username(), action, area, expected, actual, flawed));
    }

    void verify() {
        assertThat(outcomes).as("the walk tried something").isNotEmpty();
        assertThat(outcomes.stream().filter(o -> o.expected() != o.actual())
                .map(o -> o.who() + " " + o.action() + " in " + o.area() + ": expected "
                        + (o.expected() ? "allowed" : "refused") + ", was " + (o.actual() ? "allowed" : "refused"))
                .toList()).as("outcomes that differ from the walk's own table").isEmpty();
        Map<String, Set<Boolean>> seen = new LinkedHashMap<>();
        outcomes.forEach(o -> seen.computeIfAbsent(o.action(), k -> new java.util.HashSet<>()).add(o.actual()));
        assertThat(seen.entrySet().stream().filter(e -> e.getValue().size() < 2).map(Map.Entry::getKey).toList())
                .as("every action is both allowed and refused somewhere in the walk").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.flawed() != o.expected()).count())
                .as("positive control: attempts where 'role somewhere + area in the union' would have differed")
                .isPositive();
    }
}
