package org.fengqiao.publicchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.Indicators;
import org.fengqiao.geography.GridLocator;
import org.fengqiao.intake.PhotoRole;
import org.fengqiao.intake.Photos;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The public channels go through intake and cases for real: photos attached by intake (tied to the uploading
 * client), 4000-character descriptions, a public flag on notes instead of a text prefix, and the reporter's own
 * rating counted in 满意率 once per case.
 */
@IntegrationTest
class PublicChannelThroughIntakeTest {

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
    ReportIntake intake;
    @Autowired
    Photos photos;
    @Autowired
    Indicators indicators;

    TestAreas areas;
    String plate;
    String ip;

    @BeforeEach
    void setUp() {
        areas = TestAreas.create(jdbc, locator);
        codes.ensureCodes();
        plate = codes.forTarget("BUILDING", areas.building1()).orElseThrow().code();
        ip = "10.78." + ThreadLocalRandom.current().nextInt(255) + "." + ThreadLocalRandom.current().nextInt(255);
    }

    String submit(String description, byte[]... files) throws Exception {
        var b = multipart("/public/r/" + plate);
        for (byte[] f : files) {
            b.file(new MockMultipartFile("photo", "p.png", "image/png", f));
        }
        b.param("category", "ENV-DUMPING").param("description", description)
                .param("formId", UUID.randomUUID().toString()).with(csrf()).with(r -> {
                    r.setRemoteAddr(ip);
                    return r;
                });
        MvcResult r = mvc.perform(b).andExpect(status().is3xxRedirection()).andReturn();
        String location = r.getResponse().getRedirectedUrl();
        return location.substring("/public/t/".length(), location.indexOf('?'));
    }

    long reportOf(String tracking) {
        return Long.parseLong(jdbc.sql("select report_ref from public_report where tracking_code = ?")
                .param(tracking).query(String.class).single());
    }

    /** MockMvc after every event listener has run: reads of the public read models see what was just written. */
    MockMvc settled() {
        org.fengqiao.support.Events.settle(jdbc);
        return mvc;
    }

