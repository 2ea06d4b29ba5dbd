package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Spreadsheet imports of rental housing and enterprises through the same background jobs as households: every error
 * kind named in the error report, nothing imported while a row fails, only the good rows when the user chooses so,
 * a row outside the importer's area refused, a re-import reporting duplicates against the registry, landlord numbers
 * stored encrypted with their blind index; and the rentals export, masked and watermarked.
 */
@IntegrationTest
class RentalEnterpriseImportTest {

    @Autowired
    RegistryImports imports;
    @Autowired
    RegistryExports exports;
    @Autowired
    ImportRunner runner;
    @Autowired
    AreaDirectory areas;
    @Autowired
    Rooms rooms;
    @Autowired
    Rentals rentals;
    @Autowired
    Enterprises enterprises;
    @Autowired
    FieldCipher cipher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    static final TestUsers.User GRID_A = TestUsers.with("kimp.grid-a", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);
    static final TestUsers.User LEADER_A = TestUsers.with("kimp.leader-a", Role.LEADER, DemoAccounts.GRID_A_CODE);

    String building() {
        return areas.atLevel("BUILDING", DataScope.of(DemoAccounts.GRID_A_CODE)).getFirst().code();
    }

    static String roomNo() {
        return "K" + ThreadLocalRandom.current().nextInt(10_000_000);
    }

    long room(String area, String unit, String room) {
        return LEADER_A.call(() -> rooms.register(new Rooms.RoomInput(area, unit, 3, room, null, null)));
    }

    static String creditCode() {
        StringBuilder b = new StringBuilder("9144078");
        for (int i = 0; i < 10; i++) {
            b.append(CreditCodes.CHARS.charAt(ThreadLocalRandom.current().nextInt(CreditCodes.CHARS.length())));
        }
        return b + String.valueOf(CreditCodes.checkCharacter(b.toString()));
    }

    RegistryImports.Job await(long id, TestUsers.User user) {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        RegistryImports.Job j = user.call(() -> imports.get(id));
        while (j.running() && Instant.now().isBefore(until)) {
            runner.runOne();
            j = user.call(() -> imports.get(id));
        }
        return j;
    }

