package org.fengqiao.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.xpath;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.publicchannel.PublicCodes;
import org.fengqiao.publicchannel.TestAreas;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The Open311 GeoReport v2 conformance suite: one test per rule of docs/OPEN311.md (section numbers in the names),
 * each in XML and JSON where the rule concerns both.
 */
@IntegrationTest
class Open311ConformanceTest {

    static final String V2 = "/open311/v2";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeys keys;
    @Autowired
    PublicCodes codes;
    @Autowired
    CaseManagement cases;
    @Autowired
    org.fengqiao.geography.GridLocator locator;

    TestAreas areas;
    String key;
    String keyName;

    @BeforeEach
    void setUp() {
        areas = TestAreas.create(jdbc, locator);
        keyName = "rider-app-" + areas.county();
        key = admin().call(() -> keys.issue(keyName, "ops@example.org")).secret();
    }

    /** A POST with a point inside the test grid. */
    MockHttpServletRequestBuilder postAt(String fmt, String service) {
        return post(V2 + "/requests." + fmt).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .characterEncoding(StandardCharsets.UTF_8)
                .param("api_key", key).param("service_code", service).param("lat", areas.lat()).param("long", areas.lon());
    }

    String create(String description) throws Exception {
        String body = mvc.perform(postAt("json", "FAC-STREETLIGHT").param("description", description))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return body.replaceAll(".*\"service_request_id\":\"(\\d+)\".*", "$1");
    }

