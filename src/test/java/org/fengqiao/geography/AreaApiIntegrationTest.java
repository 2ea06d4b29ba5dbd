package org.fengqiao.geography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@IntegrationTest
@RecordApplicationEvents
class AreaApiIntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GridLocator locator;
    @Autowired
    AreaDirectory directory;
    @Autowired
    ApplicationEvents events;

    static RequestPostProcessor as(String username, String role, String... scope) {
        TestUsers.Builder b = TestUsers.user(username);
        for (String area : scope) {
            b.holding(Role.valueOf(role), area);
        }
        return b.build().request();
    }

    /** A county code nobody else uses in this database. */
    private String freshCounty() {
        while (true) {
            String c = "99" + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
            if (jdbc.sql("select count(*) from area where code like ?").param(c + "%").query(Integer.class).single() == 0) {
                return c;
            }
        }
    }

    static String box(double x0, double y0, double x1, double y1) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + ","
                + y1 + "],[" + x0 + "," + y1 + "],[" + x0 + "," + y0 + "]]]}";
    }

    static String feature(String code, String name, String level, String kind, String parent, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"level\":\""
                + level + "\",\"kind\":\"" + kind + "\"" + (parent == null ? "" : ",\"parentCode\":\"" + parent + "\"")
                + "},\"geometry\":" + geometry + "}";
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    private String postJson(RequestPostProcessor user, String path, String body, int expected) throws Exception {
        return mvc.perform(post(path).with(user).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is(expected)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String create(RequestPostProcessor admin, String parent, String code, String name, String level) throws Exception {
        String body = "{\"parentCode\":" + (parent == null ? "null" : "\"" + parent + "\"") + ",\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + ",\"name\":\"" + name + "\",\"level\":\"" + level
                + "\",\"reason\":\"test setup\"}";
        String json = postJson(admin, "/api/areas", body, 201);
        return json.replaceAll("(?s).*\"code\":\"(\\d+)\".*", "$1");
    }

    @Test
    void createRenameMoveRetireWithHistoryAuditAndRecodeEvent() throws Exception {
        String c = freshCounty();
        RequestPostProcessor admin = as("geo-admin-" + c, "SYSTEM_ADMIN", c);
        create(admin, null, c, "测试县" + c, "COUNTY");
        String t1 = create(admin, c, c + "100", "甲镇", "TOWN");
        String t2 = create(admin, c, c + "101", "乙镇", "TOWN");
        String v1 = create(admin, t1, null, "一村", "VILLAGE");
        assertThat(v1).isEqualTo(t1 + "001");
        String g1 = create(admin, v1, null, "一村网格", "GRID");
        assertThat(g1).isEqualTo(v1 + "001");
        String b1 = create(admin, g1, null, "1号楼", "BUILDING");

        // a grid belongs to a village only
        assertThat(postJson(admin, "/api/areas", "{\"parentCode\":\"" + t1 + "\",\"code\":\"" + t1
                + "002\",\"name\":\"x\",\"level\":\"GRID\",\"reason\":\"r\"}", 400)).contains("must sit under VILLAGE");
        // codes are unique
        assertThat(postJson(admin, "/api/areas", "{\"parentCode\":\"" + c + "\",\"code\":\"" + t1
                + "\",\"name\":\"x\",\"level\":\"TOWN\"}", 409)).contains("already in use");

        // rename needs a reason, and is kept in history and the audit trail
        assertThat(postJson(admin, "/api/areas/" + v1 + "/rename", "{\"name\":\"新一村\"}", 400)).contains("reason");
        postJson(admin, "/api/areas/" + v1 + "/rename", "{\"name\":\"新一村\",\"reason\":\"村名变更公告\"}", 200);
        mvc.perform(get("/api/areas/" + v1).with(admin)).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("新一村"))
                .andExpect(jsonPath("$.directChildren").value(1))
                .andExpect(jsonPath("$.subtreeCounts.GRID").value(1))
                .andExpect(jsonPath("$.subtreeCounts.BUILDING").value(1));
        mvc.perform(get("/api/areas/" + v1 + "/history").with(admin))
                .andExpect(jsonPath("$[0].action").value("RENAME"))
                .andExpect(jsonPath("$[0].reason").value("村名变更公告"))
                .andExpect(jsonPath("$[0].actor").value("geo-admin-" + c));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'AREA_RENAME' and target = ? and actor = ?")
                .params(v1, "geo-admin-" + c).query(Integer.class).single()).isEqualTo(1);

        // stale version: conflict
        postJson(admin, "/api/areas/" + v1 + "/rename", "{\"name\":\"又一村\",\"reason\":\"r\",\"version\":0}", 409);

        // move the village (with its grid and building) to the other town: the subtree is re-coded
        String moved = postJson(admin, "/api/areas/" + v1 + "/move", "{\"parentCode\":\"" + t2 + "\",\"reason\":\"区划调整\"}", 200);
        String v1new = t2 + "001";
        assertThat(moved).contains("\"code\":\"" + v1new + "\"").contains("\"parentCode\":\"" + t2 + "\"");
        assertThat(directory.find(v1)).isEmpty();
        assertThat(directory.find(v1new + "001").orElseThrow().parentCode()).isEqualTo(v1new);
        assertThat(directory.find(v1new + "001001").orElseThrow().name()).isEqualTo("1号楼");
        assertThat(b1).isEqualTo(g1 + "001");
        mvc.perform(get("/api/areas/" + g1).with(admin)).andExpect(status().isNotFound());
        assertThat(events.stream(AreaRecoded.class).filter(e -> e.oldPrefix().equals(v1)).toList())
                .singleElement().satisfies(e -> {
                    assertThat(e.newPrefix()).isEqualTo(v1new);
                    assertThat(e.reason()).isEqualTo("区划调整");
                });
        mvc.perform(get("/api/areas/" + v1new + "001/history").with(admin))
                .andExpect(jsonPath("$[0].action").value("RECODE"))
                .andExpect(jsonPath("$[0].detail").value(g1 + " → " + v1new + "001"));
        // cannot move under its own subtree, nor a grid under a town
        postJson(admin, "/api/areas/" + v1new + "/move", "{\"parentCode\":\"" + v1new + "001\",\"reason\":\"r\"}", 400);
        assertThat(postJson(admin, "/api/areas/" + v1new + "001/move", "{\"parentCode\":\"" + t1 + "\",\"reason\":\"r\"}", 400))
                .contains("must sit under VILLAGE");

        // retire: not while active sub-areas exist; then retired (kept, not deleted)
        assertThat(postJson(admin, "/api/areas/" + t2 + "/retire", "{\"reason\":\"撤并\"}", 409)).contains("active sub-areas");
        postJson(admin, "/api/areas/" + t1 + "/retire", "{\"reason\":\"撤并入乙镇\"}", 200);
        mvc.perform(get("/api/areas/" + t1).with(admin)).andExpect(jsonPath("$.retired").value(true))
                .andExpect(jsonPath("$.retiredReason").value("撤并入乙镇"));
        assertThat(postJson(admin, "/api/areas", "{\"parentCode\":\"" + t1 + "\",\"name\":\"x\",\"reason\":\"r\"}", 409))
                .contains("retired");
        mvc.perform(get("/api/areas").param("under", c).with(admin))
                .andExpect(jsonPath("$[*].code").value(org.hamcrest.Matchers.contains(t2)));
        mvc.perform(get("/api/areas").param("under", c).param("withRetired", "true").with(admin))
                .andExpect(jsonPath("$.length()").value(2));
        assertThat(jdbc.sql("select action from area_history h join area a on a.id = h.area_id where a.code = ? order by h.id")
                .param(t1).query(String.class).list()).containsExactly("CREATE", "RETIRE");
    }

    @Test
    void onlyASystemAdminInsideTheirScopeChangesTheTree() throws Exception {
        String c = freshCounty();
        RequestPostProcessor admin = as("geo-admin2-" + c, "SYSTEM_ADMIN", c);
        create(admin, null, c, "县" + c, "COUNTY");
        String t1 = create(admin, c, c + "100", "甲镇", "TOWN");
        String t2 = create(admin, c, c + "101", "乙镇", "TOWN");
        String v2 = create(admin, t2, null, "乙村", "VILLAGE");

        RequestPostProcessor worker = as("geo-worker-" + c, "GRID_WORKER", c);
        postJson(worker, "/api/areas/" + t1 + "/rename", "{\"name\":\"x\",\"reason\":\"r\"}", 403);
        postJson(worker, "/api/areas", "{\"parentCode\":\"" + t1 + "\",\"name\":\"x\",\"reason\":\"r\"}", 403);

        // an admin of town 1 cannot see or change town 2
        RequestPostProcessor townAdmin = as("geo-townadmin-" + c, "SYSTEM_ADMIN", t1);
        postJson(townAdmin, "/api/areas/" + t2 + "/rename", "{\"name\":\"x\",\"reason\":\"r\"}", 404);
        postJson(townAdmin, "/api/areas", "{\"parentCode\":\"" + t2 + "\",\"name\":\"x\",\"reason\":\"r\"}", 404);
        postJson(townAdmin, "/api/areas/" + v2 + "/move", "{\"parentCode\":\"" + t1 + "\",\"reason\":\"r\"}", 404);
        String v1 = create(townAdmin, t1, null, "甲村", "VILLAGE");
        postJson(townAdmin, "/api/areas/" + v1 + "/move", "{\"parentCode\":\"" + t2 + "\",\"reason\":\"r\"}", 404);

        // a user scoped to town 1 reads town 1 only
        RequestPostProcessor reader = as("geo-reader-" + c, "GRID_WORKER", t1);
        mvc.perform(get("/api/areas/" + t1).with(reader)).andExpect(status().isOk());
        mvc.perform(get("/api/areas/" + t2).with(reader)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").exists());
        mvc.perform(get("/api/areas/" + v2).with(reader)).andExpect(status().isNotFound());
        mvc.perform(get("/api/areas/" + c).with(reader)).andExpect(status().isNotFound());
        mvc.perform(get("/api/areas").with(reader)).andExpect(jsonPath("$[*].code").value(org.hamcrest.Matchers.contains(t1)));
        mvc.perform(get("/areas/" + t2).with(reader)).andExpect(status().isNotFound());
        mvc.perform(get("/areas/" + t1).with(reader)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("甲镇")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("hx-get=\"/areas/" + t1 + "/roster\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("form-rename"))));
        // nobody signed in: refused (401 for the API, or sent to the login page)
        assertThat(mvc.perform(get("/api/areas/" + t1)).andReturn().getResponse().getStatus()).isIn(302, 401);
    }

    @Test
    void importValidatesEverythingThenImportsAllAndTheLocatorFollows() throws Exception {
        String c = freshCounty();
        String t = c + "100";
        String v = t + "001";
        String g1 = v + "001";
        String g2 = v + "002";
        String park = t + "901";
        RequestPostProcessor admin = as("geo-importer-" + c, "SYSTEM_ADMIN", c);
        double x = 100 + ThreadLocalRandom.current().nextInt(60);  // a place of its own on the globe
        String good = collection(
                feature(g2, "二网格", "GRID", "BASE", v, box(x + 0.5, 0, x + 1, 0.5)),
                feature(c, "导入县", "COUNTY", "BASE", null, box(x, 0, x + 1, 1)),
                feature(t, "导入镇", "TOWN", "BASE", c, box(x, 0, x + 1, 0.5)),
                feature(v, "导入村", "VILLAGE", "BASE", t, box(x, 0, x + 1, 0.5)),
                feature(g1, "一网格", "GRID", "BASE", v, box(x, 0, x + 0.5, 0.5)),
                feature(park, "工业园区", "GRID", "INDUSTRIAL_PARK", t, box(x + 0.4, 0, x + 0.6, 0.2)));

        // one bad feature rejects the whole file, naming the feature
        String overlapping = collection(
                feature(c, "导入县", "COUNTY", "BASE", null, box(x, 0, x + 1, 1)),
                feature(t, "导入镇", "TOWN", "BASE", c, box(x, 0, x + 1, 0.5)),
                feature(c + "101", "重叠镇", "TOWN", "BASE", c, box(x + 0.5, 0.25, x + 1, 0.75)));
        assertThat(postJson(admin, "/api/areas/import", overlapping, 400))
                .contains("features[1] (code " + t + ")").contains("overlaps its sibling " + c + "101")
                .contains("nothing was imported");
        String outside = collection(feature(c, "导入县", "COUNTY", "BASE", null, box(x, 0, x + 1, 1)),
                feature(t, "导入镇", "TOWN", "BASE", c, box(x + 0.5, 0.5, x + 1.5, 1)));
        assertThat(postJson(admin, "/api/areas/import", outside, 400)).contains("features[1] (code " + t + ")")
                .contains("outside its parent " + c);
        String unclosed = collection(feature(c, "导入县", "COUNTY", "BASE", null, box(x, 0, x + 1, 1)),
                feature(t, "导入镇", "TOWN", "BASE", c,
                        "{\"type\":\"Polygon\",\"coordinates\":[[[" + x + ",0],[" + (x + 1) + ",0],[" + (x + 1) + ",0.5]]]}"));
        assertThat(postJson(admin, "/api/areas/import", unclosed, 400)).contains("features[1] (code " + t + ")");
        assertThat(postJson(admin, "/api/areas/import", "{\"type\":\"Feature\"}", 400)).contains("FeatureCollection");
        assertThat(postJson(admin, "/api/areas/import", "not json", 400)).contains("not valid JSON");
        assertThat(directory.find(c)).isEmpty();

        // a grid worker may not import
        postJson(as("w-" + c, "GRID_WORKER", c), "/api/areas/import", good, 403);

        String result = postJson(admin, "/api/areas/import?reason=" + "测绘成果", good, 200);
        assertThat(result).contains("\"created\":6");
        assertThat(directory.find(g2).orElseThrow().parentCode()).isEqualTo(v);

        // the locator was refreshed after commit: points in, on the shared edge, outside; the park overlay
        GridLocation l = locator.locate(x + 0.25, 0.25).orElseThrow();
        assertThat(l.gridCode()).isEqualTo(g1);
        assertThat(l.villageCode()).isEqualTo(v);
        assertThat(l.townCode()).isEqualTo(t);
        assertThat(l.overlayCodes()).isEmpty();
        assertThat(locator.locate(x + 0.55, 0.1).orElseThrow().overlayCodes()).containsExactly(park);
        assertThat(locator.locate(x + 0.5, 0.3).orElseThrow().gridCode()).isEqualTo(g1);
        assertThat(locator.locate(x + 0.5, 0.75)).isEmpty();
        mvc.perform(get("/api/areas/locate").param("lon", String.valueOf(x + 0.55)).param("lat", "0.1").with(admin))
                .andExpect(jsonPath("$.gridCode").value(g2)).andExpect(jsonPath("$.overlayCodes[0]").value(park));
        mvc.perform(get("/api/areas/locate").param("lon", String.valueOf(x + 0.75)).param("lat", "0.25")
                .with(as("other-" + c, "GRID_WORKER", "990000999"))).andExpect(status().isNotFound());
        // coverage links the park to both grids it overlaps
        mvc.perform(get("/api/areas/" + park).with(admin))
                .andExpect(jsonPath("$.coverage").value(org.hamcrest.Matchers.contains(g1, g2)));

        // export: a FeatureCollection with the properties needed to re-import
        String exported = mvc.perform(get("/api/areas/export").param("under", c).with(admin))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")))
                .andExpect(jsonPath("$.type").value("FeatureCollection"))
                .andExpect(jsonPath("$.features.length()").value(6))
                .andExpect(jsonPath("$.features[0].properties.code").value(c))
                .andExpect(jsonPath("$.features[?(@.properties.code == '" + g2 + "')].properties.parentCode").value(v))
                .andExpect(jsonPath("$.features[?(@.properties.code == '" + park + "')].properties.kind").value("INDUSTRIAL_PARK"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        mvc.perform(get("/api/areas/geojson").param("level", "GRID").param("under", c).with(admin))
                .andExpect(jsonPath("$.features.length()").value(3));
        // a user scoped elsewhere gets an empty collection
        mvc.perform(get("/api/areas/geojson").param("level", "GRID").with(as("x-" + c, "GRID_WORKER", "990000999")))
                .andExpect(jsonPath("$.features.length()").value(0));

        // re-importing the export (as an upload) replaces the boundaries: nothing new, 6 updated
        String again = mvc.perform(multipart("/api/areas/import")
                        .file(new MockMultipartFile("file", "areas.geojson", "application/geo+json",
                                exported.getBytes(StandardCharsets.UTF_8)))
                        .param("reason", "复核").with(admin).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(again).contains("\"created\":0").contains("\"updated\":6");
        assertThat(jdbc.sql("select count(*) from area_history h join area a on a.id = h.area_id"
                + " where a.code like ? and h.action = 'BOUNDARY' and h.reason = '复核'").param(c + "%")
                .query(Integer.class).single()).isEqualTo(6);

        // retiring a grid takes it out of the locator
        postJson(admin, "/api/areas/" + g2 + "/retire", "{\"reason\":\"并入一网格\"}", 200);
        assertThat(locator.locate(x + 0.75, 0.25)).isEmpty();
        assertThat(locator.locate(x + 0.25, 0.25)).isPresent();
    }

    @Test
    void policeZoneWithoutBoundaryReachesPointsThroughItsCoverage() throws Exception {
        String c = freshCounty();
        String t = c + "100";
        String v = t + "001";
        String g = v + "001";
        RequestPostProcessor admin = as("geo-zone-" + c, "SYSTEM_ADMIN", c);
        double x = 100 + ThreadLocalRandom.current().nextInt(60);
        postJson(admin, "/api/areas/import", collection(
                feature(c, "县", "COUNTY", "BASE", null, box(x, 2, x + 1, 3)),
                feature(t, "镇", "TOWN", "BASE", c, box(x, 2, x + 1, 3)),
                feature(v, "村", "VILLAGE", "BASE", t, box(x, 2, x + 1, 3)),
                feature(g, "网格", "GRID", "BASE", v, box(x, 2, x + 1, 3))), 200);
        String zone = postJson(admin, "/api/areas", "{\"parentCode\":\"" + t + "\",\"code\":\"" + t
                + "901\",\"name\":\"城区警务防控区\",\"level\":\"GRID\",\"kind\":\"POLICE_ZONE\",\"reason\":\"设立\"}", 201);
        assertThat(zone).contains("\"kind\":\"POLICE_ZONE\"");
        // its micro-grids are police-zone areas too (kind and level follow from the parent)
        String micro = postJson(admin, "/api/areas", "{\"parentCode\":\"" + t + "901\",\"name\":\"微网格1\",\"reason\":\"r\"}", 201);
        assertThat(micro).contains("\"code\":\"" + t + "901001\"").contains("\"level\":\"MICRO_GRID\"")
                .contains("\"kind\":\"POLICE_ZONE\"");
        assertThat(locator.locate(x + 0.5, 2.5).orElseThrow().overlayCodes()).isEmpty();

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/areas/" + t + "901/coverage")
                        .with(as("w-" + c, "GRID_WORKER", c)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"gridCodes\":[\"" + g + "\"],\"reason\":\"r\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/areas/" + t + "901/coverage")
                        .with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"gridCodes\":[\"" + v + "\"],\"reason\":\"r\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/areas/" + t + "901/coverage")
                        .with(admin).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"gridCodes\":[\"" + g + "\"],\"reason\":\"一警一网格\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.coverage[0]").value(g));
        assertThat(locator.locate(x + 0.5, 2.5).orElseThrow().overlayCodes()).containsExactly(t + "901");
        mvc.perform(get("/api/areas/" + g).with(admin)).andExpect(jsonPath("$.coverage[0]").value(t + "901"));
    }

    @Test
    void pagesShowTheMapAndTheAdminForms() throws Exception {
        String c = freshCounty();
        RequestPostProcessor admin = as("geo-pageadmin-" + c, "SYSTEM_ADMIN", c);
        create(admin, null, c, "页面县", "COUNTY");
        String t = create(admin, c, c + "100", "页面镇", "TOWN");
        mvc.perform(get("/map").with(as("viewer-" + c, "GRID_WORKER", c))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"map\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"area-panel\"")))
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern("(?s).*/js/geography-map(-[0-9a-f]{32})?\\.js.*")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("data-geojson-url=\"/api/areas/geojson\"")));
        mvc.perform(get("/areas/" + t).with(admin)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("form-rename")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("form-move")));
        mvc.perform(post("/areas/" + t + "/rename").with(admin).with(csrf()).param("name", "新页面镇")
                        .param("reason", "更名"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/areas/" + t));
        assertThat(directory.find(t).orElseThrow().name()).isEqualTo("新页面镇");
        mvc.perform(post("/areas/" + t + "/rename").with(admin).with(csrf()).param("name", "x").param("reason", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("problem", org.hamcrest.Matchers.containsString("reason")));
        mvc.perform(get("/areas/import").with(as("w2-" + c, "GRID_WORKER", c))).andExpect(status().isForbidden());
        mvc.perform(get("/areas").with(admin)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("area-import-link")));
        Set<String> codes = directory.children(c).stream().map(AreaView::code).collect(Collectors.toSet());
        assertThat(codes).containsExactly(t);
    }
}