    List<String[]> errors(long job, TestUsers.User user) {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        user.run(() -> {
            try {
                imports.errorReport(job, report);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Workbooks.errorLines(report.toByteArray());
    }

    /** area, unit, room, landlord kind, landlord name, ID, phone, kind, rooms, beds, registered on. */
    static String[] rental(String area, String unit, String room, String landlord, String id, String phone,
                           String kind) {
        String[] r = new String[RentalSheet.HEADERS.length];
        r[RentalSheet.AREA] = area;
        r[RentalSheet.UNIT] = unit;
        r[RentalSheet.ROOM] = room;
        r[RentalSheet.LNAME] = landlord;
        r[RentalSheet.LID] = id;
        r[RentalSheet.LPHONE] = phone;
        r[RentalSheet.KIND] = kind;
        r[RentalSheet.BEDS] = "4";
        return r;
    }

    static byte[] rentalsWorkbook(List<String[]> rows) {
        return Workbooks.sheet(RentalSheet.SHEET, RentalSheet.HEADERS, rows);
    }

    @Test
    void aRentalsSheetWithBadRowsImportsNothingNamesEveryErrorThenTheGoodRowsOnlyAndAReImportFindsDuplicates() {
        String b = building();
        String good = roomNo();
        room(b, "1", good);
        String badIdRoom = roomNo();
        room(b, "1", badIdRoom);
        String badPhoneRoom = roomNo();
        room(b, "1", badPhoneRoom);
        String ambiguous = roomNo();
        room(b, "1", ambiguous);
        room(b, "2", ambiguous);
        String twice = roomNo();
        room(b, "1", twice);
        String let = roomNo();
        long letRoom = room(b, "1", let);
        long existing = LEADER_A.call(() -> rentals.register(letRoom, new Rentals.RentalInput("PERSON", "已登记房东", null,
                RegistryTest.newPhone(), "WHOLE", 1, 2, null, true)));
        String landlordId = RegistryTest.newId(1975, true);
        String landlordPhone = RegistryTest.newPhone();
        String badId = landlordId.substring(0, 17) + (landlordId.charAt(17) == '1' ? '2' : '1');
        List<String[]> rows = new ArrayList<>();
        rows.add(rental(b, "1", good, "导入房东", landlordId, landlordPhone, "整租"));          // row 2: good
        rows.add(rental(b, "1", badIdRoom, "校验位错", badId, null, "合租"));                  // row 3
        rows.add(rental(b, "1", badPhoneRoom, "电话错", null, "12345", "合租"));              // row 4
        rows.add(rental(DemoAccounts.GRID_B_CODE, null, roomNo(), "越界房东", null, null, "整租")); // row 5
        rows.add(rental("440784999999999", null, roomNo(), "无此区域", null, null, "整租"));     // row 6
        rows.add(rental(b, "1", roomNo(), "无此房屋", null, null, "整租"));                    // row 7
        rows.add(rental(b, null, ambiguous, "不知单元", null, null, "整租"));                  // row 8
        rows.add(rental(b, "1", twice, "重复一", null, null, "集体宿舍"));                     // row 9
        rows.add(rental(b, "1", twice, "重复二", null, null, "集体宿舍"));                     // row 10
        rows.add(rental(b, "1", let, "已出租", null, null, "整租"));                          // row 11
        rows.add(rental(b, "1", roomNo(), "", null, null, "短租"));                          // row 12
        byte[] workbook = rentalsWorkbook(rows);
        long job = GRID_A.call(() -> imports.upload(RegistryImports.Kind.RENTALS, "rentals.xlsx", workbook));
        RegistryImports.Job j = await(job, GRID_A);
        assertThat(j.kind()).isEqualTo("RENTALS");
        assertThat(j.status()).isEqualTo("VALIDATED");
        assertThat(j.rowsTotal()).isEqualTo(11);
        assertThat(j.rowsInvalid()).isEqualTo(10);
        // all or nothing: the good row waits too
        assertThat(jdbc.sql("select count(*) from registry_rental where landlord_name = '导入房东' and area_code = ?")
                .param(b).query(Long.class).single()).isZero();
        List<String[]> lines = errors(job, GRID_A);
        assertThat(lines).allSatisfy(l -> assertThat(l[0]).isEqualTo(RentalSheet.SHEET));
        assertThat(lines).extracting(l -> l[1] + " " + l[2] + " " + l[3]).anySatisfy(s -> assertThat(s)
                .startsWith("3 房东公民身份号码 not a valid citizen ID number"));
        assertThat(find(lines, "3")[4]).isEqualTo(badId);
        assertThat(find(lines, "4")[3]).contains("not a mobile or landline number");
        assertThat(find(lines, "4")[4]).isEqualTo("12345");
        assertThat(find(lines, "5")[3]).isEqualTo("outside your area");
        assertThat(find(lines, "6")[3]).isEqualTo("no such area");
        assertThat(find(lines, "7")[3]).startsWith("no such room in the registry");
        assertThat(find(lines, "8")[3]).startsWith("ambiguous").contains("[1, 2]");
        assertThat(find(lines, "9")[3]).contains("duplicate in the file").contains("[9, 10]");
        assertThat(find(lines, "10")[3]).contains("duplicate in the file");
        assertThat(find(lines, "11")[3]).contains("already registered as rental housing (rental " + existing + ")");
        assertThat(lines).filteredOn(l -> l[1].equals("12")).extracting(l -> l[2] + ": " + l[3])
                .contains("房东姓名或单位名称*: required", "出租方式*: not one of " + RentalSheet.KINDS.keySet());
        // the user chooses the good rows: exactly the one, its landlord's numbers encrypted with the blind index
        GRID_A.run(() -> imports.importGoodRows(job));
        RegistryImports.Job done = await(job, GRID_A);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(1);
        record Stored(long roomId, byte[] landlordIdNumberEnc, byte[] landlordIdNumberIndex,
                      String landlordIdNumberMasked, byte[] landlordPhoneIndex, String landlordPhoneMasked,
                      String rentalKind, Integer beds, String createdBy) {
        }
        Stored s = jdbc.sql("""
                        select t.room_id, t.landlord_id_number_enc, t.landlord_id_number_index,
                               t.landlord_id_number_masked, t.landlord_phone_index, t.landlord_phone_masked,
                               t.rental_kind, t.beds, t.created_by
                        from registry_rental t join registry_room r on r.id = t.room_id
                        where r.area_code = ? and r.room = ? and t.ended_at is null""")
                .params(b, good).query(Stored.class).single();
        assertThat(new String(s.landlordIdNumberEnc(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(landlordId);
        assertThat(cipher.decrypt(s.landlordIdNumberEnc())).isEqualTo(landlordId);
        assertThat(s.landlordIdNumberIndex()).isEqualTo(cipher.blindIndex(landlordId));
        assertThat(s.landlordIdNumberMasked()).isEqualTo(Masking.idNumber(landlordId));
        assertThat(s.landlordPhoneIndex()).isEqualTo(cipher.blindIndex(landlordPhone));
        assertThat(s.landlordPhoneMasked()).isEqualTo(Masking.phone(landlordPhone));
        assertThat(s.rentalKind()).isEqualTo("WHOLE");
        assertThat(s.beds()).isEqualTo(4);
        assertThat(s.createdBy()).isEqualTo("kimp.grid-a");
        assertThat(jdbc.sql("select use_kind from registry_room where id = ?").param(s.roomId()).query(String.class)
                .single()).isEqualTo("RENTAL");
        assertThat(jdbc.sql("select count(*) from registry_rental t join registry_room r on r.id = t.room_id"
                        + " where r.area_code = ? and r.room in (?, ?, ?)").params(b, badIdRoom, badPhoneRoom, twice)
                .query(Long.class).single()).isZero();
        // the landlord is found by number through the blind index, as one registered by hand
        assertThat(LEADER_A.call(() -> rentals.byLandlordNumber(landlordId))).extracting(Rentals.RentalView::roomId)
                .containsExactly(s.roomId());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'REGISTRY_RENTAL_IMPORT' and target = ?")
                .param("import:" + job).query(Long.class).single()).isEqualTo(1);
        // the same file again: the imported room is now a duplicate against the registry
        long again = GRID_A.call(() -> imports.upload(RegistryImports.Kind.RENTALS, "rentals.xlsx", workbook));
        RegistryImports.Job twiceJob = await(again, GRID_A);
        assertThat(twiceJob.status()).isEqualTo("VALIDATED");
        assertThat(twiceJob.rowsInvalid()).isEqualTo(11);
        assertThat(find(errors(again, GRID_A), "2")[3]).contains("already registered as rental housing");
    }

    @Test
    void aCleanRentalsSheetImportsAtOnceAndAJobStoppedByARestartIsTakenUpAgain() {
        String b = building();
        String r1 = roomNo();
        room(b, "1", r1);
        String r2 = roomNo();
        room(b, null, r2);
        List<String[]> rows = List.of(rental(b, "1", r1, "干净一", RegistryTest.newId(1980, false), null, "WHOLE"),
                rental(b, null, r2, "某物业公司", null, RegistryTest.newPhone(), "DORMITORY"));
        rows.get(1)[RentalSheet.LKIND] = "单位";
        long job = GRID_A.call(() -> imports.upload(RegistryImports.Kind.RENTALS, "clean.xlsx",
                rentalsWorkbook(rows)));
        jdbc.sql("update registry_import_job set status = 'VALIDATING', claimed_by = 'gone',"
                + " heartbeat_at = now() - interval '10 minutes' where id = ?").param(job).update();
        RegistryImports.Job done = await(job, GRID_A);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(2);
        assertThat(jdbc.sql("""
                        select t.landlord_kind from registry_rental t join registry_room r on r.id = t.room_id
                        where r.area_code = ? and r.room = ?""").params(b, r2).query(String.class).single())
                .isEqualTo("ORGANISATION");
    }

    @Test
    void aWorkbookOfAnotherKindIsRefusedByItsHeaderRow() {
        List<String[]> rows = List.<String[]>of(Workbooks.row(building(), roomNo(), "X1", "错类户主",
                RegistryTest.newId(1970, true), "02", null));
        long job = GRID_A.call(() -> imports.upload(RegistryImports.Kind.RENTALS, "households.xlsx",
                Workbooks.households(rows)));
        RegistryImports.Job j = await(job, GRID_A);
        assertThat(j.status()).isEqualTo("FAILED");
        assertThat(j.problem()).contains("rental housing template");
        assertThatThrownBy(() -> RegistryImports.Kind.of("boats")).isInstanceOf(InvalidRequestException.class);
    }

    /** credit code, name, org code, area, park, address, industry, rep, rep phone, headcount, safety, phone … */
    static String[] enterprise(String code, String name, String area, String repPhone, String headcount) {
        String[] r = new String[EnterpriseSheet.HEADERS.length];
        r[EnterpriseSheet.CODE] = code;
        r[EnterpriseSheet.NAME] = name;
        r[EnterpriseSheet.AREA] = area;
        r[EnterpriseSheet.REP] = "法人";
        r[EnterpriseSheet.REP_PHONE] = repPhone;
        r[EnterpriseSheet.HEADCOUNT] = headcount;
        return r;
    }

    @Test
    void anEnterprisesSheetWithBadRowsImportsNothingThenTheGoodRowsOnlyAndAReImportFindsDuplicates() {
        String grid = DemoAccounts.GRID_A_CODE;
        String good = creditCode();
        String repPhone = RegistryTest.newPhone();
        String badCode = good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1');
        String twice = creditCode();
        String registered = creditCode();
        long existing = LEADER_A.call(() -> enterprises.register(new Enterprises.EnterpriseInput(registered, "已登记企业",
                null, grid, null, null, null, null, null, 10, null, null, null, null)));
        List<String[]> rows = new ArrayList<>();
        rows.add(enterprise(good, "导入好企业", grid, repPhone, "120"));                        // row 2: good
        rows.add(enterprise(creditCode().substring(0, 17) + "I", "坏代码", grid, null, null));   // row 3
        rows.add(enterprise(badCode, "校验码错", grid, null, null));                            // row 4
        rows.add(enterprise(creditCode(), "电话错", grid, "999", "-1"));                        // row 5
        rows.add(enterprise(creditCode(), "越界企业", DemoAccounts.GRID_B_CODE, null, null));   // row 6
        rows.add(enterprise(creditCode(), "无此区域", "440784999999999", null, null));          // row 7
        rows.add(enterprise(twice, "重复一", grid, null, null));                                // row 8
        rows.add(enterprise(twice, "重复二", grid, null, null));                                // row 9
        rows.add(enterprise(registered, "已登记", grid, null, null));                           // row 10
        String[] notAPark = enterprise(creditCode(), "非园区", grid, null, null);
        notAPark[EnterpriseSheet.PARK] = grid;
        rows.add(notAPark);                                                                     // row 11
        rows.add(enterprise(creditCode(), null, grid, null, null));                             // row 12
        byte[] workbook = Workbooks.sheet(EnterpriseSheet.SHEET, EnterpriseSheet.HEADERS, rows);
        long job = GRID_A.call(() -> imports.upload(RegistryImports.Kind.ENTERPRISES, "firms.xlsx", workbook));
        RegistryImports.Job j = await(job, GRID_A);
        assertThat(j.status()).isEqualTo("VALIDATED");
        assertThat(j.rowsTotal()).isEqualTo(11);
        assertThat(j.rowsInvalid()).isEqualTo(10);
        assertThat(jdbc.sql("select count(*) from registry_enterprise where credit_code = ?").param(good)
                .query(Long.class).single()).isZero();
        List<String[]> lines = errors(job, GRID_A);
        assertThat(lines).allSatisfy(l -> assertThat(l[0]).isEqualTo(EnterpriseSheet.SHEET));
        assertThat(find(lines, "3")[3]).startsWith("not a valid unified social credit code");
        assertThat(find(lines, "4")[3]).startsWith("not a valid unified social credit code");
        assertThat(find(lines, "4")[4]).isEqualTo(badCode);
        assertThat(lines).filteredOn(l -> l[1].equals("5")).extracting(l -> l[2] + ": " + l[3])
                .containsExactly("法定代表人电话: not a mobile or landline number",
                        "从业人数: not a whole number from 0 to 1000000");
        assertThat(find(lines, "6")[3]).isEqualTo("outside your area");
        assertThat(find(lines, "7")[3]).isEqualTo("no such area");
        assertThat(find(lines, "8")[3]).contains("duplicate in the file").contains("[8, 9]");
        assertThat(find(lines, "9")[3]).contains("duplicate in the file");
        assertThat(find(lines, "10")[3]).isEqualTo("duplicate: already registered (enterprise " + existing + ")");
        assertThat(find(lines, "11")[3]).isEqualTo("no such industrial park");
        assertThat(find(lines, "12")[2] + ": " + find(lines, "12")[3]).isEqualTo("企业名称*: required");
        GRID_A.run(() -> imports.importGoodRows(job));
        RegistryImports.Job done = await(job, GRID_A);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(1);
        long id = jdbc.sql("select id from registry_enterprise where credit_code = ? and retired_at is null")
                .param(good).query(Long.class).single();
        Enterprises.EnterpriseView e = LEADER_A.call(() -> enterprises.get(id));
        assertThat(e.name()).isEqualTo("导入好企业");
        assertThat(e.headcount()).isEqualTo(120);
        assertThat(e.legalRepPhoneMasked()).isEqualTo(Masking.phone(repPhone));
        assertThat(jdbc.sql("select legal_rep_phone_index from registry_enterprise where id = ?").param(id)
                .query(byte[].class).single()).isEqualTo(cipher.blindIndex(repPhone));
        assertThat(jdbc.sql("select count(*) from registry_enterprise where credit_code in (?, ?)")
                .params(badCode, twice).query(Long.class).single()).isZero();
        long again = GRID_A.call(() -> imports.upload(RegistryImports.Kind.ENTERPRISES, "firms.xlsx", workbook));
        RegistryImports.Job dup = await(again, GRID_A);
        assertThat(dup.status()).isEqualTo("VALIDATED");
        assertThat(find(errors(again, GRID_A), "2")[3]).isEqualTo("duplicate: already registered (enterprise " + id
                + ")");
    }

    @Test
    void theRentalsExportIsMaskedUnlessTheUserMayUnmaskAndIsWatermarked() throws IOException {
        String b = building();
        String r = roomNo();
        long roomId = room(b, "1", r);
        String landlordId = RegistryTest.newId(1968, false);
        LEADER_A.run(() -> rentals.register(roomId, new Rentals.RentalInput("PERSON", "导出房东", landlordId,
                RegistryTest.newPhone(), "SHARED", 2, 3, null, true)));
        ByteArrayOutputStream masked = new ByteArrayOutputStream();
        GRID_A.run(() -> exports.rentals(b, null, masked));
        List<String[]> rows = rows(masked.toByteArray());
        assertThat(rows.getFirst()[0]).contains("kimp.grid-a").contains("出租屋导出");
        String[] line = rows.stream().filter(x -> "导出房东".equals(x[3])).findFirst().orElseThrow();
        assertThat(line[4]).isEqualTo(Masking.idNumber(landlordId));
        assertThat(Arrays.toString(rows.stream().flatMap(Arrays::stream).toArray())).doesNotContain(landlordId);
        // a grid worker may not unmask: asking for full numbers is refused
        assertThatThrownBy(() -> GRID_A.run(() -> exports.rentals(b, "核对房东信息", new ByteArrayOutputStream())))
                .isInstanceOf(InvalidRequestException.class);
        // outside the exporter's area
        assertThatThrownBy(() -> GRID_A.run(() -> exports.rentals(DemoAccounts.GRID_B_CODE, null,
                new ByteArrayOutputStream()))).isInstanceOf(InvalidRequestException.class);
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        LEADER_A.run(() -> exports.rentals(b, "核对房东信息", full));
        String[] unmasked = rows(full.toByteArray()).stream().filter(x -> "导出房东".equals(x[3])).findFirst()
                .orElseThrow();
        assertThat(unmasked[4]).isEqualTo(landlordId);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'REGISTRY_RENTAL_EXPORT' and actor = ?"
                        + " and detail like '%full numbers; reason: 核对房东信息%'").param("kimp.leader-a")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theJsonApiTakesTheKindServesEachTemplateTheErrorReportAndTheRentalsExport() throws Exception {
        byte[] workbook = Workbooks.sheet(EnterpriseSheet.SHEET, EnterpriseSheet.HEADERS, List.<String[]>of(
                enterprise("123", "接口企业", DemoAccounts.GRID_A_CODE, null, null)));
        String body = mvc.perform(multipart("/api/registry/imports").file(new MockMultipartFile("file", "api.xlsx",
                                ImportPages.XLSX, workbook)).param("kind", "enterprises").with(GRID_A.request())
                        .with(csrf()))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.kind").value("ENTERPRISES"))
                .andReturn().getResponse().getContentAsString();
        long job = Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        assertThat(await(job, GRID_A).status()).isEqualTo("VALIDATED");
        byte[] report = download(mvc.perform(get("/api/registry/imports/" + job + "/errors.xlsx")
                .with(GRID_A.request())).andReturn());
        assertThat(Workbooks.errorLines(report)).extracting(l -> l[0] + " " + l[1] + " " + l[4])
                .containsExactly("企业 2 123");
        mvc.perform(multipart("/api/registry/imports").file(new MockMultipartFile("file", "api.xlsx",
                        ImportPages.XLSX, workbook)).param("kind", "boats").with(GRID_A.request()).with(csrf()))
                .andExpect(status().isBadRequest());
        for (RegistryImports.Kind kind : RegistryImports.Kind.values()) {
            byte[] template = download(mvc.perform(get("/api/registry/imports/template.xlsx")
                    .param("kind", kind.name()).with(GRID_A.request())).andReturn());
            try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(template))) {
                assertThat(wb.getFirstSheet().getName()).isEqualTo(switch (kind) {
                    case HOUSEHOLDS -> HouseholdSheet.SHEET;
                    case RENTALS -> RentalSheet.SHEET;
                    case ENTERPRISES -> EnterpriseSheet.SHEET;
                });
            }
        }
        byte[] export = download(mvc.perform(post("/api/registry/rentals/export.xlsx").with(GRID_A.request())
                .with(csrf()).contentType("application/json")
                .content("{\"area\":\"" + DemoAccounts.GRID_A_CODE + "\"}")).andReturn());
        assertThat(rows(export).getFirst()[0]).contains("kimp.grid-a");
        mvc.perform(post("/api/registry/rentals/export.xlsx").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"area\":\"" + DemoAccounts.GRID_B_CODE + "\"}"))
                .andExpect(status().isBadRequest());
    }

    /** The body of a streamed download. */
    private byte[] download(MvcResult started) throws Exception {
        return mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsByteArray();
    }

    private static String[] find(List<String[]> lines, String row) {
        return lines.stream().filter(l -> row.equals(l[1])).findFirst()
                .orElseThrow(() -> new AssertionError("no error on row " + row));
    }

    private static List<String[]> rows(byte[] xlsx) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
             var rows = wb.getFirstSheet().openStream()) {
            for (Row r : (Iterable<Row>) rows::iterator) {
                String[] line = new String[11];
                for (int i = 0; i < line.length; i++) {
                    line[i] = r.hasCell(i) && r.getCell(i) != null ? r.getCell(i).getText() : null;
                }
                out.add(line);
            }
        }
        return out;
    }
}
