package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every GET endpoint the application has and proves that a grid worker of grid A reads nothing of grid B
 * (another town), and a town's staff nothing of another town. Path variables are filled with the other side's
 * records; an endpoint whose variable this test cannot fill fails the test, so a new endpoint must be added here.
 */
@IntegrationTest
class DataScopeWalkTest {

    /** 共和镇: grid B's town. Its codes must never appear to grid A's worker or Shaping's staff. */
    private static final String OTHER_TOWN = DemoAccounts.GRID_B_CODE.substring(0, 9);
    private static final Pattern OTHER_TOWN_CODE = Pattern.compile("(?<!\\d)" + OTHER_TOWN + "\\d{0,9}(?!\\d)");

    /** Public pages and documents that are not a staff member's data, and pages about the user themselves. */
    private static final List<String> NOT_AREA_DATA = List.of("/public/", "/open311/", "/login", "/error",
            "/actuator", "/v3/api-docs", "/account/password", "/webjars", "/css", "/js");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private Set<String> otherSideNames;

    @BeforeEach
    void otherSide() throws Exception {
        // names of people who serve only in the other town (and not in Shaping), to find leaks by name too
        otherSideNames = new TreeSet<>(jdbc.sql("""
                        select distinct p.name from person p join role_assignment r on r.person_id = p.id
                        where r.area_code like ? and not exists (
                            select 1 from person q join role_assignment s on s.person_id = q.id
                            where q.name = p.name and s.area_code not like ?)
                        limit 30""")
                .params(OTHER_TOWN + "%", OTHER_TOWN + "%").query(String.class).list());
        assertThat(otherSideNames).as("the demo county has people serving only in " + OTHER_TOWN).isNotEmpty();
        ensureAReportWithAPhotoInGridB();
        ensureACaseInGridB();
        ensureMediationInGridB();
    }

    /** A mediation site with a room and a mediator, and a dispute, in grid B's town (the demo's are history). */
    private void ensureMediationInGridB() throws Exception {
        if (!one("select count(*) from mediation_dispute where area_code like ?", OTHER_TOWN + "%").equals("0")
                && !one("select count(*) from mediation_room where area_code like ?", OTHER_TOWN + "%").equals("0")) {
            return;
        }
        MockHttpSession leader = login("county.leader");
        String site = post(leader, "/api/mediation/sites", "{\"name\":\"南庄村人民调解委员会\",\"kind\":"
                + "\"VILLAGE_COMMITTEE\",\"tier\":\"ENTERPRISE_VILLAGE\",\"areaCode\":\"" + OTHER_TOWN
                + "200\"}").get("id").asString();
        post(leader, "/api/mediation/rooms", "{\"siteId\":" + site + ",\"name\":\"南庄调解室\","
                + "\"kind\":\"MEDIATION\"}");
        post(leader, "/api/mediation/mediators", "{\"name\":\"南庄调解员\",\"kind\":\"PEOPLES_MEDIATOR\","
                + "\"siteId\":" + site + ",\"specialties\":[\"NEIGHBOUR\"]}");
        post(leader, "/api/mediation/disputes", "{\"type\":\"NEIGHBOUR\",\"title\":\"宅基地边界争议\","
                + "\"description\":\"scope walk fixture\",\"areaCode\":\"" + DemoAccounts.GRID_B_CODE
                + "\",\"parties\":[{\"name\":\"南庄村民\",\"phone\":\"13912345678\"}]}");
    }