    @Test
    void publicPhotosAreAttachedByIntakeAndStaffSeeThem() throws Exception {
        String tracking = submit("门口堆了装修垃圾", PublicReportingTest.png());
        long reportId = reportOf(tracking);
        var row = jdbc.sql("""
                        select p.id, p.uploaded_by, p.area_code, rp.role from report_photo rp
                        join photo p on p.id = rp.photo_id where rp.report_id = ?""").param(reportId)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single();
        UUID photo = UUID.fromString(row.get(0));
        assertThat(row.get(1)).isEqualTo("qr:" + tracking);
        assertThat(row.get(2)).startsWith(areas.county());
        assertThat(row.get(3)).isEqualTo("EVIDENCE");
        // nothing new in the old link table
        assertThat(jdbc.sql("select count(*) from public_report_photo where photo_id = ?").param(photo)
                .query(Long.class).single()).isZero();
        // staff of the area see it on the report page, the case page and as a file
        settled().perform(get("/intake/reports/" + reportId).with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(status().isOk()).andExpect(content().string(containsString("/photos/" + photo)));
        var c = areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
        settled().perform(get("/cases/" + c.id()).with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(status().isOk()).andExpect(content().string(containsString("/photos/" + photo)));
        settled().perform(get("/photos/" + photo).with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(status().isOk()).andExpect(content().contentType("image/png"));
        // the reporter sees it with the tracking code; another code does not
        settled().perform(get("/public/t/" + tracking + "/photo/" + photo)).andExpect(status().isOk());
        String other = submit("另一处垃圾");
        settled().perform(get("/public/t/" + other + "/photo/" + photo)).andExpect(status().isNotFound());
    }

    @Test
    void aPublicClientCannotAttachSomeoneElsesPhoto() throws Exception {
        UUID mine = photos.uploadFor("open311:990001", PublicReportingTest.png()).id();
        UUID theirs = photos.uploadFor("qr:SOMEONEELSE", PublicReportingTest.png()).id();
        SubmitReport withTheirs = new SubmitReport(ReportChannel.OPEN311, "ENV-DUMPING", "借用别人的照片", null, null,
                areas.grid(), null, null, null, List.of(new SubmitReport.AttachedPhoto(theirs, PhotoRole.EVIDENCE)),
                false);
        assertThatThrownBy(() -> intake.submitPublic(withTheirs, null, "open311:990001"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not uploaded by this client");
        SubmitReport withMine = new SubmitReport(ReportChannel.OPEN311, "ENV-DUMPING", "自己的照片", null, null,
                areas.grid(), null, null, null, List.of(new SubmitReport.AttachedPhoto(mine, PhotoRole.EVIDENCE)),
                false);
        long id = intake.submitPublic(withMine, null, "open311:990001").report().id();
        assertThat(jdbc.sql("select photo_id from report_photo where report_id = ?").param(id).query(UUID.class)
                .list()).containsExactly(mine);
    }

    @Test
    void intakeTakesFourThousandCharacters() {
        String text = "描述".repeat(2000);
        SubmitReport r = new SubmitReport(ReportChannel.QR, "ENV-DUMPING", text, null, null, areas.grid(), null,
                null, null, List.of(), false);
        long id = intake.submitPublic(r, null, "qr:LONGTEXT01").report().id();
        assertThat(jdbc.sql("select description from report where id = ?").param(id).query(String.class).single())
                .isEqualTo(text);
        assertThatThrownBy(() -> new SubmitReport(ReportChannel.QR, "ENV-DUMPING", text + "x", null, null,
                areas.grid(), null, null, null, List.of(), false)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void onlyNotesFlaggedPublicReachTheTrackingPage() throws Exception {
        String tracking = submit("路灯不亮");
        long reportId = reportOf(tracking);
        var c = areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
        // the old prefix no longer makes a note public
        areas.as(() -> cases.act(c.id(), null, new CaseCommand.Note("【公开】内部电话13900001111", List.of())),
                "INTAKE_CLERK");
        // the case page form's checkbox
        mvc.perform(multipart("/cases/" + c.id() + "/act/NOTE").param("note", "电工明早到场").param("public", "true")
                        .with(csrf()).with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(status().is3xxRedirection());
        // the JSON command's "public" field, and an internal one without it
        mvc.perform(post("/api/cases/" + c.id() + "/note").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\":\"灯泡已订购\",\"public\":true}").with(csrf())
                        .with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(status().isOk());
        mvc.perform(post("/api/cases/" + c.id() + "/note").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\":\"内部:王五跟进\"}").with(csrf())
                        .with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(status().isOk());
        var timeline = areas.as(() -> cases.timeline(c.id()), "INTAKE_CLERK");
        assertThat(timeline.stream().filter(CaseManagement.TimelineEntry::shownToPublic)
                .map(CaseManagement.TimelineEntry::reason)).containsExactly("电工明早到场", "灯泡已订购");
        String page = settled().perform(get("/public/t/" + tracking)).andExpect(status().isOk())
                .andExpect(content().string(containsString("电工明早到场")))
                .andExpect(content().string(containsString("灯泡已订购")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("13900001111").doesNotContain("王五").doesNotContain("staff-");
        // staff see which notes are public on the case page
        settled().perform(get("/cases/" + c.id()).with(authentication(areas.staff("INTAKE_CLERK"))))
                .andExpect(content().string(containsString("public-note")))
                .andExpect(content().string(containsString("id=\"note-public\"")));
    }

    Indicators.Figures figures() {
        Instant now = Instant.now();
        return areas.as(() -> indicators.figures(new Indicators.Query(areas.county(), null, null,
                now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS))), "LEADER");
    }

    @Test
    void theReportersRatingCountsInSatisfactionOncePerCase() throws Exception {
        var before = figures();
        // a reporter rates a case nobody rated: it becomes the case's rating and counts
        String happy = submit("垃圾没人清");
        var c1 = areas.as(() -> cases.accept(reportOf(happy), null, "受理"), "INTAKE_CLERK");
        areas.as(() -> cases.act(c1.id(), null, new CaseCommand.Close("已清理")), "SHIFT_LEAD");
        org.fengqiao.support.Events.settle(jdbc);
        mvc.perform(post("/public/t/" + happy + "/rate").with(csrf()).param("rating", "5").param("comment", "满意"))
                .andExpect(status().is3xxRedirection());
        var after = figures();
        assertThat(after.ratings()).isEqualTo(before.ratings() + 1);
        assertThat(after.satisfied()).isEqualTo(before.satisfied() + 1);
        assertThat(jdbc.sql("select rating from case_file where id = ?").param(c1.id()).query(String.class).single())
                .isEqualTo("SATISFIED");
        // staff can no longer rate it: once per case
        assertThatThrownBy(() -> areas.as(() -> cases.act(c1.id(), null, new CaseCommand.Rate("DISSATISFIED", "回访")),
                "INTAKE_CLERK")).isInstanceOf(ConflictException.class);
        // a dissatisfied reporter on another case lowers the rate
        String unhappy = submit("噪音扰民");
        var c2 = areas.as(() -> cases.accept(reportOf(unhappy), null, "受理"), "INTAKE_CLERK");
        areas.as(() -> cases.act(c2.id(), null, new CaseCommand.Close("已处理")), "SHIFT_LEAD");
        org.fengqiao.support.Events.settle(jdbc);
        mvc.perform(post("/public/t/" + unhappy + "/rate").with(csrf()).param("rating", "1"))
                .andExpect(status().is3xxRedirection());
        var later = figures();
        assertThat(later.ratings()).isEqualTo(after.ratings() + 1);
        assertThat(later.satisfied()).isEqualTo(after.satisfied());
        // when staff recorded the callback first, the reporter's rating does not count again
        String called = submit("井盖松动");
        var c3 = areas.as(() -> cases.accept(reportOf(called), null, "受理"), "INTAKE_CLERK");
        areas.as(() -> cases.act(c3.id(), null, new CaseCommand.Close("已处理")), "SHIFT_LEAD");
        areas.as(() -> cases.act(c3.id(), null, new CaseCommand.Rate("SATISFIED", "电话回访")), "INTAKE_CLERK");
        var rated = figures();
        org.fengqiao.support.Events.settle(jdbc);
        mvc.perform(post("/public/t/" + called + "/rate").with(csrf()).param("rating", "2"))
                .andExpect(status().is3xxRedirection());
        var end = figures();
        assertThat(end.ratings()).isEqualTo(rated.ratings());
        assertThat(end.satisfied()).isEqualTo(rated.satisfied());
        assertThat(jdbc.sql("select rating from case_file where id = ?").param(c3.id()).query(String.class).single())
                .isEqualTo("SATISFIED");
        // the indicators page of this (fresh) county: two reporters' ratings and one callback, two satisfied
        assertThat(before.ratings()).isZero();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        settled().perform(get("/cases/indicators").param("area", areas.county())
                        .param("from", today.minusDays(1).toString()).param("to", today.plusDays(1).toString())
                        .with(authentication(areas.staff("LEADER"))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"ind-satisfactionRate\">66.67%<")));
    }
}
