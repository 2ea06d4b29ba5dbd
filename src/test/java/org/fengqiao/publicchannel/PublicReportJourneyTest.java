package org.fengqiao.publicchannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.CaseView;
import org.fengqiao.geography.GridLocator;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The "done when": on a phone-sized screen a resident opens a door-plate code, reports with a photo, gets a
 * tracking code, watches the case move as staff handle it (accept, dispatch, sign, feed back, verify) and rates it.
 */
@IntegrationTest
class PublicReportJourneyTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;

    /** Earlier tests from the same address (the rate-limit tests, the fuzz test) must not use up this resident's limits. */
    @BeforeEach
    void freshPublicRateCounters() {
        jdbc.sql("delete from public_rate_counter").update();
    }
    @Autowired
    GridLocator locator;
    @Autowired
    PublicCodes codes;
    @Autowired
    CaseManagement cases;

    <T> T asHandler(TestUsers.User h, java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(h, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    static byte[] photo() throws Exception {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 640; x++) {
            for (int y = 0; y < 480; y++) {
                img.setRGB(x, y, (x * 255 / 640) << 16 | (y * 255 / 480) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    @Test
    void aResidentScansADoorPlateReportsWithAPhotoFollowsTheCaseAndRatesIt() throws Exception {
        TestAreas areas = TestAreas.create(jdbc, locator);
        codes.ensureCodes();
        PublicCode plate = codes.forTarget("BUILDING", areas.building1()).orElseThrow();
        long dept = areas.department(jdbc);
        long person = jdbc.sql("insert into person (name, area_code) values ('部门经办人', ?) returning id")
                .param(areas.county()).query(Long.class).single();
        jdbc.sql("insert into role_assignment (person_id, role, area_code, organisation_id) values (?, ?, ?, ?)")
                .params(person, "DEPARTMENT_HANDLER", areas.county(), dept).update();
        TestUsers.User handler = TestUsers.user("handler-" + areas.county()).person(person)
                .holding(Role.DEPARTMENT_HANDLER, areas.county(), dept).build();
        String base = "http://localhost:" + port;

        try (BrowserContext phone = Browsers.phone()) {
            Page page = phone.newPage();
            // 1 scan: the plate's QR code opens its report page
            Response opened = page.navigate(base + "/public/r/" + plate.code());
            assertThat(opened.status()).isEqualTo(200);
            assertThat(page.textContent("#place")).contains("越塘村1号楼");
            assertThat(opened.body().length).as("page weight of the report page").isLessThan(12_000);
            Browsers.screenshot(page, "public-report-phone");
            // 2 report with a photo
            page.check("#cat-FAC-STREETLIGHT");
            page.fill("#description", "1号楼门口路灯不亮,晚上很黑");
            page.setInputFiles("#photo", new FilePayload("lamp.jpg", "image/jpeg", photo()));
            page.fill("#phone", "13712345678");
            page.click("#submit-report");
            page.waitForURL("**/public/t/**");
            // 3 the tracking code
            String tracking = page.textContent("#tracking-code").strip();
            assertThat(tracking).matches("[0-9A-Z]{10}");
            assertThat(page.locator("#submitted").isVisible()).isTrue();
            assertThat(page.locator("#public-track img").count()).isEqualTo(1);
            assertThat(page.content()).doesNotContain("13712345678");
            Browsers.screenshot(page, "public-tracking-new-phone");
            long reportId = Long.parseLong(jdbc.sql("select report_ref from public_report where tracking_code = ?")
                    .param(tracking).query(String.class).single());

            // 4 staff act through the cases facade; the resident reloads and sees each step
            CaseView c = areas.as(() -> cases.accept(reportId, null, "受理"), "INTAKE_CLERK");
            org.fengqiao.support.Events.settle(jdbc); // the tracking page reads a read model fed by events
            page.reload();
            assertThat(page.locator("#timeline li[data-step=ACCEPTED]").count()).isEqualTo(1);
            areas.as(() -> cases.act(c.id(), null, new CaseCommand.Dispatch(dept, List.of(), "内部派单说明")),
                    "DISPATCHER");
            asHandler(handler, () -> cases.act(c.id(), null, new CaseCommand.Sign()));
            areas.as(() -> cases.act(c.id(), null, new CaseCommand.Note("电工已到现场,正在更换灯泡",
                    List.of(), true)), "INTAKE_CLERK");
            org.fengqiao.support.Events.settle(jdbc); // the tracking page reads a read model fed by events
            page.reload();
            assertThat(page.textContent("#timeline")).contains("已派遣至责任部门").contains("桃源镇城管办")
                    .contains("正在处置").contains("电工已到现场").doesNotContain("内部派单说明")
                    .doesNotContain(handler.username()).doesNotContain("staff-");
            assertThat(page.locator("#rate-form").count()).isZero();
            Browsers.screenshot(page, "public-tracking-progress-phone");
            asHandler(handler, () -> cases.act(c.id(), null, new CaseCommand.Feedback("已更换灯泡", List.of())));
            areas.as(() -> cases.act(c.id(), null, new CaseCommand.Verify(true, "现场核查,路灯已亮", List.of())),
                    "GRID_WORKER");
            org.fengqiao.support.Events.settle(jdbc); // the tracking page reads a read model fed by events
            page.reload();
            assertThat(page.getAttribute("#status", "data-open")).isEqualTo("false");
            assertThat(page.locator("#timeline li[data-step=CLOSED]").count()).isEqualTo(1);

            // 5 rate it, once
            page.check("#star-5");
            page.fill("#comment", "修得很快,谢谢");
            page.click("#send-rating");
            page.waitForURL("**rated**");
            assertThat(page.textContent("#my-rating")).contains("非常满意").contains("修得很快");
            assertThat(page.locator("#rate-form").count()).isZero();
            Browsers.screenshot(page, "public-tracking-rated-phone");
        }
        assertThat(jdbc.sql("select rating from public_report where report_ref = ?")
                .param(String.valueOf(jdbc.sql("select report_ref from public_report where public_code = ? "
                        + "order by id desc limit 1").param(plate.code()).query(String.class).single()))
                .query(Integer.class).single()).isEqualTo(5);
    }
}