    private tools.jackson.databind.JsonNode post(MockHttpSession session, String url, String json) throws Exception {
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(url)
                .contentType("application/json").content(json).session(session)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                        .csrf())).andReturn();
        assertThat(r.getResponse().getStatus()).as(url + ": " + r.getResponse().getContentAsString()).isEqualTo(201);
        return new tools.jackson.databind.ObjectMapper().readTree(r.getResponse().getContentAsString());
    }

    /** The county center opens a case from one of grid B's reports, so case endpoints have the other side's data. */
    private void ensureACaseInGridB() throws Exception {
        if (one("select count(*) from case_file where area_code like ?", OTHER_TOWN + "%").equals("0")) {
            String reportId = one("select id from report where area_code = ? and status = 'PENDING' order by id"
                    + " limit 1", DemoAccounts.GRID_B_CODE);
            MvcResult accepted = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .post("/api/triage/" + reportId + "/accept").contentType("application/json").content("{}")
                    .session(login("county.intake")).with(org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.csrf())).andReturn();
            assertThat(accepted.getResponse().getStatus()).as(accepted.getResponse().getContentAsString())
                    .isEqualTo(200);
        }
    }

    /** Grid B's worker reports something with a photo, so report and photo endpoints have the other side's data. */
    private void ensureAReportWithAPhotoInGridB() throws Exception {
        if (one("select count(*) from report_photo p join report r on r.id = p.report_id where r.area_code = ?",
                DemoAccounts.GRID_B_CODE).equals("0")) {
            MockHttpSession b = login("grid.b");
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", png);
            MvcResult photo = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .multipart("/api/photos").file(new org.springframework.mock.web.MockMultipartFile("file",
                            "b.png", "image/png", png.toByteArray()))
                    .session(b).with(org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.csrf())).andReturn();
            assertThat(photo.getResponse().getStatus()).as(photo.getResponse().getContentAsString()).isEqualTo(201);
            String photoId = new tools.jackson.databind.ObjectMapper()
                    .readTree(photo.getResponse().getContentAsString()).get("id").asString();
            String category = jdbc.sql("select code from case_category order by code limit 1").query(String.class)
                    .single();
            String json = "{\"channel\":\"PATROL\",\"categoryCode\":\"" + category + "\",\"description\":\"scope walk"
                    + " fixture\",\"areaCode\":\"" + DemoAccounts.GRID_B_CODE + "\",\"photos\":[{\"photoId\":\""
                    + photoId + "\",\"role\":\"EVIDENCE\"}]}";
            MvcResult report = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .post("/api/reports").contentType("application/json").content(json).session(b)
                    .with(org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.csrf())).andReturn();
            assertThat(report.getResponse().getStatus()).as(report.getResponse().getContentAsString())
                    .isEqualTo(201);
        }
    }

    @Test
    void aGridWorkerOfGridAReadsNothingOfAnotherTownsGrid() throws Exception {
        assertThat(walk("grid.a")).as("grid.a sees the other town's data").isEmpty();
    }

    @Test
    void aTownsStaffReadNothingOfAnotherTown() throws Exception {
        assertThat(walk("shaping.leader")).as("shaping.leader sees the other town's data").isEmpty();
        assertThat(walk("shaping.intake")).as("shaping.intake sees the other town's data").isEmpty();
    }

    @Test
    void theWalkFindsTheOtherTownsDataForSomeoneWhoMaySeeIt() throws Exception {
        // the county leader may see 共和镇: the same walk must then report it, or the two tests above prove nothing
        assertThat(walk("county.leader")).hasSizeGreaterThan(5);
    }

    /** Every GET endpoint as this user; returns what they saw of the other town. */
    private List<String> walk(String username) throws Exception {
        MockHttpSession session = login(username);
        List<String> leaks = new ArrayList<>();
        Set<String> unfillable = new TreeSet<>();
        int walked = 0;
        for (Map.Entry<RequestMappingInfo, ?> e : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            for (String pattern : info.getPatternValues()) {
                if (NOT_AREA_DATA.stream().anyMatch(pattern::startsWith)) {
                    continue;
                }
                Optional<String> path = fill(pattern);
                if (path.isEmpty()) {
                    unfillable.add(pattern);
                    continue;
                }
                for (String url : List.of(path.get(), path.get() + "?areaCode=" + DemoAccounts.GRID_B_CODE
                        + "&code=" + DemoAccounts.GRID_B_CODE + "&area=" + OTHER_TOWN + "&town=" + OTHER_TOWN)) {
                    MvcResult r;
                    try {
                        r = mvc.perform(get(url).session(session)).andReturn();
                    } catch (Exception failure) {
                        leaks.add(url + " failed: " + failure.getMessage());
                        continue;
                    }
                    walked++;
                    int status = r.getResponse().getStatus();
                    if (status >= 500) {
                        leaks.add(url + " answered " + status);
                        continue;
                    }
                    String body = r.getResponse().getContentAsString();
                    // a code the request itself named may be echoed ("no area X", a filter field); any other is a leak
                    Matcher m = OTHER_TOWN_CODE.matcher(body);
                    while (m.find()) {
                        if (!Pattern.compile("(?<!\\d)" + m.group() + "(?!\\d)").matcher(url).find()) {
                            leaks.add(url + " (" + status + ") shows code " + m.group());
                            break;
                        }
                    }
                    otherSideNames.stream().filter(body::contains).findFirst()
                            .ifPresent(name -> leaks.add(url + " (" + status + ") shows " + name));
                }
            }
        }
        assertThat(unfillable).as("endpoints whose path variables this test cannot fill: add them to fill()")
                .isEmpty();
        assertThat(walked).isGreaterThan(20);
        return leaks;
    }

    /** The URL of the other side's record for a pattern, when the test knows how to find one. */
    private Optional<String> fill(String pattern) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\{([^}:]+)(:[^}]*)?}").matcher(pattern);
        while (m.find()) {
            String value = valueFor(pattern, m.group(1));
            if (value == null) {
                return Optional.empty();
            }
            values.put(m.group(0), value);
        }
        String url = pattern;
        for (Map.Entry<String, String> v : values.entrySet()) {
            url = url.replace(v.getKey(), v.getValue());
        }
        return Optional.of(url.replace("/**", "/x"));
    }

    private String valueFor(String pattern, String variable) {
        String other = OTHER_TOWN + "%";
        if (variable.equals("code") && pattern.contains("/sheet/")) {
            return DemoAccounts.GRID_B_CODE.substring(0, 12);
        }
        if (variable.equals("table") && pattern.startsWith("/analytics/data/")) {
            return "areas";
        }
        if (variable.equals("format") && pattern.startsWith("/analytics/")) {
            return pattern.startsWith("/analytics/reports/") ? "xlsx" : "csv";
        }
        if (variable.equals("code") || variable.equals("areaCode") || variable.equals("gridCode")) {
            return DemoAccounts.GRID_B_CODE;
        }
        if (variable.equals("id") && (pattern.startsWith("/api/reports") || pattern.startsWith("/intake/reports"))) {
            return one("select id from report where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("reportId")) {
            return one("select id from report where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/api/cases") || pattern.startsWith("/cases"))) {
            return one("select id from case_file where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/api/mediation/disputes")
                || pattern.matches("/mediation/\\{id[^}]*}.*"))) {
            return one("select id from mediation_dispute where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("partyId")) {
            return one("select p.id from mediation_party p join mediation_dispute d on d.id = p.dispute_id"
                    + " where d.area_code like ? order by p.id limit 1", other);
        }
        if (variable.equals("id") && pattern.contains("/mediators/")) {
            return one("select id from mediation_mediator where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && pattern.contains("/sites/")) {
            return one("select id from mediation_site where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && pattern.contains("/rooms/")) {
            return one("select id from mediation_room where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("tier")) {
            return "COUNTY";
        }
        if (variable.equals("id") && pattern.startsWith("/photos")) {
            return one("select p.photo_id from report_photo p join report r on r.id = p.report_id"
                    + " where r.area_code like ? limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/persons") || pattern.startsWith("/api/persons"))) {
            return one("select id from person where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/registry/rooms") || pattern.startsWith("/api/registry/rooms"))) {
            return one("select id from registry_room where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/registry/households")
                || pattern.startsWith("/api/registry/households"))) {
            return one("select id from registry_household where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/registry/residents")
                || pattern.startsWith("/api/registry/residents"))) {
            return one("select id from registry_resident where area_code like ? order by id limit 1", other);
        }
        for (String[] t : new String[][] {{"enterprises", "registry_enterprise"}, {"places", "registry_place"},
                {"boats", "registry_boat"}, {"rentals", "registry_rental"}}) {
            if (variable.equals("id") && (pattern.startsWith("/registry/" + t[0])
                    || pattern.startsWith("/api/registry/" + t[0]))) {
                // the other town's record, or (where the demo has none there) an id nobody may see
                String id = one("select id from " + t[1] + " where area_code like ? order by id limit 1", other);
                return id == null ? "0" : id;
            }
        }
        if (pattern.startsWith("/subjects/")) {
            return variable.equals("kind") ? "HOUSEHOLD"
                    : one("select id from registry_household where area_code like ? order by id limit 1", other);
        }
        if (variable.equals("id") && (pattern.startsWith("/registry/imports")
                || pattern.startsWith("/api/registry/imports"))) {
            // jobs belong to whoever uploaded them: anybody else's (or none) must answer 404
            String job = jdbc.sql("select max(id) from registry_import_job").query(String.class).optional()
                    .orElse(null);
            return job == null ? "1" : job;
        }
        if (variable.equals("id") && pattern.startsWith("/api/admin/tokens")) {
            if (one("select count(*) from api_token_assignment where area_code like ?", other).equals("0")) {
                long token = jdbc.sql("""
                                insert into api_token (name, secret_prefix, secret_hash, issued_at, issued_by,
                                                       issued_reason, expires_at)
                                values ('scope walk', 'fq_walk', ?, now(), 'test', 'fixture', now() + interval '1 day')
                                returning id""").param(java.util.UUID.randomUUID().toString().replace("-", ""))
                        .query(Long.class).single();
                jdbc.sql("insert into api_token_assignment (token_id, role, area_code) values (?, 'INTAKE_CLERK', ?)")
                        .params(token, DemoAccounts.GRID_B_CODE).update();
            }
            return one("select token_id from api_token_assignment where area_code like ? order by token_id limit 1",
                    other);
        }
        if (variable.equals("id") && (pattern.startsWith("/accounts") || pattern.startsWith("/admin/accounts")
                || pattern.startsWith("/api/admin/accounts"))) {
            return one("select a.id from account a join person p on p.id = a.person_id where p.area_code like ?"
                    + " order by a.id limit 1", other);
        }
        return null;
    }

    private String one(String sql, String param) {
        return jdbc.sql(sql).param(param).query((rs, n) -> rs.getString(1)).optional().orElse(null);
    }

    private MockHttpSession login(String username) throws Exception {
        MvcResult r = mvc.perform(formLogin("/login").user(username).password(DemoAccounts.PASSWORD)).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).as("login of " + username).isEqualTo("/");
        return (MockHttpSession) r.getRequest().getSession(false);
    }
}
