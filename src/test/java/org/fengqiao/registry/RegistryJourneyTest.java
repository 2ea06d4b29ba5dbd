package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The registry in a real browser: the building leader's phone, unmasking with a reason, the auditor's view. */
@IntegrationTest
class RegistryJourneyTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Rooms rooms;
    @Autowired
    org.fengqiao.geography.AreaDirectory areas;

    static final org.fengqiao.support.TestUsers.User GRID_A = org.fengqiao.support.TestUsers.with("journey.grid-a",
            org.fengqiao.platform.Role.GRID_WORKER, org.fengqiao.demo.DemoAccounts.GRID_A_CODE);

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void aBuildingLeaderUpdatesAHouseholdFromAPhone() {
        try (BrowserContext phone = Browsers.phone()) {
            Page page = Browsers.signIn(phone, base(), "leader.building");
            page.navigate(base() + "/registry/mine");
            assertThat(page.locator(".household-card").count()).isGreaterThan(0);
            Browsers.screenshot(page, "registry-building-leader-phone");
            page.locator(".household-card h3 a").first().click();
            page.waitForSelector("#registry-household");
            String url = page.url();
            long household = Long.parseLong(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\D.*", ""));
            // a note in the notebook
            page.fill("#note-body", "三楼住户老人腿脚不便，停电时需上门帮助。");
            page.click("#note-submit");
            page.waitForSelector("#note-list");
            assertThat(page.textContent("#note-list")).contains("三楼住户老人腿脚不便");
            // the contact phone changes: the page shows it masked, the database holds it encrypted
            page.fill("#household-phone-input", "13622223333");
            page.click("#household-save");
            page.waitForSelector(".notice");
            assertThat(page.textContent("#household-phone")).isEqualTo("136****3333");
            // a new member moves in (a grandchild, no ID number yet)
            page.locator("#member-form .r-name").fill("陈小宝");
            page.locator("#member-form .r-rel").selectOption("40");
            page.click("#member-submit");
            page.waitForSelector("#member-table");
            assertThat(page.textContent("#member-table")).contains("陈小宝").contains("孙子女");
            Browsers.screenshot(page, "registry-household-phone");
            assertThat(jdbc.sql("select phone_masked from registry_household where id = ?").param(household)
                    .query(String.class).single()).isEqualTo("136****3333");
            assertThat(jdbc.sql("select count(*) from audit_event where actor = 'leader.building'"
                    + " and target = ? and action = 'REGISTRY_HOUSEHOLD_NOTE'").param("household:" + household)
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void aLeaderUnmasksAResidentWithAReasonAndTheAuditorSeesTheRecord() {
        long resident = jdbc.sql("""
                        select id from registry_resident where area_code like '440784001%' and id_number_enc is not null
                          and moved_out_at is null order by id limit 1""").query(Long.class).single();
        String reason = "核实低保复核材料 " + System.nanoTime();
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "shaping.leader");
            page.navigate(base() + "/registry/residents/" + resident);
            String masked = page.textContent("#id-number");
            assertThat(masked).contains("**********");
            page.fill("#unmask-reason", reason);
            page.click("#unmask-submit");
            page.waitForSelector("#registry-resident .notice");
            assertThat(page.textContent("#id-number")).doesNotContain("*").hasSize(18);
        }
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "auditor");
            page.navigate(base() + "/audit?action=REGISTRY_UNMASK&actor=shaping.leader");
            assertThat(page.textContent("#audit-table")).contains(reason).contains("resident:" + resident);
            Browsers.screenshot(page, "registry-unmask-audit");
        }
    }

    @Test
    void anOfficerImportsAWorkbookWithErrorsDownloadsTheReportFixesItAndImportsAgain() throws Exception {
        String building = jdbc.sql("select min(area_code) from registry_room where area_code like ? and building_code"
                + " is not null").param(org.fengqiao.demo.DemoAccounts.GRID_A_CODE + "%").query(String.class).single();
        String room = "J" + System.nanoTime() % 1_000_000;
        String id = RegistryTest.newId(1979, true);
        String bad = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        rows.add(Workbooks.row(building, room, "A", "旅程户主", bad, "户主", "户籍人口"));
        rows.add(Workbooks.row(building, room, "A", "旅程配偶", null, "配偶", "户籍人口"));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("journey");
        java.nio.file.Path broken = java.nio.file.Files.write(dir.resolve("住户.xlsx"), Workbooks.households(rows));
        try (BrowserContext desktop = Browsers.chromium().newContext(new com.microsoft.playwright.Browser
                .NewContextOptions().setViewportSize(1280, 900).setLocale("zh-CN").setAcceptDownloads(true))) {
            Page page = Browsers.signIn(desktop, base(), "grid.a");
            page.navigate(base() + "/registry/imports");
            com.microsoft.playwright.Download template = page.waitForDownload(() -> page.click("#template-link"));
            assertThat(template.suggestedFilename()).endsWith(".xlsx");
            page.setInputFiles("#import-file", broken);
            page.click("#import-submit");
            page.waitForSelector("#import-status[data-status='VALIDATED']",
                    new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.textContent("#rows-invalid")).isEqualTo("1");
            Browsers.screenshot(page, "registry-import-errors");
            com.microsoft.playwright.Download report = page.waitForDownload(() -> page.click("#error-report"));
            byte[] xlsx = java.nio.file.Files.readAllBytes(report.path());
            java.util.List<String[]> lines = Workbooks.errorLines(xlsx);
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()[1]).isEqualTo("2");
            assertThat(lines.getFirst()[2]).isEqualTo("公民身份号码");
            assertThat(lines.getFirst()[4]).isEqualTo(bad);
            // the officer corrects the ID number and uploads again: everything is imported
            rows.set(0, Workbooks.row(building, room, "A", "旅程户主", id, "户主", "户籍人口"));
            java.nio.file.Path fixed = java.nio.file.Files.write(dir.resolve("住户-修正.xlsx"),
                    Workbooks.households(rows));
            page.navigate(base() + "/registry/imports");
            page.setInputFiles("#import-file", fixed);
            page.click("#import-submit");
            page.waitForSelector("#import-status[data-status='DONE']",
                    new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.textContent("#rows-imported")).isEqualTo("2");
        }
        assertThat(jdbc.sql("select count(*) from registry_resident where name in ('旅程户主', '旅程配偶')")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anOfficerChoosesRentalHousingImportsAWorkbookWithAnErrorFixesItAndImportsAgain() throws Exception {
        record Room(long id, String areaCode, String unit, String room) {
        }
        // a room of its own, with no rental yet: earlier runs on the same database rent the demo's rooms out
        String building = areas.atLevel("BUILDING", org.fengqiao.platform.DataScope.of(
                org.fengqiao.demo.DemoAccounts.GRID_A_CODE)).getFirst().code();
        long roomId = GRID_A.call(() -> rooms.register(new Rooms.RoomInput(building, "9", 9,
                "旅程" + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000), null, null)));
        Room room = jdbc.sql("select r.id, r.area_code, r.unit, r.room from registry_room r where r.id = ?")
                .param(roomId).query(Room.class).single();
        String[] row = new String[RentalSheet.HEADERS.length];
        row[RentalSheet.AREA] = room.areaCode();
        row[RentalSheet.UNIT] = room.unit();
        row[RentalSheet.ROOM] = room.room();
        row[RentalSheet.LNAME] = "旅程房东";
        row[RentalSheet.LPHONE] = "1234";
        row[RentalSheet.KIND] = "合租";
        row[RentalSheet.BEDS] = "6";
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("journey-rentals");
        java.nio.file.Path broken = java.nio.file.Files.write(dir.resolve("出租屋.xlsx"),
                Workbooks.sheet(RentalSheet.SHEET, RentalSheet.HEADERS, java.util.List.<String[]>of(row)));
        try (BrowserContext desktop = Browsers.chromium().newContext(new com.microsoft.playwright.Browser
                .NewContextOptions().setViewportSize(1280, 900).setLocale("zh-CN").setAcceptDownloads(true))) {
            Page page = Browsers.signIn(desktop, base(), "grid.a");
            page.navigate(base() + "/registry/rentals");
            page.click("#rental-import-link");
            page.waitForSelector("#import-form");
            assertThat(page.inputValue("#import-kind")).isEqualTo("RENTALS");
            com.microsoft.playwright.Download template = page.waitForDownload(
                    () -> page.click("#template-link-rentals"));
            try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(template.path().toFile())) {
                assertThat(wb.getFirstSheet().getName()).isEqualTo(RentalSheet.SHEET);
            }
            page.setInputFiles("#import-file", broken);
            page.click("#import-submit");
            page.waitForSelector("#import-status[data-status='VALIDATED']",
                    new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.textContent("#job-kind")).isEqualTo("出租屋");
            com.microsoft.playwright.Download report = page.waitForDownload(() -> page.click("#error-report"));
            java.util.List<String[]> lines = Workbooks.errorLines(java.nio.file.Files.readAllBytes(report.path()));
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()[0]).isEqualTo("出租屋");
            assertThat(lines.getFirst()[2]).isEqualTo("房东联系电话");
            assertThat(lines.getFirst()[4]).isEqualTo("1234");
            row[RentalSheet.LPHONE] = "13712345678";
            java.nio.file.Path fixed = java.nio.file.Files.write(dir.resolve("出租屋-修正.xlsx"),
                    Workbooks.sheet(RentalSheet.SHEET, RentalSheet.HEADERS, java.util.List.<String[]>of(row)));
            page.navigate(base() + "/registry/imports");
            page.selectOption("#import-kind", "RENTALS");
            page.setInputFiles("#import-file", fixed);
            page.click("#import-submit");
            page.waitForSelector("#import-status[data-status='DONE']",
                    new Page.WaitForSelectorOptions().setTimeout(30_000));
            assertThat(page.textContent("#rows-imported")).isEqualTo("1");
            Browsers.screenshot(page, "registry-import-rentals");
        }
        assertThat(jdbc.sql("select landlord_phone_masked from registry_rental where room_id = ? and ended_at is null")
                .param(room.id()).query(String.class).single()).isEqualTo("137****5678");
    }

    @Test
    void aTenantRegistersByTheDoorPlateCodeAndStaffConfirm() {
        // a building of grid A with let rooms, and its door plate's public code
        String building = jdbc.sql("""
                        select min(area_code) from registry_room where use_kind = 'RENTAL' and building_code is not null
                          and area_code like ?""").param(org.fengqiao.demo.DemoAccounts.GRID_A_CODE + "%")
                .query(String.class).single();
        String plate = jdbc.sql("select code from public_code where target_kind = 'BUILDING' and target_ref = ?")
                .param(building).query(String.class).single();
        String id = RegistryTest.newId(1996, false);
        try (BrowserContext phone = Browsers.phone()) {
            Page page = phone.newPage();
            page.navigate(base() + "/public/r/" + plate);
            page.click(".plate-link a");
            page.waitForSelector("#tenant-form");
            Browsers.screenshot(page, "registry-tenant-form-phone");
            page.fill("#tenant-name", "扫码租客");
            page.fill("#tenant-id", id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1'));
            page.fill("#tenant-phone", "13512345678");
            page.click("#tenant-submit");
            assertThat(page.textContent("#tenant-error")).contains("身份证");
            page.fill("#tenant-id", id);
            page.fill("#tenant-phone", "13512345678");
            page.click("#tenant-submit");
            page.waitForSelector("#tenant-receipt");
            assertThat(page.textContent("#tenant-status")).contains("等待");
        }
        long application = jdbc.sql("select id from registry_tenant_application where name = '扫码租客'"
                + " and status = 'PENDING'").query(Long.class).single();
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "grid.a");
            page.navigate(base() + "/registry/tenants");
            page.locator(".tenant-application[data-id='" + application + "'] .tenant-confirm").click();
            page.waitForSelector("#registry-resident");
            assertThat(page.textContent("h1")).contains("扫码租客").contains("流动人口");
            assertThat(page.textContent("#id-number")).contains("**********");
        }
        assertThat(jdbc.sql("select status from registry_tenant_application where id = ?").param(application)
                .query(String.class).single()).isEqualTo("CONFIRMED");
        assertThat(jdbc.sql("""
                        select h.kind from registry_resident p join registry_household h on h.id = p.household_id
                        where p.name = '扫码租客' and p.moved_out_at is null""").query(String.class).single())
                .isEqualTo("TENANT");
    }

    @Test
    void aReportFiledFromARoomsDoorPlateIsLinkedToTheHouseholdWithoutTypingIt() {
        // a room of grid A with exactly one household, and the code on its door plate
        record Target(long roomId, long householdId, String doorPlate) {
        }
        Target t = jdbc.sql("""
                        select r.id as room_id, min(h.id) as household_id, r.door_plate from registry_room r
                        join registry_household h on h.room_id = r.id and h.ended_at is null
                        where r.area_code like ? and r.building_code is not null
                        group by r.id, r.door_plate having count(*) = 1 order by r.id limit 1""")
                .param(org.fengqiao.demo.DemoAccounts.GRID_A_CODE + "%").query(Target.class).single();
        String plate = jdbc.sql("select code from public_code where target_kind = 'ROOM' and target_ref = ?")
                .param(String.valueOf(t.roomId())).query(String.class).single();
        String tracking;
        try (BrowserContext phone = Browsers.phone()) {
            Page page = phone.newPage();
            page.navigate(base() + "/public/r/" + plate);
            assertThat(page.textContent("#place")).contains(t.doorPlate());
            page.check("#cat-FAC-STREETLIGHT");
            page.fill("#description", "楼道灯坏了，老人晚上下楼不安全");
            page.click("#submit-report");
            page.waitForURL("**/public/t/**");
            tracking = page.textContent("#tracking-code").strip();
        }
        long reportId = Long.parseLong(jdbc.sql("select report_ref from public_report where tracking_code = ?")
                .param(tracking).query(String.class).single());
        assertThat(jdbc.sql("select subject_kind || ':' || subject_ref from report where id = ?").param(reportId)
                .query(String.class).single()).isEqualTo("HOUSEHOLD:" + t.householdId());
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "grid.a");
            page.navigate(base() + "/intake/reports/" + reportId);
            assertThat(page.textContent("#report-subject")).contains("住户").contains(t.doorPlate());
            page.click("#report-subject");
            page.waitForSelector("#registry-household");
            assertThat(page.url()).endsWith("/registry/households/" + t.householdId());
            Browsers.screenshot(page, "registry-report-linked-household");
        }
    }
}
