package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CountyTime;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Rental housing (出租屋) on the real database with the demo county: register, edit, occupancy, masking and the
 * audited unmask, data scope, inspections with a rectification that goes overdue and is followed up, the list's
 * filters, the end of a registration; and the pages and the JSON API through MockMvc.
 */
@IntegrationTest
class RentalsTest {

    @Autowired
    Rentals rentals;
    @Autowired
    Rooms rooms;
    @Autowired
    Households households;
    @Autowired
    AreaDirectory areas;
    @Autowired
    FieldCipher cipher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;
    @Autowired
    MockMvc mvc;

    static final TestUsers.User GRID_A = TestUsers.with("rent.grid-a", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);
    static final TestUsers.User POLICE_A = TestUsers.with("rent.police-a", Role.COMMUNITY_POLICE,
            DemoAccounts.GRID_A_CODE);
    static final TestUsers.User GRID_B = TestUsers.with("rent.grid-b", Role.GRID_WORKER, DemoAccounts.GRID_B_CODE);
    static final TestUsers.User CLERK = TestUsers.with("rent.clerk", Role.INTAKE_CLERK, DemoAccounts.SHAPING_CODE);
    static final TestUsers.User LEADER = TestUsers.with("rent.leader", Role.LEADER, DemoAccounts.SHAPING_CODE);
    static final TestUsers.User BUILDING = TestUsers.with("rent.building", Role.BUILDING_LEADER,
            DemoAccounts.GRID_A_CODE);

    LocalDate today() {
        return LocalDate.now(clock.withZone(CountyTime.ZONE));
    }

    /** A new room in one of grid A's buildings with a tenant household of two. */
    long aLetRoom() {
        String building = areas.atLevel("BUILDING", DataScope.of(DemoAccounts.GRID_A_CODE)).getFirst().code();
        String number = "Z" + ThreadLocalRandom.current().nextInt(1_000_000);
        return GRID_A.call(() -> {
            long room = rooms.register(new Rooms.RoomInput(building, "8", 8, number, null, null));
            households.register(room, new Households.HouseholdInput("TENANT", null, null), List.of(
                    new Residents.ResidentInput("租客甲", null, null, null, null, "02", "FLOATING", null, null, null,
                            null, null, null),
                    new Residents.ResidentInput("租客乙", null, null, null, null, "99", "FLOATING", null, null, null,
                            null, null, null)));
            return room;
        });
    }

    static Rentals.RentalInput person(String id, String phone, Integer beds, String registeredOn) {
        return new Rentals.RentalInput("PERSON", "房东测试", id, phone, "SHARED", 2, beds, registeredOn, true);
    }

    long audits(String action, String target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target = ?").params(action, target)
                .query(Long.class).single();
    }