    // ---- 1 conventions ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r1_1_resourcesAreAddressedAsBaseResourceDotFormat(String fmt) throws Exception {
        settled().perform(get(V2 + "/services." + fmt)).andExpect(status().isOk());
        settled().perform(get(V2 + "/services.html")).andExpect(status().isNotFound())
                .andExpect(xpath("/errors/error/code").string("404"));
        settled().perform(get(V2 + "/nonsense." + fmt)).andExpect(status().isNotFound());
    }

    /** The county's system administrator, who manages the API keys (a county-wide setting). */
    org.fengqiao.support.TestUsers.User admin() {
        return org.fengqiao.support.TestUsers.with("open311-admin", org.fengqiao.platform.Role.SYSTEM_ADMIN,
                "440784");
    }

    /** MockMvc after every event listener has run: reads of the public read models see what was just written. */
    MockMvc settled() {
        org.fengqiao.support.Events.settle(jdbc);
        return mvc;
    }

    @Test
    void r1_2_xmlIsMandatoryJsonAdvertisedAndContentTypesAreExact() throws Exception {
        settled().perform(get(V2 + "/services.xml")).andExpect(content().contentType("text/xml;charset=UTF-8"));
        settled().perform(get(V2 + "/services.json")).andExpect(content().contentType("application/json;charset=UTF-8"));
        settled().perform(get(V2 + "/discovery.json"))
                .andExpect(jsonPath("$.endpoints[0].formats", hasItem("text/xml")))
                .andExpect(jsonPath("$.endpoints[0].formats", hasItem("application/json")));
    }

    @Test
    void r1_3_utf8EverywhereXmlDeclarationAndNoNamespace() throws Exception {
        String id = create("路灯不亮,靠近越塘村口 & <桥头>");
        String xml = settled().perform(get(V2 + "/requests/" + id + ".xml")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        assertThat(xml).doesNotContain("xmlns").contains("路灯不亮,靠近越塘村口 &amp; &lt;桥头&gt;");
        settled().perform(get(V2 + "/requests/" + id + ".json"))
                .andExpect(jsonPath("$[0].description").value("路灯不亮,靠近越塘村口 & <桥头>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r1_4_dateTimesCarryAMandatoryZone(String fmt) throws Exception {
        String id = create("时间格式");
        String pattern = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})";
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/requests/" + id + ".json"))
                    .andExpect(jsonPath("$[0].requested_datetime", matchesPattern(pattern)))
                    .andExpect(jsonPath("$[0].updated_datetime", matchesPattern(pattern)));
        } else {
            settled().perform(get(V2 + "/requests/" + id + ".xml"))
                    .andExpect(xpath("/service_requests/request/requested_datetime").string(matchesPattern(pattern)));
        }
        settled().perform(get(V2 + "/requests." + fmt).param("start_date", "2026-03-01T00:00:00"))
                .andExpect(status().isBadRequest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r1_5_jurisdictionIdIsOptionalAndAnUnknownOneIs404(String fmt) throws Exception {
        settled().perform(get(V2 + "/services." + fmt)).andExpect(status().isOk());
        settled().perform(get(V2 + "/services." + fmt).param("jurisdiction_id", "fengqiao")).andExpect(status().isOk());
        settled().perform(get(V2 + "/services." + fmt).param("jurisdiction_id", "sfgov.org"))
                .andExpect(status().isNotFound());
        mvc.perform(postAt(fmt, "FAC-STREETLIGHT").param("jurisdiction_id", "sfgov.org").param("description", "x"))
                .andExpect(status().isNotFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r1_6_anEmptyParameterMeansTheSameAsAMissingOne(String fmt) throws Exception {
        String id = create("空参数");
        settled().perform(get(V2 + "/services." + fmt).param("jurisdiction_id", "")).andExpect(status().isOk());
        String both = settled().perform(get(V2 + "/requests.json").param("status", "").param("service_code", "")
                        .param("start_date", "").param("service_request_id", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(both).contains("\"service_request_id\":\"" + id + "\"");
        // an empty optional field in a POST is like a missing one
        mvc.perform(postAt(fmt, "FAC-STREETLIGHT").param("description", "空邮箱").param("email", "")
                .param("phone", "")).andExpect(status().isOk());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r1_7_onlyPostNeedsAKeyAndABadKeyIs403(String fmt) throws Exception {
        mvc.perform(post(V2 + "/requests." + fmt).param("service_code", "FAC-STREETLIGHT").param("lat", "22.7")
                .param("long", "112.9")).andExpect(status().isForbidden());
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", "not-a-key").param("service_code", "OTHER")
                .param("lat", areas.lat()).param("long", areas.lon())).andExpect(status().isForbidden());
        ApiKeys.Issued other = admin().call(() -> keys.issue("revoked-" + areas.county(), null));
        admin().run(() -> keys.revoke(other.key().id(), "test"));
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", other.secret()).param("service_code", "OTHER")
                .param("lat", "22.7").param("long", "112.9")).andExpect(status().isForbidden());
        // GETs need none
        settled().perform(get(V2 + "/requests." + fmt)).andExpect(status().isOk());
        settled().perform(get(V2 + "/services/HZD-FIRE." + fmt)).andExpect(status().isOk());
    }

    @Test
    void r1_8_jsonIsTheMechanicalSparkMappingOfTheXml() throws Exception {
        settled().perform(get(V2 + "/services.json")).andExpect(jsonPath("$").isArray())
                .andExpect(jsonPath("$[0].service_code").isString());
        settled().perform(get(V2 + "/services.xml")).andExpect(xpath("/services/service").exists());
        settled().perform(get(V2 + "/services/HZD-FIRE.json"))
                .andExpect(jsonPath("$.attributes").isArray())
                .andExpect(jsonPath("$.attributes[1].values").isArray())
                .andExpect(jsonPath("$.attributes[1].values[0].key").value("EXIT"))
                .andExpect(jsonPath("$.attributes[0].datatype_description").value(nullValue()))
                .andExpect(jsonPath("$.attributes[0].required").value(false));
        settled().perform(get(V2 + "/services/HZD-FIRE.xml"))
                .andExpect(xpath("/service_definition/attributes/attribute[2]/values/value[1]/key").string("EXIT"))
                .andExpect(xpath("/service_definition/attributes/attribute[1]/datatype_description").string(""));
        settled().perform(get(V2 + "/discovery.json")).andExpect(jsonPath("$.endpoints").isArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r1_9_errorsAreListsWithCodeAndDescriptionAndSeveralMayCome(String fmt) throws Exception {
        var result = mvc.perform(post(V2 + "/requests." + fmt).param("api_key", key).param("service_code", "HZD-FIRE")
                .param("lat", "north").param("long", "112.9").param("description", "x".repeat(4001)))
                .andExpect(status().isBadRequest());
        if (fmt.equals("json")) {
            result.andExpect(jsonPath("$").isArray()).andExpect(jsonPath("$[0].code").value(400))
                    .andExpect(jsonPath("$[0].description").isString())
                    .andExpect(jsonPath("$.length()").value(org.hamcrest.Matchers.greaterThanOrEqualTo(3)));
            settled().perform(get(V2 + "/services/NOPE.json")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$[0].code").value(404));
        } else {
            result.andExpect(xpath("/errors/error[1]/code").string("400"))
                    .andExpect(xpath("/errors/error[1]/description").exists())
                    .andExpect(xpath("count(/errors/error)").number(org.hamcrest.Matchers.greaterThanOrEqualTo(3.0)));
            mvc.perform(post(V2 + "/requests.xml").param("api_key", "bad").param("service_code", "OTHER"))
                    .andExpect(status().isForbidden())
                    .andExpect(xpath("/errors/error/code").string("403"));
        }
    }

    // ---- 2 discovery ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r2_discoveryHasEveryRequiredField(String fmt) throws Exception {
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/discovery.json")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.changeset").isString()).andExpect(jsonPath("$.contact").isString())
                    .andExpect(jsonPath("$.key_service").isString())
                    .andExpect(jsonPath("$.endpoints[0].specification").value("http://wiki.open311.org/GeoReport_v2"))
                    .andExpect(jsonPath("$.endpoints[0].url", endsWith("/open311/v2")))
                    .andExpect(jsonPath("$.endpoints[0].changeset").isString())
                    .andExpect(jsonPath("$.endpoints[0].type").value("production"));
        } else {
            settled().perform(get("/open311/discovery.xml")).andExpect(status().isOk())
                    .andExpect(xpath("/discovery/changeset").exists()).andExpect(xpath("/discovery/contact").exists())
                    .andExpect(xpath("/discovery/key_service").exists())
                    .andExpect(xpath("/discovery/endpoints/endpoint/formats/format[1]").string("text/xml"))
                    .andExpect(xpath("/discovery/endpoints/endpoint/url").string(endsWith("/open311/v2")));
        }
    }

    // ---- 3 services ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r3_servicesListTheCatalogueWithEveryField(String fmt) throws Exception {
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/services.json"))
                    .andExpect(jsonPath("$[?(@.service_code=='HZD-FIRE')].metadata").value(hasItem(true)))
                    .andExpect(jsonPath("$[?(@.service_code=='OTHER')].metadata").value(hasItem(false)))
                    .andExpect(jsonPath("$[?(@.service_code=='HZD-FIRE')].type").value(hasItem("realtime")))
                    .andExpect(jsonPath("$[?(@.service_code=='DSP-LABOUR')].type").value(hasItem("batch")))
                    .andExpect(jsonPath("$[?(@.service_code=='HZD-FIRE')].group").value(hasItem("HAZARD")))
                    .andExpect(jsonPath("$[*].service_name", everyItem(instanceOf(String.class))))
                    .andExpect(jsonPath("$[*].description", everyItem(instanceOf(String.class))))
                    .andExpect(jsonPath("$[*].keywords", everyItem(instanceOf(String.class))));
        } else {
            settled().perform(get(V2 + "/services.xml"))
                    .andExpect(xpath("/services/service[service_code='HZD-FIRE']/service_name").string("消防安全隐患"))
                    .andExpect(xpath("/services/service[service_code='HZD-FIRE']/metadata").string("true"))
                    .andExpect(xpath("/services/service[service_code='OTHER']/metadata").string("false"))
                    .andExpect(xpath("/services/service[service_code='HZD-FIRE']/keywords").string(containsString(",")));
        }
    }

    // ---- 4 service definition ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r4_serviceDefinitionsDescribeEachAttribute(String fmt) throws Exception {
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/services/HZD-FIRE.json")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.service_code").value("HZD-FIRE"))
                    .andExpect(jsonPath("$.attributes[0].variable").value(false))
                    .andExpect(jsonPath("$.attributes[1].code").value("KIND"))
                    .andExpect(jsonPath("$.attributes[1].datatype").value("singlevaluelist"))
                    .andExpect(jsonPath("$.attributes[1].required").value(true))
                    .andExpect(jsonPath("$.attributes[1].order").value(2))
                    .andExpect(jsonPath("$.attributes[1].description").value("隐患类型"))
                    .andExpect(jsonPath("$.attributes[2].datatype").value("number"));
        } else {
            settled().perform(get(V2 + "/services/ENV-DUMPING.xml")).andExpect(status().isOk())
                    .andExpect(xpath("/service_definition/attributes/attribute[1]/datatype").string("multivaluelist"))
                    .andExpect(xpath("/service_definition/attributes/attribute[2]/datatype").string("datetime"));
        }
        settled().perform(get(V2 + "/services/NO-SUCH." + fmt)).andExpect(status().isNotFound());
    }

    // ---- 5 POST service request ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r5_postReturnsAListOfOneWithAnIdAndNotice(String fmt) throws Exception {
        var r = mvc.perform(postAt(fmt, "FAC-STREETLIGHT").param("description", "灯不亮")).andExpect(status().isOk());
        if (fmt.equals("json")) {
            r.andExpect(jsonPath("$", hasSize(1))).andExpect(jsonPath("$[0].service_request_id").isString())
                    .andExpect(jsonPath("$[0].token").doesNotExist())
                    .andExpect(jsonPath("$[0].service_notice", containsString("工作")));
        } else {
            r.andExpect(xpath("/service_requests/request/service_request_id").string(matchesPattern("\\d+")))
                    .andExpect(xpath("/service_requests/request/token").doesNotExist());
        }
    }

    @Test
    void r5_theReportGoesThroughIntakeOnTheOpen311ChannelAndIsAttributed() throws Exception {
        String id = create("归属测试");
        String channel = jdbc.sql("select channel from report where id = ?").param(Long.parseLong(id))
                .query(String.class).single();
        assertThat(channel).isEqualTo("OPEN311");
        String actor = jdbc.sql("select actor from audit_event where action = 'OPEN311_REQUEST_CREATED' and target = ?")
                .param("report:" + id).query(String.class).single();
        assertThat(actor).isEqualTo("open311:" + keyName);
        assertThat(admin().call(keys::list).stream().filter(k -> k.name().equals(keyName)).findFirst().orElseThrow().useCount())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r5_oneOfThreeLocationsIsRequired(String fmt) throws Exception {
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", key).param("service_code", "OTHER")
                .param("description", "无位置")).andExpect(status().isBadRequest());
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", key).param("service_code", "OTHER")
                .param("lat", areas.lat()).param("description", "半个坐标")).andExpect(status().isBadRequest());
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", key).param("service_code", "OTHER")
                .param("address_string", "越塘村口大榕树下").param("description", "只有地址")).andExpect(status().isOk());
        codes.ensureCodes();
        String plate = codes.forTarget("BUILDING", areas.building1()).orElseThrow().code();
        String body = mvc.perform(post(V2 + "/requests.json").param("api_key", key).param("service_code", "OTHER")
                        .param("address_id", plate).param("description", "门牌码定位"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String id = body.replaceAll(".*\"service_request_id\":\"(\\d+)\".*", "$1");
        String area = jdbc.sql("select area_code from report where id = ?").param(Long.parseLong(id))
                .query(String.class).single();
        assertThat(area).isEqualTo(areas.building1());
        settled().perform(get(V2 + "/requests/" + id + ".json")).andExpect(jsonPath("$[0].address_id").value(plate));
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", key).param("service_code", "OTHER")
                .param("address_id", "nowhere")).andExpect(status().isBadRequest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r5_requiredAttributesAreEnforcedAndListsValidated(String fmt) throws Exception {
        mvc.perform(postAt(fmt, "HZD-FIRE").param("description", "楼道堆物")).andExpect(status().isBadRequest());
        mvc.perform(postAt(fmt, "HZD-FIRE").param("attribute[KIND]", "DRAGON")).andExpect(status().isBadRequest());
        mvc.perform(postAt(fmt, "HZD-FIRE").param("attribute[KIND]", "EXIT").param("attribute[FLOOR]", "three"))
                .andExpect(status().isBadRequest());
        mvc.perform(postAt(fmt, "HZD-FIRE").param("attribute[KIND]", "EXIT").param("attribute[FLOOR]", "3")
                .param("attribute[fixmystreet_id]", "fms-" + areas.county() + fmt)).andExpect(status().isOk());
    }

    @Test
    void r5_multivalueAttributesRepeatTheKeyInUrlencodedAndMultipartBodies() throws Exception {
        String body = mvc.perform(postAt("json", "ENV-DUMPING").param("attribute[WHAT][]", "BUILDING")
                        .param("attribute[WHAT][]", "BULKY").param("media_url", "https://img.example/1.jpg")
                        .param("media_url", "https://img.example/2.jpg").param("description", "路边一堆建筑垃圾"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String id = body.replaceAll(".*\"service_request_id\":\"(\\d+)\".*", "$1");
        settled().perform(get(V2 + "/requests/" + id + ".json").param("extensions", "true"))
                .andExpect(jsonPath("$[0].attributes[?(@.code=='WHAT')].value").value(hasItem("BUILDING,BULKY")))
                .andExpect(jsonPath("$[0].media_url").value("https://img.example/1.jpg"))
                .andExpect(jsonPath("$[0].extended_attributes.photos", hasSize(2)));
        String text = jdbc.sql("select description from report where id = ?").param(Long.parseLong(id))
                .query(String.class).single();
        assertThat(text).contains("建筑垃圾、大件家具");
        // multipart/form-data, as FixMyStreet sends with photos, repeated keys included
        mvc.perform(multipart(V2 + "/requests.xml").param("api_key", key).param("service_code", "ENV-DUMPING")
                        .param("lat", areas.lat()).param("long", areas.lon()).param("attribute[WHAT][]", "HOUSEHOLD")
                        .param("attribute[WHAT][]", "OTHER").param("description", "多部分表单"))
                .andExpect(status().isOk())
                .andExpect(xpath("/service_requests/request/service_request_id").exists());
        mvc.perform(postAt("json", "ENV-DUMPING").param("attribute[WHAT][]", "BUILDING")
                .param("attribute[WHAT][]", "GOLD")).andExpect(status().isBadRequest());
        // photos uploaded in the multipart body are checked by content and kept with the request
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(20, 20,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", png);
        String withPhoto = mvc.perform(multipart(V2 + "/requests.json")
                        .file(new org.springframework.mock.web.MockMultipartFile("media", "a.png", "image/png",
                                png.toByteArray()))
                        .param("api_key", key).param("service_code", "OTHER").param("lat", areas.lat())
                        .param("long", areas.lon()).param("description", "带照片"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String photoId = withPhoto.replaceAll(".*\"service_request_id\":\"(\\d+)\".*", "$1");
        settled().perform(get(V2 + "/requests/" + photoId + ".json").param("extensions", "true"))
                .andExpect(jsonPath("$[0].extended_attributes.photo_count").value(1));
        // the photo went through intake: attached to the report like a staff photo, uploaded as this key's client
        var attachedPhoto = jdbc.sql("""
                        select p.id, p.uploaded_by, p.area_code from report_photo rp join photo p on p.id = rp.photo_id
                        where rp.report_id = ?""").param(Long.parseLong(photoId))
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).single();
        long keyId = jdbc.sql("select id from open311_api_key where name = ?").param(keyName).query(Long.class).single();
        assertThat(attachedPhoto.get(1)).isEqualTo("open311:" + keyId);
        assertThat(attachedPhoto.get(2)).startsWith(areas.county());
        long before = jdbc.sql("select count(*) from report").query(Long.class).single();
        mvc.perform(multipart(V2 + "/requests.xml")
                        .file(new org.springframework.mock.web.MockMultipartFile("media", "a.jpg", "image/jpeg",
                                "not a photo".getBytes()))
                        .param("api_key", key).param("service_code", "OTHER").param("lat", areas.lat())
                        .param("long", areas.lon()).param("description", "假照片"))
                .andExpect(status().isBadRequest()).andExpect(xpath("/errors/error/code").string("400"));
        assertThat(jdbc.sql("select count(*) from report").query(Long.class).single()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r5_unknownServiceIs404AndMissingServiceIs400(String fmt) throws Exception {
        mvc.perform(postAt(fmt, "NO-SUCH")).andExpect(status().isNotFound());
        mvc.perform(post(V2 + "/requests." + fmt).param("api_key", key).param("lat", "22.7").param("long", "112.9"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void r5_descriptionIsPlainTextUpToFourThousandCharacters() throws Exception {
        String long3000 = "井盖缺失。".repeat(600);
        String id = create(long3000);
        settled().perform(get(V2 + "/requests/" + id + ".json")).andExpect(jsonPath("$[0].description").value(long3000));
        // the whole description is in intake's report (no truncated copy there, no full copy here)
        String long4000 = "路灯坏了".repeat(1000);
        String full = create(long4000);
        assertThat(jdbc.sql("select description from report where id = ?").param(Long.parseLong(full))
                .query(String.class).single()).startsWith(long4000);
        assertThat(jdbc.sql("select description from open311_request where report_id = ?")
                .param(Long.parseLong(full)).query(String.class).optional().orElse(null)).isNull();
        settled().perform(get(V2 + "/requests/" + full + ".json")).andExpect(jsonPath("$[0].description").value(long4000));
        mvc.perform(postAt("json", "OTHER").param("description", "x".repeat(4001))).andExpect(status().isBadRequest());
    }

    // ---- 6 tokens ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r6_batchServicesAnswerWithATokenThatResolvesToAnId(String fmt) throws Exception {
        String body = mvc.perform(postAt("json", "DSP-NEIGHBOUR").param("description", "楼上漏水引发纠纷"))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].token").isString())
                .andExpect(jsonPath("$[0].service_request_id").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        String token = body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/tokens/" + token + ".json")).andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].token").value(token))
                    .andExpect(jsonPath("$[0].service_request_id").isString());
        } else {
            settled().perform(get(V2 + "/tokens/" + token + ".xml"))
                    .andExpect(xpath("/service_requests/request/token").string(token))
                    .andExpect(xpath("/service_requests/request/service_request_id").string(matchesPattern("\\d+")));
        }
        settled().perform(get(V2 + "/tokens/t-unknown." + fmt)).andExpect(status().isNotFound());
    }

    // ---- 7 GET requests ----

    @Test
    void r7_serviceRequestIdOverridesEveryOtherFilter() throws Exception {
        String a = create("覆盖过滤 A");
        String b = create("覆盖过滤 B");
        settled().perform(get(V2 + "/requests.json").param("service_request_id", a + "," + b)
                        .param("service_code", "HZD-FIRE").param("status", "closed")
                        .param("start_date", "2020-01-01T00:00:00Z").param("end_date", "2020-01-02T00:00:00Z"))
                .andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r7_filtersByServiceCodeDatesAndStatus(String fmt) throws Exception {
        String id = create("过滤测试 " + fmt);
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusMinutes(1).withNano(0).toString();
        String before = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(1).withNano(0).toString();
        String json = settled().perform(get(V2 + "/requests.json").param("service_code", "FAC-STREETLIGHT,OTHER")
                        .param("start_date", before).param("end_date", now).param("status", "open"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(json).contains("\"service_request_id\":\"" + id + "\"");
        String none = settled().perform(get(V2 + "/requests.json").param("service_code", "HZD-TRAFFIC")
                        .param("start_date", before))
                .andReturn().getResponse().getContentAsString();
        assertThat(none).doesNotContain("\"service_request_id\":\"" + id + "\"");
        String closed = settled().perform(get(V2 + "/requests.json").param("status", "closed"))
                .andReturn().getResponse().getContentAsString();
        assertThat(closed).doesNotContain("\"service_request_id\":\"" + id + "\"");
        settled().perform(get(V2 + "/requests." + fmt).param("status", "resolved")).andExpect(status().isBadRequest());
        String old = settled().perform(get(V2 + "/requests.json").param("start_date", "2020-01-01T00:00:00Z")
                        .param("end_date", "2020-02-01T00:00:00Z"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(old).isEqualTo("[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r7_theRangeMayNotExceedNinetyDays(String fmt) throws Exception {
        settled().perform(get(V2 + "/requests." + fmt).param("start_date", "2026-01-01T00:00:00+08:00")
                .param("end_date", "2026-05-01T00:00:00+08:00")).andExpect(status().isBadRequest());
    }

    @Test
    void r7_defaultVolumeIsTheLast90DaysCappedAtAThousandAndPagesAreAnExtension() throws Exception {
        String a = create("分页 A");
        create("分页 B");
        settled().perform(get(V2 + "/requests.json").param("page_size", "1")).andExpect(jsonPath("$", hasSize(1)));
        settled().perform(get(V2 + "/requests.json").param("page_size", "1").param("page", "2"))
                .andExpect(jsonPath("$", hasSize(1)));
        settled().perform(get(V2 + "/requests.json").param("page_size", "5000"))
                .andExpect(jsonPath("$.length()").value(org.hamcrest.Matchers.lessThanOrEqualTo(1000)));
        // an old report falls out of the default window
        jdbc.sql("update public_progress set received_at = now() - interval '120 days' where report_id = ?")
                .param(Long.parseLong(a)).update();
        String body = settled().perform(get(V2 + "/requests.json")).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("\"service_request_id\":\"" + a + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r7_everyFieldOfARequestIsPresent(String fmt) throws Exception {
        String id = create("字段齐全 " + fmt);
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/requests.json").param("service_request_id", id))
                    .andExpect(jsonPath("$[0].service_request_id").value(id))
                    .andExpect(jsonPath("$[0].status").value("open"))
                    .andExpect(jsonPath("$[0].status_notes").value("待受理"))
                    .andExpect(jsonPath("$[0].service_name").value("路灯损坏"))
                    .andExpect(jsonPath("$[0].service_code").value("FAC-STREETLIGHT"))
                    .andExpect(jsonPath("$[0].description").value("字段齐全 json"))
                    .andExpect(jsonPath("$[0].lat").value(Double.parseDouble(areas.lat())))
                    .andExpect(jsonPath("$[0].long").value(Double.parseDouble(areas.lon())))
                    .andExpect(jsonPath("$[0].address_id").value(areas.grid()))
                    .andExpect(jsonPath("$[0].expected_datetime").isString())
                    .andExpect(jsonPath("$[0].zipcode").value(nullValue()))
                    .andExpect(jsonPath("$[0]", org.hamcrest.Matchers.aMapWithSize(17)));
        } else {
            for (String f : List.of("service_request_id", "status", "status_notes", "service_name", "service_code",
                    "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                    "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")) {
                settled().perform(get(V2 + "/requests.xml").param("service_request_id", id))
                        .andExpect(xpath("/service_requests/request/" + f).exists());
            }
        }
    }

    // ---- 8 GET one ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r8_oneRequestIsStillAListOfOneAndUnknownIs404(String fmt) throws Exception {
        String id = create("单条 " + fmt);
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/requests/" + id + ".json")).andExpect(jsonPath("$", hasSize(1)))
                    .andExpect(jsonPath("$[0].service_request_id").value(id));
        } else {
            settled().perform(get(V2 + "/requests/" + id + ".xml"))
                    .andExpect(xpath("count(/service_requests/request)").number(1.0));
        }
        settled().perform(get(V2 + "/requests/999999999." + fmt)).andExpect(status().isNotFound());
        settled().perform(get(V2 + "/requests/abc." + fmt)).andExpect(status().isNotFound());
    }

    // ---- 9 gotchas ----

    @Test
    void r9_idsAreStringsAndXmlListsOfOneKeepTheirWrapper() throws Exception {
        String id = create("字符串编号");
        settled().perform(get(V2 + "/requests/" + id + ".json")).andExpect(jsonPath("$[0].service_request_id").isString())
                .andExpect(jsonPath("$[0].service_code").isString()).andExpect(jsonPath("$[0].address_id").isString());
        settled().perform(get(V2 + "/services/FAC-STREETLIGHT.xml"))
                .andExpect(xpath("count(/service_definition/attributes/attribute)").number(1.0));
        settled().perform(get(V2 + "/services/OTHER.json")).andExpect(jsonPath("$.attributes", hasSize(0)));
    }

    // ---- 10 / 11 extensions ----

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r10_extensionsCarryTheTimelineAndThePlatformState(String fmt) throws Exception {
        String id = create("扩展字段 " + fmt);
        long reportId = Long.parseLong(id);
        var view = areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Note("已安排电工明早维修", List.of(), true)),
                "INTAKE_CLERK");
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Note("内部:张三负责", List.of())), "INTAKE_CLERK");
        if (fmt.equals("json")) {
            String body = settled().perform(get(V2 + "/requests/" + id + ".json").param("extensions", "true"))
                    .andExpect(jsonPath("$[0].extended_attributes.channel").value("OPEN311"))
                    .andExpect(jsonPath("$[0].extended_attributes.platform_state").value("REGISTERED"))
                    .andExpect(jsonPath("$[0].notes[*].type", hasItem("ACCEPTED")))
                    .andExpect(jsonPath("$[0].notes[?(@.type=='NOTE')].description",
                            hasItem(containsString("已安排电工明早维修"))))
                    .andReturn().getResponse().getContentAsString();
            assertThat(body).doesNotContain("张三");
            settled().perform(get(V2 + "/requests/" + id + ".json")).andExpect(jsonPath("$[0].notes").doesNotExist());
        } else {
            settled().perform(get(V2 + "/requests/" + id + ".xml").param("extensions", "true"))
                    .andExpect(xpath("/service_requests/request/notes/note[type='ACCEPTED']").exists())
                    .andExpect(xpath("/service_requests/request/extended_attributes/channel").string("OPEN311"));
        }
        // closing makes v2's status closed
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Close("已修复")), "SHIFT_LEAD");
        settled().perform(get(V2 + "/requests/" + id + ".json")).andExpect(jsonPath("$[0].status").value("closed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "json"})
    void r10_serviceRequestUpdatesFeedCarriesThePlatformsOwnStates(String fmt) throws Exception {
        String id = create("更新订阅 " + fmt);
        long reportId = Long.parseLong(id);
        var view = areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Dispatch(areas.department(jdbc), List.of(),
                "请处理")), "DISPATCHER");
        String start = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10).withNano(0).toString();
        if (fmt.equals("json")) {
            settled().perform(get(V2 + "/servicerequestupdates.json").param("start_date", start))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[?(@.service_request_id=='" + id + "')].external_status_code",
                            hasItem("DISPATCHED")))
                    .andExpect(jsonPath("$[?(@.service_request_id=='" + id + "' && @.external_status_code=="
                            + "'DISPATCHED')].status", hasItem("ACTION_SCHEDULED")))
                    .andExpect(jsonPath("$[?(@.service_request_id=='" + id + "' && @.external_status_code=="
                            + "'DISPATCHED')].description", hasItem("桃源镇城管办")));
        } else {
            settled().perform(get(V2 + "/servicerequestupdates.xml").param("start_date", start))
                    .andExpect(xpath("/service_requests_updates/request_update[service_request_id='" + id
                            + "' and external_status_code='ACCEPTED']/update_id").exists());
        }
        // a client posts an update with its key; it shows in the feed and the notes
        String at = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString();
        mvc.perform(post(V2 + "/servicerequestupdates." + fmt).param("api_key", key).param("service_request_id", id)
                        .param("update_id", "fms-77").param("status", "OPEN").param("updated_datetime", at)
                        .param("description", "居民补充:晚上更严重"))
                .andExpect(status().isOk());
        settled().perform(get(V2 + "/requests/" + id + ".json").param("extensions", "true"))
                .andExpect(jsonPath("$[0].notes[?(@.type=='CLIENT_UPDATE')].description", hasItem("居民补充:晚上更严重")));
        // staff see it on the case timeline: an internal note attributed to the key's client
        var entry = areas.as(() -> cases.timeline(view.id()), "INTAKE_CLERK").stream()
                .filter(e -> e.action().equals("NOTE") && e.reason().contains("居民补充:晚上更严重")).findFirst()
                .orElseThrow();
        assertThat(entry.actor()).startsWith("open311:").contains(keyName);
        assertThat(entry.shownToPublic()).isFalse();
        mvc.perform(post(V2 + "/servicerequestupdates." + fmt).param("api_key", "bad").param("service_request_id", id)
                .param("status", "OPEN").param("updated_datetime", at)).andExpect(status().isForbidden());
        mvc.perform(post(V2 + "/servicerequestupdates." + fmt).param("api_key", key)
                .param("service_request_id", "999999999").param("status", "OPEN").param("updated_datetime", at))
                .andExpect(status().isNotFound());
    }

    @Nested
    class KeysAdministration {
        @Test
        void r11_onlyTheSystemAdministratorManagesKeysAndTheKeyIsStoredHashed() throws Exception {
            String page = mvc.perform(post("/admin/open311/keys").with(
                                    org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                            .csrf())
                            .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                    .authentication(areas.staff("SYSTEM_ADMIN")))
                            .param("name", "hotline-" + areas.county()))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            String secret = page.replaceAll("(?s).*id=\"issued-secret\">([^<]+)<.*", "$1");
            assertThat(secret).hasSizeGreaterThan(40);
            assertThat(jdbc.sql("select count(*) from open311_api_key where key_hash = ?").param(secret)
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from open311_api_key where key_hash = ?").param(ApiKeys.hash(secret))
                    .query(Long.class).single()).isEqualTo(1);
            settled().perform(get("/admin/open311/keys").with(
                            org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                    .authentication(areas.staff("INTAKE_CLERK"))))
                    .andExpect(status().isForbidden());
            settled().perform(get("/admin/open311/keys").with(
                            org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                    .authentication(areas.staff("SYSTEM_ADMIN"))))
                    .andExpect(status().isOk()).andExpect(content().string(containsString("hotline-" + areas.county())))
                    .andExpect(content().string(not(containsString(secret))));
        }
    }
}
