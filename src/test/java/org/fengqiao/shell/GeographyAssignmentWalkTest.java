package org.fengqiao.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.fengqiao.shell.PostHolders.RECORD_AREAS;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Every change to the area tree, through the JSON API, by persons holding several posts in disjoint places, on
 * areas inside and outside each post; a move and an overlay's coverage touch two places and need ONE post covering
 * both. This test's own table: only a system administrator changes the tree.
 */
@IntegrationTest
class GeographyAssignmentWalkTest {

    static final Set<Role> EDIT = Set.of(Role.SYSTEM_ADMIN);
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    ObjectMapper json;

    private final TestUsers.User setup = TestUsers.with("walk.geo.setup", Role.SYSTEM_ADMIN, PostHolders.COUNTY);

    private MockHttpServletResponse send(TestUsers.User user, MockHttpServletRequestBuilder request, String body)
            throws Exception {
        return mvc.perform(request.with(user.request()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn().getResponse();
    }

    private boolean allowed(TestUsers.User user, MockHttpServletRequestBuilder request, String body)
            throws Exception {
        MockHttpServletResponse r = send(user, request, body);
        return AssignmentWalk.httpAllowed(r.getStatus(), r.getContentAsString());
    }

    private JsonNode created(TestUsers.User user, String body) throws Exception {
        MockHttpServletResponse r = send(user, post("/api/areas"), body);
        if (r.getStatus() != 201) {
            throw new AssertionError("setup failed: " + r.getStatus() + " " + r.getContentAsString());
        }
        return json.readTree(r.getContentAsString());
    }

    /** A new building under a grid, made by the county's system administrator. */
    private String building(String grid) throws Exception {
        return created(setup, "{\"parentCode\":\"" + grid + "\",\"name\":\"走查楼" + SEQ.incrementAndGet()
                + "\",\"reason\":\"walk setup\"}").get("code").asString();
    }

    private String overlay(String village) throws Exception {
        return created(setup, "{\"parentCode\":\"" + village + "\",\"name\":\"走查园区" + SEQ.incrementAndGet()
                + "\",\"level\":\"GRID\",\"kind\":\"INDUSTRIAL_PARK\",\"reason\":\"walk setup\"}")
                .get("code").asString();
    }

    /** A tiny square at the area's inner point (or anywhere when it has no boundary). */
    private String square(String grid) throws Exception {
        JsonNode g = json.readTree(mvc.perform(get("/api/areas/" + grid).with(setup.request())).andReturn()
                .getResponse().getContentAsString());
        double lon = g.path("centroidLon").isNumber() ? g.get("centroidLon").asDouble() : 112.9;
        double lat = g.path("centroidLat").isNumber() ? g.get("centroidLat").asDouble() : 22.7;
        double d = 0.000005;
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + (lon - d) + "," + (lat - d) + "],[" + (lon + d) + ","
                + (lat - d) + "],[" + (lon + d) + "," + (lat + d) + "],[" + (lon - d) + "," + (lat + d) + "],["
                + (lon - d) + "," + (lat - d) + "]]]}";
    }

    @Test
    void changingTheTreeNeedsOneSystemAdminPostCoveringEveryPlaceTouched() throws Exception {
        List<TestUsers.User> users = new ArrayList<>(PostHolders.all());
        users.add(TestUsers.user("walk.sysadmin-grid").holding(Role.SYSTEM_ADMIN, PostHolders.GRID_A)
                .holding(Role.LEADER, PostHolders.GONGHE).build());
        AssignmentWalk walk = new AssignmentWalk();
        for (TestUsers.User u : users) {
            for (String area : RECORD_AREAS) {
                walk.attempt(u, "create an area", EDIT, () -> allowed(u, post("/api/areas"), "{\"parentCode\":\""
                        + area + "\",\"name\":\"走查新楼" + SEQ.incrementAndGet() + "\",\"reason\":\"walk\"}"), area);
                String b = building(area);
                walk.attempt(u, "rename an area", EDIT, () -> allowed(u, post("/api/areas/" + b + "/rename"),
                        "{\"name\":\"走查改名" + SEQ.incrementAndGet() + "\",\"reason\":\"walk\"}"), b);
                String r = building(area);
                walk.attempt(u, "retire an area", EDIT, () -> allowed(u, post("/api/areas/" + r + "/retire"),
                        "{\"reason\":\"walk\"}"), r);
                // a park of the village gets a boundary: among parks, the square overlaps nothing stored
                String i = overlay(area.substring(0, 12));
                String feature = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        + "\"properties\":{\"code\":\"" + i + "\"},\"geometry\":" + square(area.substring(0, 12))
                        + "}]}";
                walk.attempt(u, "import boundaries", EDIT, () -> allowed(u, post("/api/areas/import"), feature), i);
                // an imported boundary would overlap the next square: retire it
                send(setup, post("/api/areas/" + i + "/retire"), "{\"reason\":\"walk cleanup\"}");
                String park = overlay(area.substring(0, 12));
                walk.attempt(u, "set an overlay's coverage", EDIT, () -> allowed(u, put("/api/areas/" + park
                        + "/coverage"), "{\"gridCodes\":[\"" + area + "\"],\"reason\":\"walk\"}"), park, area);
            }
            for (String[] move : new String[][] {{PostHolders.GRID_A, RECORD_AREAS.get(2)},
                    {PostHolders.GRID_B, RECORD_AREAS.get(3)}, {PostHolders.GRID_A, PostHolders.GRID_B},
                    {RECORD_AREAS.get(2), PostHolders.GRID_A}}) {
                String m = building(move[0]);
                walk.attempt(u, "move an area", EDIT, () -> allowed(u, post("/api/areas/" + m + "/move"),
                        "{\"parentCode\":\"" + move[1] + "\",\"reason\":\"walk\"}"), m, move[1]);
            }
        }
        walk.verify();
    }
}
