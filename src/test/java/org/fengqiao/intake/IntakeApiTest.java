package org.fengqiao.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.fengqiao.cases.Staff;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The JSON intake: idempotency keys, validation, location to grid, photos checked by content. */
@IntegrationTest
class IntakeApiTest {

    static final String GRID_A = "440784001001001";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    RequestPostProcessor as(String username) {
        return authentication(Staff.token(new Staff(jdbc).user(username)));
    }

    String body(String text) {
        return """
                {"channel":"PATROL","categoryCode":"ENV-DUMPING","description":"%s","areaCode":"%s",
                 "reporterPhone":"13912345678"}""".formatted(text, GRID_A);
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheSameReportAndMakesNoDuplicate() throws Exception {
        String key = UUID.randomUUID().toString();
        String text = "楼道堆放杂物 " + key;
        MvcResult first = mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf())
                        .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(body(text)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.areaCode").value(GRID_A))
                .andExpect(jsonPath("$.status").value("PENDING")).andExpect(jsonPath("$.acceptDue").exists())
                .andReturn();
        String id = com.jayway.jsonpath.JsonPath.read(first.getResponse().getContentAsString(), "$.id").toString();
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(body(text)))
                .andExpect(status().isOk()).andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(Long.parseLong(id))).andExpect(jsonPath("$.replayed").value(true));
        assertThat(jdbc.sql("select count(*) from report where description = ?").param(text).query(Long.class)
                .single()).isEqualTo(1);
        // the same key for a different report is refused
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(body(text + " 另一件")))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value(
                        org.hamcrest.Matchers.containsString("different report")));
        // the reporter's phone is stored encrypted, shown masked
        byte[] enc = jdbc.sql("select reporter_phone_enc from report where id = ?").param(Long.parseLong(id))
                .query(byte[].class).single();
        assertThat(new String(enc, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("13912345678");
        mvc.perform(get("/api/reports/" + id).with(as("county.intake")))
                .andExpect(jsonPath("$.reporterPhoneMasked").value("139****5678"));
    }

    @Test
    void badReportsGetAClearMessage() throws Exception {
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\":\"PATROL\",\"categoryCode\":\"ENV-DUMPING\",\"description\":\"x\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(
                        org.hamcrest.Matchers.containsString("needs a location")));
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body("x").replace("ENV-DUMPING", "NO-SUCH")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value("Unknown category: NO-SUCH"));
        // grid B lies outside grid A's worker's scope
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body("x").replace(GRID_A, "440784106200001")))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(status().isBadRequest());
        // a grid worker cannot pretend to be the counter
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body("x").replace("PATROL", "COUNTER")))
                .andExpect(status().isForbidden());
    }

    @Test
    void aPointIsResolvedToItsGrid() throws Exception {
        record C(double lon, double lat) {
        }
        C c = jdbc.sql("select centroid_lon as lon, centroid_lat as lat from area where code = ?").param(GRID_A)
                .query(C.class).single();
        String json = """
                {"channel":"PATROL","categoryCode":"ENV-DUMPING","description":"按坐标上报 %s","lon":%s,"lat":%s}"""
                .formatted(UUID.randomUUID(), c.lon(), c.lat());
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.areaCode").value(GRID_A));
    }

    static byte[] png(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void photosAreCheckedByContentAndGetThumbnails() throws Exception {
        MvcResult r = mvc.perform(multipart("/api/photos").file(new MockMultipartFile("file", "x.bin",
                        "application/octet-stream", png(800, 600))).with(as("grid.a")).with(csrf()))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.contentType").value("image/png"))
                .andExpect(jsonPath("$.width").value(800)).andReturn();
        String id = com.jayway.jsonpath.JsonPath.read(r.getResponse().getContentAsString(), "$.id");
        byte[] thumb = mvc.perform(get("/photos/" + id + "/thumb").with(as("grid.a")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        BufferedImage t = ImageIO.read(new java.io.ByteArrayInputStream(thumb));
        assertThat(t.getWidth()).isEqualTo(320);
        // someone else, outside any area the photo belongs to, does not see it
        mvc.perform(get("/photos/" + id).with(as("grid.b"))).andExpect(status().isNotFound());
        // a text file called .jpg is refused by its content
        mvc.perform(multipart("/api/photos").file(new MockMultipartFile("file", "evil.jpg", "image/jpeg",
                        "<script>alert(1)</script>".getBytes())).with(as("grid.a")).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(
                        org.hamcrest.Matchers.containsString("checked by content")));
        // attached to a report, the photo is visible to the center of its area
        String json = """
                {"channel":"PATROL","categoryCode":"ENV-DUMPING","description":"带照片 %s","areaCode":"%s",
                 "photos":[{"photoId":"%s","role":"EVIDENCE"}]}""".formatted(UUID.randomUUID(), GRID_A, id);
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(json)).andExpect(status().isCreated());
        mvc.perform(get("/photos/" + id).with(as("county.intake"))).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"));
    }

    @Test
    void solvedOnTheSpotNeedsAnAfterPhotoAndIsRecordedAsSuch() throws Exception {
        MvcResult r = mvc.perform(multipart("/api/photos").file(new MockMultipartFile("file", "a.png", "image/png",
                png(40, 30))).with(as("grid.a")).with(csrf())).andExpect(status().isCreated()).andReturn();
        String id = com.jayway.jsonpath.JsonPath.read(r.getResponse().getContentAsString(), "$.id");
        String base = """
                {"channel":"PATROL","categoryCode":"ENV-DUMPING","description":"随手清理 %s","areaCode":"%s",
                 "solvedOnSpot":true%s}""";
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content(base.formatted(UUID.randomUUID(), GRID_A, ""))).andExpect(status().isBadRequest());
        mvc.perform(post("/api/reports").with(as("grid.a")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(base.formatted(UUID.randomUUID(), GRID_A,
                                ",\"photos\":[{\"photoId\":\"" + id + "\",\"role\":\"AFTER\"}]")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("SOLVED_ON_SPOT"));
    }
}