    @Test
    void aRentalIsRegisteredWithItsLandlordEncryptedMaskedAndInScopeOnly() {
        long room = aLetRoom();
        String id = RegistryTest.newId(1968, true);
        String phone = RegistryTest.newPhone();
        long rental = GRID_A.call(() -> rentals.register(room, person(id, phone, 4, null)));

        Rentals.RentalView v = GRID_A.call(() -> rentals.get(rental));
        assertThat(v.landlordIdNumberMasked()).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
        assertThat(v.landlordPhoneMasked()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(v.registeredOn()).isEqualTo(today());
        assertThat(v.letNow()).isTrue();
        assertThat(v.tenantHouseholds()).isEqualTo(1);
        assertThat(v.residents()).isEqualTo(2);
        assertThat(v.overOccupied()).isFalse();
        assertThat(v.inspectionDue()).isFalse();
        // stored encrypted, findable by blind index, never in clear
        record Stored(byte[] idEnc, byte[] idIndex, byte[] phoneEnc) {
        }
        Stored s = jdbc.sql("select landlord_id_number_enc as id_enc, landlord_id_number_index as id_index,"
                + " landlord_phone_enc as phone_enc from registry_rental where id = ?").param(rental).query(Stored.class).single();
        assertThat(new String(s.idEnc(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(id);
        assertThat(cipher.decrypt(s.idEnc())).isEqualTo(id);
        assertThat(s.idIndex()).isEqualTo(cipher.blindIndex(id));
        assertThat(cipher.decrypt(s.phoneEnc())).isEqualTo(phone);
        assertThat(jdbc.sql("select use_kind from registry_room where id = ?").param(room).query(String.class)
                .single()).isEqualTo("RENTAL");
        assertThat(audits("REGISTRY_RENTAL_REGISTER", "rental:" + rental)).isEqualTo(1);

        // found exactly by the whole number through the blind index, in scope only
        assertThat(GRID_A.call(() -> rentals.byLandlordNumber(id))).extracting(Rentals.RentalView::id)
                .containsExactly(rental);
        assertThat(GRID_A.call(() -> rentals.byLandlordNumber(phone))).extracting(Rentals.RentalView::id)
                .containsExactly(rental);
        assertThat(GRID_B.call(() -> rentals.byLandlordNumber(id))).isEmpty();
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.byLandlordNumber(phone.substring(0, 7))))
                .isInstanceOf(InvalidRequestException.class);
        // a second registration of the same room is a conflict; another town's worker sees nothing of it
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.register(room, person(null, null, 1, null))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> GRID_B.call(() -> rentals.get(rental))).isInstanceOf(NotFoundException.class);
        assertThat(GRID_B.call(() -> rentals.list(Rentals.Filter.ALL, null, 500))).extracting(Rentals.RentalView::id)
                .doesNotContain(rental);
        assertThat(GRID_B.call(() -> rentals.list(Rentals.Filter.ALL, null, 500)))
                .allMatch(r -> r.areaCode().startsWith(DemoAccounts.GRID_B_CODE)).isNotEmpty();
        assertThat(GRID_A.call(() -> rentals.list(Rentals.Filter.ALL, v.areaCode(), 500)))
                .extracting(Rentals.RentalView::id).contains(rental);
        long other = aLetRoom();
        assertThatThrownBy(() -> GRID_B.call(() -> rentals.register(other, person(null, null, 1, null))))
                .isInstanceOf(NotFoundException.class);
        // a building leader keeps households but not rentals
        assertThatThrownBy(() -> BUILDING.call(() -> rentals.get(rental))).isInstanceOf(NotFoundException.class);

        // bad input is a clear 400
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.register(other, person("440784198001011230", null, 1,
                null)))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("ID number");
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.register(other, new Rentals.RentalInput("PERSON",
                "房东", null, null, "PALACE", null, null, null, null)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("kind of letting");
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.register(other, new Rentals.RentalInput(
                "ORGANISATION", "某公司", id, null, "DORMITORY", null, null, null, null))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void editingKeepsTheNumbersLeftBlankAndUnmaskingIsPermittedReasonedAndAudited() {
        long room = aLetRoom();
        String id = RegistryTest.newId(1970, false);
        String phone = RegistryTest.newPhone();
        long rental = GRID_A.call(() -> rentals.register(room, person(id, phone, 4, null)));
        int version = GRID_A.call(() -> rentals.get(rental)).version();
        String newPhone = RegistryTest.newPhone();
        GRID_A.run(() -> rentals.change(rental, version, new Rentals.RentalInput(null, null, null, newPhone,
                "WHOLE", 1, 1, null, false)));
        Rentals.RentalView v = GRID_A.call(() -> rentals.get(rental));
        assertThat(v.rentalKind()).isEqualTo("WHOLE");
        assertThat(v.letNow()).isFalse();
        assertThat(v.overOccupied()).isTrue();
        assertThat(v.landlordIdNumberMasked()).endsWith(id.substring(14));
        assertThat(v.landlordPhoneMasked()).endsWith(newPhone.substring(7));
        assertThatThrownBy(() -> GRID_A.run(() -> rentals.change(rental, version, person(null, null, 2, null))))
                .isInstanceOf(ConflictException.class);
        // the clerk of the town manages rentals too; the dispatcher's desk only reads them
        TestUsers.User dispatcher = TestUsers.with("rent.dispatcher", Role.DISPATCHER, DemoAccounts.SHAPING_CODE);
        assertThat(dispatcher.call(() -> rentals.get(rental)).id()).isEqualTo(rental);
        assertThatThrownBy(() -> dispatcher.run(() -> rentals.change(rental, v.version(), person(null, null, 2,
                null)))).isInstanceOf(AccessDeniedException.class);
        CLERK.run(() -> rentals.change(rental, v.version(), person(null, null, 3, null)));

        // unmask: a grid worker may not (refusal audited), the leader with a reason may (audited)
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.unmaskLandlord(rental, "核实房东身份")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> LEADER.call(() -> rentals.unmaskLandlord(rental, "")))
                .isInstanceOf(InvalidRequestException.class);
        Rentals.Unmasked full = LEADER.call(() -> rentals.unmaskLandlord(rental, "联系房东处理消防隐患"));
        assertThat(full.idNumber()).isEqualTo(id);
        assertThat(full.phone()).isEqualTo(newPhone);
        List<String> outcomes = jdbc.sql("""
                        select actor || ' ' || outcome from audit_event
                        where action = 'REGISTRY_UNMASK' and target = ? order by id""")
                .param("rental:" + rental).query(String.class).list();
        assertThat(outcomes).containsExactly("rent.grid-a DENIED", "rent.leader DENIED", "rent.leader SUCCESS");
        assertThat(audits("REGISTRY_RENTAL_CHANGE", "rental:" + rental)).isEqualTo(2);
    }

    @Test
    void anInspectionAsksForRectificationWhichGoesOverdueAndIsClosedByTheFollowUp() {
        long room = aLetRoom();
        long rental = GRID_A.call(() -> rentals.register(room, person(null, RegistryTest.newPhone(), 4,
                today().minusDays(200).toString())));
        // never inspected since registration 200 days ago: due
        assertThat(GRID_A.call(() -> rentals.list(Rentals.Filter.NOT_INSPECTED, DemoAccounts.GRID_A_CODE, 500)))
                .extracting(Rentals.RentalView::id).contains(rental);

        // only field roles inspect; RECTIFY needs a deadline; OK with a problem is refused
        assertThatThrownBy(() -> CLERK.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(null, "OK",
                true, null, "OK", null)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(null,
                "PROBLEM", true, "私拉电线", "RECTIFY", null)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(null,
                "PROBLEM", true, null, "OK", null)))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(
                today().plusDays(1).toString(), "OK", true, null, "OK", null))))
                .isInstanceOf(InvalidRequestException.class);

        // inspected 20 days ago with 10 days to rectify: overdue now
        long x = POLICE_A.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(
                today().minusDays(20).toString(), "PROBLEM", false, "私拉电线，新租客未登记", "RECTIFY",
                today().minusDays(10).toString())));
        Rentals.InspectionView iv = GRID_A.call(() -> rentals.inspection(x));
        assertThat(iv.inspector()).isEqualTo("rent.police-a");
        assertThat(iv.open()).isTrue();
        assertThat(iv.overdue()).isTrue();
        Rentals.RentalView v = GRID_A.call(() -> rentals.get(rental));
        assertThat(v.lastInspectedOn()).isEqualTo(today().minusDays(20));
        assertThat(v.rectificationOverdue()).isTrue();
        assertThat(v.inspectionDue()).isFalse();
        assertThat(GRID_A.call(() -> rentals.list(Rentals.Filter.OVERDUE, null, 500)))
                .extracting(Rentals.RentalView::id).contains(rental);
        assertThat(GRID_A.call(() -> rentals.list(Rentals.Filter.NOT_INSPECTED, null, 500)))
                .extracting(Rentals.RentalView::id).doesNotContain(rental);
        assertThat(GRID_B.call(() -> rentals.list(Rentals.Filter.OVERDUE, null, 500)))
                .extracting(Rentals.RentalView::id).doesNotContain(rental);
        assertThatThrownBy(() -> GRID_B.run(() -> rentals.rectified(x, "已整改", null)))
                .isInstanceOf(NotFoundException.class);

        // the follow-up closes it, once
        assertThatThrownBy(() -> GRID_A.run(() -> rentals.rectified(x, "", null)))
                .isInstanceOf(InvalidRequestException.class);
        GRID_A.run(() -> rentals.rectified(x, "电线已重新布设，租客已登记", null));
        assertThatThrownBy(() -> GRID_A.run(() -> rentals.rectified(x, "再次复查", null)))
                .isInstanceOf(ConflictException.class);
        Rentals.InspectionView closed = GRID_A.call(() -> rentals.inspection(x));
        assertThat(closed.closedKind()).isEqualTo("RECTIFIED");
        assertThat(closed.open()).isFalse();
        assertThat(closed.overdue()).isFalse();
        assertThat(GRID_A.call(() -> rentals.list(Rentals.Filter.OVERDUE, null, 500)))
                .extracting(Rentals.RentalView::id).doesNotContain(rental);
        assertThat(audits("REGISTRY_RENTAL_INSPECT", "rental:" + rental)).isEqualTo(1);
        assertThat(audits("REGISTRY_RENTAL_RECTIFIED", "rental:" + rental)).isEqualTo(1);
        assertThat(GRID_A.call(() -> rentals.inspections(rental))).hasSize(1);
    }

    @Test
    void endingARentalClosesItsOpenRectificationAndTheRoomMayBeLetAgain() {
        long room = aLetRoom();
        long rental = GRID_A.call(() -> rentals.register(room, person(null, null, 4, null)));
        long x = GRID_A.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(null, "PROBLEM", true,
                "灭火器过期", "RECTIFY", today().plusDays(14).toString())));
        assertThatThrownBy(() -> GRID_A.run(() -> rentals.end(rental, " ", null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> GRID_B.run(() -> rentals.end(rental, "不再出租", null)))
                .isInstanceOf(NotFoundException.class);
        GRID_A.run(() -> rentals.end(rental, "房东收回自住", "SELF_OCCUPIED"));
        Rentals.RentalView v = GRID_A.call(() -> rentals.get(rental));
        assertThat(v.ended()).isTrue();
        assertThat(v.endedReason()).isEqualTo("房东收回自住");
        assertThat(v.rectifyBy()).isNull();
        assertThat(GRID_A.call(() -> rentals.inspection(x)).closedKind()).isEqualTo("RENTAL_ENDED");
        assertThat(jdbc.sql("select use_kind from registry_room where id = ?").param(room).query(String.class)
                .single()).isEqualTo("SELF_OCCUPIED");
        assertThat(GRID_A.call(() -> rentals.list(Rentals.Filter.ALL, null, 500))).extracting(Rentals.RentalView::id)
                .doesNotContain(rental);
        assertThatThrownBy(() -> GRID_A.run(() -> rentals.end(rental, "再次注销", null)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> GRID_A.call(() -> rentals.inspect(rental, new Rentals.InspectionInput(null, "OK",
                true, null, "OK", null)))).isInstanceOf(ConflictException.class);
        assertThat(audits("REGISTRY_RENTAL_END", "rental:" + rental)).isEqualTo(1);
        long again = GRID_A.call(() -> rentals.register(room, person(null, null, 2, null)));
        assertThat(GRID_A.call(() -> rentals.ofRoom(room))).extracting(Rentals.RentalView::id)
                .containsExactly(again, rental);
    }

    @Test
    void theDemoCountyHasRentalsWithInspectionsInEveryState() {
        TestUsers.User county = TestUsers.with("rent.county", Role.LEADER, DemoAccounts.COUNTY_CODE);
        List<Rentals.RentalView> all = county.call(() -> rentals.list(Rentals.Filter.ALL, null, 500));
        assertThat(all).hasSizeGreaterThan(20);
        assertThat(all).anyMatch(r -> "ORGANISATION".equals(r.landlordKind()))
                .anyMatch(r -> r.landlordIdNumberMasked() != null && r.landlordIdNumberMasked().contains("*"));
        assertThat(jdbc.sql("select count(distinct result) from registry_rental_inspection where inspector = 'demo'")
                .query(Long.class).single()).isEqualTo(3);
        assertThat(county.call(() -> rentals.list(Rentals.Filter.OVERDUE, null, 500))).isNotEmpty();
    }

    @Test
    void thePagesAndTheApiWork() throws Exception {
        long room = aLetRoom();
        mvc.perform(get("/registry/rooms/" + room).with(GRID_A.request())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/registry/rooms/" + room
                        + "/rental")));
        mvc.perform(get("/registry/rooms/" + room + "/rental").with(GRID_A.request())).andExpect(status().isOk());
        mvc.perform(get("/registry/rooms/" + room + "/rental").with(GRID_B.request()))
                .andExpect(status().isNotFound());
        // a bad phone shows the form again with a 400, the name kept and the number not
        mvc.perform(post("/registry/rooms/" + room + "/rental").with(GRID_A.request()).with(csrf())
                        .param("landlordKind", "PERSON").param("landlordName", "房东页面")
                        .param("landlordPhone", "12345").param("rentalKind", "WHOLE"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("房东页面")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        "value=\"12345\""))));
        String location = mvc.perform(post("/registry/rooms/" + room + "/rental").with(GRID_A.request())
                        .with(csrf()).param("landlordKind", "PERSON").param("landlordName", "房东页面")
                        .param("landlordPhone", "13912345678").param("rentalKind", "WHOLE").param("beds", "2")
                        .param("letNow", "true"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        long rental = Long.parseLong(location.replaceAll("\\D*(\\d+).*", "$1"));
        mvc.perform(get("/registry/rentals/" + rental).with(GRID_A.request())).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("139****5678")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        "13912345678"))))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("inspection-form")));
        mvc.perform(get("/registry/rentals/" + rental).with(GRID_B.request())).andExpect(status().isNotFound());
        mvc.perform(post("/registry/rentals/search").with(GRID_A.request()).with(csrf())
                        .param("number", "139 1234 5678")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/registry/rentals/" + rental)));
        mvc.perform(post("/registry/rentals/search").with(GRID_A.request()).with(csrf()).param("number", "abc"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/registry/rentals/search").with(GRID_B.request()).with(csrf())
                        .contentType("application/json").content("{\"number\":\"13912345678\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == " + rental + ")]").doesNotExist());
        mvc.perform(post("/registry/rentals/" + rental + "/inspections").with(GRID_A.request()).with(csrf())
                        .param("fireSafety", "PROBLEM").param("tenantsRegistered", "true").param("result", "RECTIFY")
                        .param("rectifyBy", ""))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/registry/rentals/" + rental + "/inspections").with(GRID_A.request()).with(csrf())
                        .param("fireSafety", "PROBLEM").param("tenantsRegistered", "true").param("result", "RECTIFY")
                        .param("rectifyBy", today().plusDays(7).toString()).param("otherFindings", "楼道堆物"))
                .andExpect(status().is3xxRedirection());
        long x = jdbc.sql("select id from registry_rental_inspection where rental_id = ?").param(rental)
                .query(Long.class).single();
        mvc.perform(post("/registry/rental-inspections/" + x + "/rectified").with(GRID_A.request()).with(csrf())
                        .param("note", "已清理")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/registry/rentals").param("filter", "not_inspected").with(GRID_A.request()))
                .andExpect(status().isOk());
        mvc.perform(get("/registry/rentals").param("filter", "nonsense").with(GRID_A.request()))
                .andExpect(status().isBadRequest());
        // the list is not offered to a building leader; the page refuses them
        mvc.perform(get("/registry/rentals").with(BUILDING.request())).andExpect(status().isForbidden());

        // JSON API: masked, in scope, versions, clear 4xx
        mvc.perform(get("/api/registry/rentals/" + rental).with(GRID_A.request())).andExpect(status().isOk())
                .andExpect(jsonPath("$.landlordPhoneMasked").value("139****5678"))
                .andExpect(jsonPath("$.residents").value(2));
        mvc.perform(get("/api/registry/rentals/" + rental).with(GRID_B.request())).andExpect(status().isNotFound());
        mvc.perform(get("/api/registry/rentals").param("filter", "LET").with(GRID_A.request()))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == " + rental + ")]").exists());
        mvc.perform(put("/api/registry/rentals/" + rental).with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"version\":99,\"rental\":{\"beds\":3}}"))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/registry/rentals/" + rental + "/inspections").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"fireSafety\":\"OK\",\"tenantsRegistered\":true,"
                                + "\"result\":\"OK\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.result").value("OK"));
        mvc.perform(post("/api/registry/rentals").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"roomId\":" + room + ",\"rental\":{"
                                + "\"landlordName\":\"再登记\",\"rentalKind\":\"WHOLE\"}}"))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/registry/rentals/" + rental + "/end").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"reason\":\"不再出租\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.ended").value(true));
        mvc.perform(post("/api/registry/rentals").with(GRID_A.request()).with(csrf())
                        .contentType("application/json").content("{\"roomId\":" + room + ",\"rental\":{"
                                + "\"landlordName\":\"再登记\",\"rentalKind\":\"WHOLE\"}}"))
                .andExpect(status().isCreated()).andExpect(header().exists("Location"));
    }
}
