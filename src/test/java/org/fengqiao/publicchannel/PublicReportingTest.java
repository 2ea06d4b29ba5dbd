package org.fengqiao.publicchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;

import jakarta.servlet.http.Cookie;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.geography.GridLocator;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

@IntegrationTest
class PublicReportingTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PublicCodes codes;
    @Autowired
    CaseManagement cases;
    @Autowired
    GridLocator locator;
    @Autowired
    RateLimits limits;
    @Autowired
    PublicReports reports;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    TestAreas areas;
    String plate;
    String ip;

    @BeforeEach
    void setUp() {
        areas = TestAreas.create(jdbc, locator);
        codes.ensureCodes();
        plate = codes.forTarget("BUILDING", areas.building1()).orElseThrow().code();
        ip = "10.77." + ThreadLocalRandom.current().nextInt(255) + "." + ThreadLocalRandom.current().nextInt(255);
    }

    static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(5, 5, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    MockMultipartHttpServletRequestBuilder report(String description) {
        return report(description, UUID.randomUUID().toString());
    }

    MockMultipartHttpServletRequestBuilder report(String description, String formId) {
        MockMultipartHttpServletRequestBuilder b = multipart("/public/r/" + plate);
        b.param("category", "ENV-DUMPING").param("description", description).param("formId", formId);
        b.with(csrf()).with(r -> {
            r.setRemoteAddr(ip);
            return r;
        });
        return b;
    }

    String trackingOf(MvcResult r) {
        String location = r.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/public/t/");
        return location.substring("/public/t/".length(), location.indexOf('?'));
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** MockMvc after every event listener has run: reads of the public read models see what was just written. */
    MockMvc settled() {
        org.fengqiao.support.Events.settle(jdbc);
        return mvc;
    }

    @Test
    void theQrPageIsSmallAndNamesThePlace() throws Exception {
        String html = settled().perform(get("/public/r/" + plate.toLowerCase())).andExpect(status().isOk())
                .andExpect(content().string(containsString("越塘村1号楼")))
                .andExpect(content().string(containsString("乱堆乱放")))
                .andExpect(content().string(not(containsString("htmx"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(12_000);
        settled().perform(get("/public/r/ZZZZZZZZZZ")).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("该二维码不存在")));
        settled().perform(get("/public")).andExpect(status().isOk());
        // a resident coming back after their session expired is not sent to the staff login
        settled().perform(get("/public/r/" + plate).with(r -> {
            r.setRequestedSessionId("stale");
            r.setRequestedSessionIdValid(false);
            return r;
        })).andExpect(status().is3xxRedirection()).andExpect(header().string("Location", "/public/r/" + plate));
        // staff pages still send an expired session to the login page
        settled().perform(get("/channels/codes").with(r -> {
            r.setRequestedSessionId("stale");
            r.setRequestedSessionIdValid(false);
            return r;
        })).andExpect(status().is3xxRedirection()).andExpect(header().string("Location", "/login?expired"));
    }

    /**
     * The resident is redirected to the tracking page the moment the report is taken: it must show the report then,
     * not only once the event listeners have caught up (under load they are seconds behind). Checked inside the
     * submitting transaction, where no listener can have run yet.
     */
    @Test
    void theTrackingPageKnowsAReportBeforeAnyListenerRan() {
        var tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        PublicReports.Tracked t = tx.execute(status -> {
            PublicReports.Receipt receipt = reports.submit(new PublicReports.Form(plate, "ENV-DUMPING",
                            "单元门口堆了旧家具", null, null, null, UUID.randomUUID().toString(), null, null),
                    List.of(), new PublicReports.Caller(ip, null));
            return reports.track(receipt.trackingCode()).orElseThrow();
        });
        assertThat(t.progress().description()).isEqualTo("单元门口堆了旧家具");
        assertThat(t.progress().open()).isTrue();
        assertThat(t.progress().steps()).extracting(PublicProgress.Step::code).containsExactly("RECEIVED");
        // the event's write, when it comes, changes nothing and adds no second step
        org.fengqiao.support.Events.settle(jdbc);
        PublicReports.Tracked after = reports.track(t.trackingCode()).orElseThrow();
        assertThat(after.progress().steps()).extracting(PublicProgress.Step::code).containsExactly("RECEIVED");
        assertThat(after.progress().receivedAt()).isEqualTo(t.progress().receivedAt());
    }

    @Test
    void aResidentReportsWithAPhotoAndGetsATrackingCode() throws Exception {
        MvcResult r = mvc.perform(report("楼下垃圾堆了三天")
                        .file(new MockMultipartFile("photo", "a.png", "image/png", png()))
                        .param("phone", "13812345678"))
                .andExpect(status().is3xxRedirection()).andReturn();
        String tracking = trackingOf(r);
        var row = jdbc.sql("""
                        select r.channel, r.area_code, r.reporter_phone_masked, r.reporter_phone_enc is not null as enc,
                               r.address from report r join public_report p on p.report_ref = r.id::text
                        where p.tracking_code = ?""")
                .param(tracking).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))).single();
        assertThat(row.get(0)).isEqualTo("QR");
        assertThat(row.get(1)).isEqualTo(areas.building1());
        assertThat(row.get(2)).isEqualTo("138****5678");
        assertThat(row.get(3)).isEqualTo("t");
        assertThat(row.get(4)).contains("越塘村1号楼");
        String page = settled().perform(get("/public/t/" + tracking)).andExpect(status().isOk())
                .andExpect(content().string(containsString(tracking)))
                .andExpect(content().string(containsString("楼下垃圾堆了三天")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("13812345678").doesNotContain("138****5678");
        UUID photo = jdbc.sql("""
                        select ph.photo_id from report_photo ph join public_report p on p.report_ref = ph.report_id::text
                        where p.tracking_code = ?""").param(tracking).query(UUID.class).single();
        settled().perform(get("/public/t/" + tracking + "/photo/" + photo)).andExpect(status().isOk())
                .andExpect(content().contentType("image/png"));
        settled().perform(get("/public/t/AAAAAAAAAA/photo/" + photo)).andExpect(status().isNotFound());
    }

    @Test
    void badInputGetsAClearMessageAndNothingIsHalfSaved() throws Exception {
        long reports = count("report");
        long publicReports = count("public_report");
        long photos = count("photo");
        mvc.perform(report("这是一张假照片").file(new MockMultipartFile("photo", "x.jpg", "image/jpeg",
                        "not an image at all".getBytes())))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("JPEG")))
                .andExpect(content().string(containsString("这是一张假照片")));
        mvc.perform(report("").file(new MockMultipartFile("photo", "a.png", "image/png", png())))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("请描述")));
        mvc.perform(report("类型不对").param("category", "DSP-LABOUR"))
                .andExpect(status().isBadRequest());
        mvc.perform(report("四张照片").file(new MockMultipartFile("photo", "1.png", "image/png", png()))
                        .file(new MockMultipartFile("photo", "2.png", "image/png", png()))
                        .file(new MockMultipartFile("photo", "3.png", "image/png", png()))
                        .file(new MockMultipartFile("photo", "4.png", "image/png", png())))
                .andExpect(status().isBadRequest());
        mvc.perform(report("手机号不对").param("phone", "12345")).andExpect(status().isBadRequest());
        assertThat(count("report")).isEqualTo(reports);
        assertThat(count("public_report")).isEqualTo(publicReports);
        assertThat(count("photo")).isEqualTo(photos);
        // the public HTML form keeps CSRF protection: without the token it is refused (sent back to the form), not saved
        String to = mvc.perform(multipart("/public/r/" + plate).param("category", "OTHER").param("description", "无令牌"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(to).isEqualTo("/public/r/" + plate);
        assertThat(count("report")).isEqualTo(reports);
    }

    @Test
    void withoutAPlateThePositionLocatesTheReport() throws Exception {
        MvcResult r = mvc.perform(multipart("/public/report").param("category", "FAC-FITNESS")
                        .param("description", "健身器材坏了").param("lon", areas.lon()).param("lat", areas.lat())
                        .param("formId", UUID.randomUUID().toString()).with(csrf()).with(req -> {
                            req.setRemoteAddr(ip);
                            return req;
                        }))
                .andExpect(status().is3xxRedirection()).andReturn();
        String tracking = trackingOf(r);
        assertThat(jdbc.sql("select area_code from public_report where tracking_code = ?").param(tracking)
                .query(String.class).single()).isEqualTo(areas.grid());
        mvc.perform(multipart("/public/report").param("category", "FAC-FITNESS").param("description", "没有位置")
                        .with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("在地图上选点")));
    }

    @Test
    void aDoubleSubmitOfTheSameFormMakesOneReport() throws Exception {
        String formId = UUID.randomUUID().toString();
        String a = trackingOf(mvc.perform(report("重复提交", formId)).andReturn());
        long before = count("report");
        String b = trackingOf(mvc.perform(report("重复提交", formId)).andReturn());
        assertThat(b).isEqualTo(a);
        assertThat(count("report")).isEqualTo(before);
    }

    @Test
    void nearTheLimitAChallengeIsAskedAndPastItRequestsAreRefused() throws Exception {
        for (int i = 0; i < RateLimits.REPORTS_PER_IP.soft(); i++) {
            mvc.perform(report("限流 " + i)).andExpect(status().is3xxRedirection());
        }
        String page = mvc.perform(report("需要验证")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("小算术题")))
                .andReturn().getResponse().getContentAsString();
        String token = page.replaceAll("(?s).*name=\"challengeToken\" value=\"([^\"]+)\".*", "$1");
        String question = page.replaceAll("(?s).*请先回答:(\\d+) \\+ (\\d+) = \\?.*", "$1+$2");
        int answer = Integer.parseInt(question.split("\\+")[0]) + Integer.parseInt(question.split("\\+")[1]);
        mvc.perform(report("答错了").param("challengeToken", token).param("challengeAnswer", String.valueOf(answer + 1)))
                .andExpect(status().isBadRequest());
        for (int i = RateLimits.REPORTS_PER_IP.soft(); i < RateLimits.REPORTS_PER_IP.hard(); i++) {
            mvc.perform(report("答对了 " + i).param("challengeToken", token)
                    .param("challengeAnswer", String.valueOf(answer))).andExpect(status().is3xxRedirection());
        }
        mvc.perform(report("超限").param("challengeToken", token).param("challengeAnswer", String.valueOf(answer)))
                .andExpect(status().isTooManyRequests()).andExpect(content().string(containsString("过于频繁")));
        // a forged token does not pass
        assertThat(limits.solved(token.substring(0, token.indexOf('.')) + ".00ff", String.valueOf(answer))).isFalse();
    }

    @Test
    void trackingShowsOnlyThePublicTimelineAndRatingIsOnceAfterClosure() throws Exception {
        String tracking = trackingOf(mvc.perform(report("路灯坏了")).andReturn());
        long reportId = Long.parseLong(jdbc.sql("select report_ref from public_report where tracking_code = ?")
                .param(tracking).query(String.class).single());
        var view = areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Note("内部:李四手机13900000000", List.of())),
                "INTAKE_CLERK");
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Note("明天上午清理", List.of(), true)),
                "INTAKE_CLERK");
        org.fengqiao.support.Events.settle(jdbc);
        mvc.perform(post("/public/t/" + tracking + "/rate").with(csrf()).param("rating", "5"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("办结后")));
        String page = settled().perform(get("/public/t/" + tracking)).andExpect(status().isOk())
                .andExpect(content().string(containsString("明天上午清理")))
                .andExpect(content().string(containsString("已立案受理")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("李四").doesNotContain("13900000000").doesNotContain("staff-")
                .doesNotContain("rate-form");
        areas.as(() -> cases.act(view.id(), null, new CaseCommand.Close("已清理")), "SHIFT_LEAD");
        settled().perform(get("/public/t/" + tracking)).andExpect(content().string(containsString("rate-form")))
                .andExpect(content().string(containsString("已办结")));
        org.fengqiao.support.Events.settle(jdbc);
        mvc.perform(post("/public/t/" + tracking + "/rate").with(csrf()).param("rating", "4").param("comment", "很快"))
                .andExpect(status().is3xxRedirection());
        org.fengqiao.support.Events.settle(jdbc);
        mvc.perform(post("/public/t/" + tracking + "/rate").with(csrf()).param("rating", "1"))
                .andExpect(status().isConflict());
        settled().perform(get("/public/t/" + tracking)).andExpect(content().string(containsString("很快")))
                .andExpect(content().string(not(containsString("rate-form"))));
        assertThat(jdbc.sql("select rating from public_report where tracking_code = ?").param(tracking)
                .query(Integer.class).single()).isEqualTo(4);
        settled().perform(get("/public/t/NOSUCHCODE")).andExpect(status().isNotFound());
    }

    @Test
    void volunteersSignInWithPhoneAndPinAndSeeTheirReportsAndPoints() throws Exception {
        String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String page = mvc.perform(post("/channels/volunteers").with(csrf())
                        .with(authentication(areas.staff("INTAKE_CLERK")))
                        .param("name", "骑手王五").param("kind", "RIDER").param("phone", phone)
                        .param("areaCode", areas.village()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String pin = page.replaceAll("(?s).*id=\"pin\">(\\d{6})<.*", "$1");
        assertThat(page).doesNotContain(phone).contains(phone.substring(0, 3) + "****" + phone.substring(7));
        mvc.perform(post("/public/v/login").with(csrf()).param("phone", phone).param("pin", "000000".equals(pin)
                ? "111111" : "000000")).andExpect(status().isBadRequest());
        MvcResult login = mvc.perform(post("/public/v/login").with(csrf()).param("phone", phone).param("pin", pin))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", "/public/v")).andReturn();
        String cookie = login.getResponse().getHeader("Set-Cookie").replaceAll("^FQ_VOL=([^;]+);.*", "$1");
        Cookie vol = new Cookie("FQ_VOL", cookie);
        String tracking = trackingOf(mvc.perform(report("骑手上报:井盖缺失").cookie(vol)).andReturn());
        long reportId = Long.parseLong(jdbc.sql("select report_ref from public_report where tracking_code = ?")
                .param(tracking).query(String.class).single());
        assertThat(jdbc.sql("select reporter_phone_masked from report where id = ?").param(reportId)
                .query(String.class).single()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
        settled().perform(get("/public/v").cookie(vol)).andExpect(status().isOk())
                .andExpect(content().string(containsString(tracking)))
                .andExpect(content().string(containsString("id=\"points\">10<")));
        settled().perform(get("/public/v").cookie(new Cookie("FQ_VOL", cookie + "x"))).andExpect(status().is3xxRedirection());
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/public/v/login").with(csrf()).param("phone", phone).param("pin", "99999" + i));
        }
        mvc.perform(post("/public/v/login").with(csrf()).param("phone", phone).param("pin", pin))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("15")));
    }
}
