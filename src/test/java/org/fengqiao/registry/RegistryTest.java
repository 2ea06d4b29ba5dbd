package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;

/** Rooms, households and residents on the real database: encryption, masking, scope, care tags, unmask, events. */
@IntegrationTest
class RegistryTest {

    @Autowired
    Rooms rooms;
    @Autowired
    Households households;
    @Autowired
    Residents residents;
    @Autowired
    CareTags careTags;
    @Autowired
    AreaDirectory areas;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;

    static final TestUsers.User GRID_A = TestUsers.with("reg.grid-a", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);
    static final TestUsers.User GRID_B = TestUsers.with("reg.grid-b", Role.GRID_WORKER, DemoAccounts.GRID_B_CODE);
    static final TestUsers.User CLERK = TestUsers.with("reg.clerk", Role.INTAKE_CLERK, DemoAccounts.SHAPING_CODE);
    static final TestUsers.User LEADER = TestUsers.with("reg.leader", Role.LEADER, DemoAccounts.SHAPING_CODE);

    /** Walks through the 168,000 numbers of a year and sex from a random start: never the same number twice in a run. */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ID =
            new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(168_000));

    static String newId(int year, boolean male) {
        int n = NEXT_ID.getAndIncrement() % 168_000;
        String first17 = String.format("440784%04d%02d%02d%03d", year, 1 + n / (28 * 500), 1 + n / 500 % 28,
                n % 500 * 2 + (male ? 1 : 0));
        return first17 + IdNumbers.checkCharacter(first17);
    }

    static String newPhone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    String gridABuilding() {
        return areas.atLevel("BUILDING", DataScope.of(DemoAccounts.GRID_A_CODE)).getFirst().code();
    }

    long aRoom() {
        String room = "T" + ThreadLocalRandom.current().nextInt(1_000_000);
        return GRID_A.call(() -> rooms.register(new Rooms.RoomInput(gridABuilding(), "9", 9, room, null, null)));
    }

    @Test
    void aHouseholdIsRegisteredWithItsHeadAndTheNumbersAreEncryptedAndMasked() {
        long room = aRoom();
        String id = newId(1975, true);
        String phone = newPhone();
        long h = GRID_A.call(() -> households.register(room, new Households.HouseholdInput("REGISTERED", null, phone),
                List.of(new Residents.ResidentInput("司徒测试", null, id, phone, null, "02", null, null, null, null,
                        null, null, null))));
        Households.HouseholdView view = GRID_A.call(() -> households.get(h));
        assertThat(view.members()).hasSize(1);
        assertThat(view.members().getFirst().idNumberMasked()).isEqualTo(id.substring(0, 4) + "**********"
                + id.substring(14));
        assertThat(view.phoneMasked()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        // at rest: ciphertext and a blind index, never the number itself
        byte[] stored = jdbc.sql("select id_number_enc from registry_resident where household_id = ?").param(h)
                .query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(id);
        // exact search by the whole ID number finds exactly this resident; by two characters of the name too
        assertThat(GRID_A.call(() -> residents.search(id, null, false, null, 10))).extracting(
                Residents.ResidentSummary::householdId).containsExactly(h);
        assertThat(GRID_A.call(() -> residents.search("测试", null, false, null, 200)))
                .extracting(Residents.ResidentSummary::householdId).contains(h);
        // one home at a time: the same ID number cannot move into a second household
        long room2 = aRoom();
        assertThatThrownBy(() -> GRID_A.run(() -> households.register(room2,
                new Households.HouseholdInput("REGISTERED", null, null), List.of(new Residents.ResidentInput("司徒重复",
                        null, id, null, null, "02", null, null, null, null, null, null, null)))))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void anotherTownsGridWorkerSeesNothingOfIt() {
        long room = aRoom();
        long h = GRID_A.call(() -> households.register(room, new Households.HouseholdInput("TENANT", null, null),
                List.of(new Residents.ResidentInput("外地租客", null, null, null, null, "02", "FLOATING", null, null,
                        "湖南省衡阳市", "WORK", null, null))));
        long resident = GRID_A.call(() -> households.get(h)).members().getFirst().id();
        assertThatThrownBy(() -> GRID_B.call(() -> households.get(h))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> GRID_B.call(() -> residents.get(resident))).isInstanceOf(NotFoundException.class);
        assertThat(GRID_B.call(() -> residents.search("外地租客", null, false, null, 50))).isEmpty();
        assertThat(GRID_B.call(() -> households.under(DemoAccounts.GRID_A_CODE, 50))).isEmpty();
        assertThatThrownBy(() -> GRID_B.run(() -> residents.moveOut(resident, "not mine", null)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void careTagsAreSeenOnlyByRolesThatNeedThemAndEndWhenTheResidentMovesOut() {
        long room = aRoom();
        String aloneId = newId(1940, false);
        long h = GRID_A.call(() -> households.register(room, new Households.HouseholdInput("REGISTERED", null, null),
                List.of(new Residents.ResidentInput("独居测试", null, aloneId, null, null, "02", null, null,
                        null, null, null, null, null))));
        long resident = GRID_A.call(() -> households.get(h)).members().getFirst().id();
        long tag = GRID_A.call(() -> careTags.set(resident, "ELDERLY_ALONE", null, "走访核实独居"));
        assertThat(GRID_A.call(() -> residents.get(resident)).careTags()).extracting(CareTags.Tag::kind)
                .containsExactly("ELDERLY_ALONE");
        // the town's intake clerk sees the resident, not the tag, nor the notes
        Residents.ResidentView asClerk = CLERK.call(() -> residents.get(resident));
        assertThat(asClerk.careTags()).isNull();
        assertThat(CLERK.call(() -> households.get(h)).notes()).isNull();
        assertThatThrownBy(() -> CLERK.run(() -> careTags.set(resident, "DISABLED", null, "试图设置")))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(CLERK.call(() -> careTags.residentsTagged("ELDERLY_ALONE", null, 500))).isEmpty();
        assertThat(LEADER.call(() -> careTags.residentsTagged("ELDERLY_ALONE", DemoAccounts.GRID_A_CODE, 500)))
                .extracting(CareTags.Tagged::tagId).contains(tag);
        GRID_A.run(() -> residents.moveOut(resident, "去世", null));
        assertThat(jdbc.sql("select removed_at is not null from registry_care_tag where id = ?").param(tag)
                .query(Boolean.class).single()).isTrue();
        assertThat(GRID_A.call(() -> residents.get(resident)).movedOut()).isTrue();
        // by ID number: among the living no more; with those who moved out, through their own partial index
        assertThat(GRID_A.call(() -> residents.search(aloneId, null, false, null, 10))).isEmpty();
        assertThat(GRID_A.call(() -> residents.search(aloneId, null, true, null, 10)))
                .extracting(Residents.ResidentSummary::id).containsExactly(resident);
    }

    @Test
    void unmaskingNeedsThePermissionAndAReasonAndIsAudited() {
        long room = aRoom();
        String id = newId(1988, false);
        long h = GRID_A.call(() -> households.register(room, new Households.HouseholdInput("REGISTERED", null, null),
                List.of(new Residents.ResidentInput("解码测试", null, id, "13912345678", null, "02", null, null, null,
                        null, null, null, null))));
        long resident = GRID_A.call(() -> households.get(h)).members().getFirst().id();
        assertThatThrownBy(() -> GRID_A.call(() -> residents.unmask(resident, "想看看")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> LEADER.call(() -> residents.unmask(resident, "")))
                .hasMessageContaining("reason");
        Residents.Unmasked u = LEADER.call(() -> residents.unmask(resident, "核实低保申请人身份"));
        assertThat(u.idNumber()).isEqualTo(id);
        assertThat(u.phone()).isEqualTo("13912345678");
        List<String> outcomes = jdbc.sql("""
                        select actor || ' ' || outcome || ' ' || detail from audit_event
                        where action = 'REGISTRY_UNMASK' and target = ? order by id""")
                .param("resident:" + resident).query(String.class).list();
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).startsWith("reg.grid-a DENIED no permission");
        assertThat(outcomes.get(1)).startsWith("reg.leader DENIED no reason given");
        assertThat(outcomes.get(2)).startsWith("reg.leader SUCCESS").contains("核实低保申请人身份");

        // the household's contact phone passes the same gate, and a grid in another area does not even find it
        long h2 = GRID_A.call(() -> households.register(aRoom(), new Households.HouseholdInput("REGISTERED", null,
                "13812345678"), List.of(new Residents.ResidentInput("解码户主", null, newId(1970, true), null, null,
                "02", null, null, null, null, null, null, null))));
        assertThatThrownBy(() -> GRID_B.call(() -> households.unmaskPhone(h2, "想看看")))
                .isInstanceOf(org.fengqiao.platform.NotFoundException.class);
        assertThatThrownBy(() -> GRID_A.call(() -> households.unmaskPhone(h2, "")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> LEADER.call(() -> households.unmaskPhone(h2, " 看 ")))
                .hasMessageContaining("reason");
        assertThat(LEADER.call(() -> households.unmaskPhone(h2, "通知停水安排"))).isEqualTo("13812345678");
        assertThat(jdbc.sql("""
                        select actor || ' ' || outcome || ' ' || detail from audit_event
                        where action = 'REGISTRY_UNMASK' and target = ? order by id""")
                .param("household:" + h2).query(String.class).list()).satisfiesExactly(
                o -> assertThat(o).startsWith("reg.grid-b DENIED unknown or outside scope"),
                o -> assertThat(o).startsWith("reg.grid-a DENIED no permission"),
                o -> assertThat(o).startsWith("reg.leader DENIED no reason given"),
                o -> assertThat(o).startsWith("reg.leader SUCCESS fields: phone").contains("通知停水安排"));
    }

    @Autowired
    RegistryExports exports;
    @Autowired
    org.fengqiao.intake.ReportIntake intake;

    @Test
    void aStaffReportIsLinkedToTheHouseholdChosenFromTheRegistryAndAnUnknownRecordIsRefused() {
        long room = aRoom();
        long h = GRID_A.call(() -> households.register(room, new Households.HouseholdInput("REGISTERED", null, null),
                List.of()));
        String category = jdbc.sql("select code from case_category where active order by code limit 1")
                .query(String.class).single();
        org.fengqiao.intake.Submission s = GRID_A.call(() -> intake.submit(new org.fengqiao.intake.SubmitReport(
                org.fengqiao.intake.ReportChannel.PATROL, category, "楼道堆放杂物", null, null, gridABuilding(), null,
                null, null, List.of(), false, new org.fengqiao.intake.ReportSubject("HOUSEHOLD", String.valueOf(h))),
                null));
        assertThat(s.report().subject().kind()).isEqualTo("HOUSEHOLD");
        assertThat(s.report().subject().ref()).isEqualTo(String.valueOf(h));
        assertThat(s.report().subject().label()).startsWith("住户 ").doesNotContain("司徒");
        assertThatThrownBy(() -> GRID_A.call(() -> intake.submit(new org.fengqiao.intake.SubmitReport(
                org.fengqiao.intake.ReportChannel.PATROL, category, "不存在的住户", null, null, gridABuilding(), null,
                null, null, List.of(), false, new org.fengqiao.intake.ReportSubject("HOUSEHOLD", "999999999")), null)))
                .isInstanceOf(org.fengqiao.platform.InvalidRequestException.class);
    }

    @Test
    void exportsAreMaskedWatermarkedAndAuditedAndFullNumbersNeedUnmaskAndAReason() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n = GRID_A.call(() -> exports.residents(DemoAccounts.GRID_A_CODE, null, out));
        assertThat(n).isGreaterThan(0);
        List<String[]> rows = Workbooks.errorLines(out.toByteArray());
        assertThat(Workbooks.watermark(out.toByteArray())).contains("reg.grid-a").contains("内部资料");
        assertThat(rows).isNotEmpty().allMatch(r -> r[4] == null || r[4].contains("**********"));
        assertThatThrownBy(() -> GRID_A.run(() -> exports.check(DemoAccounts.GRID_A_CODE, "核对名单需要")))
                .hasMessageContaining("may not see full numbers");
        assertThatThrownBy(() -> GRID_B.run(() -> exports.check(DemoAccounts.GRID_A_CODE, null)))
                .hasMessageContaining("outside");
        java.io.ByteArrayOutputStream full = new java.io.ByteArrayOutputStream();
        LEADER.call(() -> exports.residents(DemoAccounts.GRID_A_CODE, "民政低保复核需要完整号码", full));
        assertThat(Workbooks.errorLines(full.toByteArray())).anyMatch(r -> r[4] != null && r[4].matches("\\d{17}[0-9X]"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'REGISTRY_EXPORT' and actor = 'reg.leader'"
                + " and detail like '%full numbers%'").query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStaleEditIsRefusedNotLost() {
        long room = aRoom();
        long h = GRID_A.call(() -> households.register(room, new Households.HouseholdInput("REGISTERED", null, null),
                List.of()));
        int version = GRID_A.call(() -> households.get(h)).version();
        GRID_A.run(() -> households.change(h, version, new Households.HouseholdInput("RESIDENT", "A-1", null)));
        assertThatThrownBy(() -> GRID_A.run(() -> households.change(h, version,
                new Households.HouseholdInput("TENANT", "A-2", null)))).isInstanceOf(ConflictException.class);
        assertThat(GRID_A.call(() -> households.get(h)).householdNumber()).isEqualTo("A-1");
    }

    @Test
    void theDemoCountyHasHouseholdsTenantsCareTagsAndABuildingLeaderWhoSeesOnlyTheirBuilding() {
        long residentsInCounty = jdbc.sql("select count(*) from registry_resident where area_code like '440784%'")
                .query(Long.class).single();
        assertThat(residentsInCounty).isGreaterThan(2000);
        assertThat(jdbc.sql("select count(*) from registry_resident where population_kind = 'FLOATING'")
                .query(Long.class).single()).isGreaterThan(100);
        assertThat(jdbc.sql("select count(distinct kind_code) from registry_care_tag").query(Long.class).single())
                .isGreaterThanOrEqualTo(5);
        assertThat(jdbc.sql("select count(*) from registry_room where area_code = ? and created_by = 'demo'").param(DemoAccounts.GRID_B_CODE)
                .query(Long.class).single()).isEqualTo(16);
        String building = jdbc.sql("""
                        select r.area_code from role_assignment r join account a on a.person_id = r.person_id
                        where a.username = 'leader.building' and r.role = 'BUILDING_LEADER'""")
                .query(String.class).single();
        assertThat(building).startsWith(DemoAccounts.GRID_A_CODE);
        TestUsers.User leader = TestUsers.with("leader.building", Role.BUILDING_LEADER, building);
        List<Households.HouseholdView> mine = leader.call(() -> households.under(DemoAccounts.GRID_A_CODE, 1000));
        assertThat(mine).isNotEmpty().allMatch(h -> h.areaCode().equals(building)).allMatch(h -> h.notes() != null);
        assertThat(leader.call(() -> residents.search("陈", null, false, null, 200)))
                .allMatch(r -> r.areaCode().equals(building));
    }

    @Test
    void pagesAndApiAnswerOutOfScopeWith404AndBadInputWith400() throws Exception {
        long room = aRoom();
        mvc.perform(get("/registry/rooms/" + room).with(GRID_A.request())).andExpect(status().isOk());
        mvc.perform(get("/registry/rooms/" + room).with(GRID_B.request())).andExpect(status().isNotFound());
        mvc.perform(get("/api/registry/rooms/" + room).with(GRID_B.request())).andExpect(status().isNotFound());
        mvc.perform(post("/api/registry/households").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"roomId\":" + room + ",\"members\":[{\"name\":"
                                + "\"错号\",\"idNumber\":\"440784198001011230\",\"relationship\":\"02\"}]}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/registry/households").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"roomId\":" + room + ",\"kind\":\"TENANT\","
                                + "\"members\":[{\"name\":\"租客甲\",\"populationKind\":\"FLOATING\"}]}"))
                .andExpect(status().isCreated());
        mvc.perform(get("/registry/mine").with(GRID_A.request())).andExpect(status().isOk());
    }
}
