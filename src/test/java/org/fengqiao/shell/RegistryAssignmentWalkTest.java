package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.registry.CareTags;
import org.fengqiao.registry.Households;
import org.fengqiao.registry.RegistryExports;
import org.fengqiao.registry.RegistryImports;
import org.fengqiao.registry.Rentals;
import org.fengqiao.registry.Residents;
import org.fengqiao.registry.Rooms;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * The registry's permissions walked with persons holding several posts in disjoint places: reading, editing, seeing
 * care information and unmasking a household in each record area is allowed exactly when ONE assignment both grants
 * it and covers the area. The expected roles are written here, independent of {@code RegistryPermission}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryAssignmentWalkTest {

    static final Set<Role> READ = Set.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER,
            Role.GRID_WORKER, Role.COMMUNITY_POLICE, Role.BUILDING_LEADER);
    static final Set<Role> EDIT = Set.of(Role.INTAKE_CLERK, Role.SHIFT_LEAD, Role.LEADER, Role.GRID_WORKER,
            Role.COMMUNITY_POLICE, Role.BUILDING_LEADER);
    static final Set<Role> READ_CARE = Set.of(Role.SHIFT_LEAD, Role.LEADER, Role.GRID_WORKER, Role.COMMUNITY_POLICE,
            Role.BUILDING_LEADER);
    static final Set<Role> EDIT_CARE = Set.of(Role.LEADER, Role.GRID_WORKER, Role.COMMUNITY_POLICE,
            Role.BUILDING_LEADER);
    static final Set<Role> UNMASK = Set.of(Role.SHIFT_LEAD, Role.LEADER, Role.COMMUNITY_POLICE);
    static final Set<Role> READ_RENTALS = Set.of(Role.INTAKE_CLERK, Role.DISPATCHER, Role.SHIFT_LEAD, Role.LEADER,
            Role.GRID_WORKER, Role.COMMUNITY_POLICE);
    static final Set<Role> MANAGE_RENTALS = Set.of(Role.INTAKE_CLERK, Role.SHIFT_LEAD, Role.LEADER, Role.GRID_WORKER,
            Role.COMMUNITY_POLICE);
    static final Set<Role> INSPECT_RENTALS = Set.of(Role.GRID_WORKER, Role.COMMUNITY_POLICE);
    static final Set<Role> IMPORT = Set.of(Role.SHIFT_LEAD, Role.LEADER, Role.GRID_WORKER, Role.INTAKE_CLERK);
    static final Set<Role> EXPORT = Set.of(Role.SHIFT_LEAD, Role.LEADER, Role.GRID_WORKER, Role.COMMUNITY_POLICE);

    @Autowired
    Rooms rooms;
    @Autowired
    Households households;
    @Autowired
    Residents residents;
    @Autowired
    CareTags careTags;
    @Autowired
    Rentals rentals;
    @Autowired
    RegistryImports imports;
    @Autowired
    RegistryExports exports;

    /** One household with one resident in each record area, by area. */
    final Map<String, long[]> records = new HashMap<>();
    /** The room number of each area's room (the one let as a rental). */
    final Map<String, String> roomNumbers = new HashMap<>();

    @BeforeAll
    void oneHouseholdInEachArea() {
        TestUsers.User county = TestUsers.with("walk.registry-county", Role.LEADER, PostHolders.COUNTY);
        for (String area : PostHolders.RECORD_AREAS) {
            county.run(() -> {
                String number = "W" + ThreadLocalRandom.current().nextInt(1_000_000);
                roomNumbers.put(area, number);
                long room = rooms.register(new Rooms.RoomInput(area, null, null, number, null, null));
                String first17 = String.format("440784%04d%02d%02d%03d", 1960 + ThreadLocalRandom.current().nextInt(40),
                        1 + ThreadLocalRandom.current().nextInt(12), 1 + ThreadLocalRandom.current().nextInt(28),
                        ThreadLocalRandom.current().nextInt(1000));
                long h = households.register(room, new Households.HouseholdInput("REGISTERED", null, "13700000000"),
                        List.of(new Residents.ResidentInput("巡查对象", null, first17 + IdNumbers.checkCharacter(first17),
                                null, null, "02", null, null, null, null, null, null, null)));
                long rental = rentals.register(room, new Rentals.RentalInput("PERSON", "巡查房东", null, "13700000001",
                        "WHOLE", 1, 2, null, true));
                records.put(area, new long[] {h, households.get(h).members().getFirst().id(), rental, room});
            });
        }
    }

    @Test
    void everyActionIsAllowedExactlyWhenOneAssignmentGrantsItAndCoversTheRecord() {
        List<String> wrong = new ArrayList<>();
        for (TestUsers.User user : PostHolders.all()) {
            for (String area : PostHolders.RECORD_AREAS) {
                long household = records.get(area)[0];
                long resident = records.get(area)[1];
                check(wrong, user, area, "read", PostHolders.expected(user, READ, area),
                        () -> user.call(() -> households.get(household)) != null);
                check(wrong, user, area, "edit", PostHolders.expected(user, EDIT, area), () -> user.call(() -> {
                    households.change(household, households.get(household).version(),
                            new Households.HouseholdInput("REGISTERED", "W-" + user.username(), null));
                    return true;
                }));
                check(wrong, user, area, "see care", PostHolders.expected(user, READ_CARE, area),
                        () -> user.call(() -> residents.get(resident).careTags() != null));
                check(wrong, user, area, "set care", PostHolders.expected(user, EDIT_CARE, area),
                        () -> user.call(() -> {
                            long tag = careTags.set(resident, "LOW_INCOME", null, "巡查测试");
                            careTags.remove(tag, "巡查测试结束");
                            return true;
                        }));
                check(wrong, user, area, "unmask", PostHolders.expected(user, UNMASK, area),
                        () -> user.call(() -> residents.unmask(resident, "权限巡查测试") != null));
                long rental = records.get(area)[2];
                check(wrong, user, area, "read rental", PostHolders.expected(user, READ_RENTALS, area),
                        () -> user.call(() -> rentals.get(rental) != null && rentals.inspections(rental) != null));
                check(wrong, user, area, "list rentals", PostHolders.expected(user, READ_RENTALS, area),
                        () -> user.call(() -> rentals.list(Rentals.Filter.ALL, area, 500).stream()
                                .anyMatch(r -> r.id() == rental)));
                check(wrong, user, area, "manage rental", PostHolders.expected(user, MANAGE_RENTALS, area),
                        () -> user.call(() -> {
                            rentals.change(rental, rentals.get(rental).version(), new Rentals.RentalInput(null,
                                    "巡查房东" + user.username().length(), null, null, null, 1, 2, null, true));
                            return true;
                        }));
                check(wrong, user, area, "inspect rental", PostHolders.expected(user, INSPECT_RENTALS, area),
                        () -> user.call(() -> {
                            long x = rentals.inspect(rental, new Rentals.InspectionInput(null, "PROBLEM", true,
                                    "巡查测试", "RECTIFY", java.time.LocalDate.now().plusDays(30).toString()));
                            rentals.rectified(x, "巡查测试已整改", null);
                            return true;
                        }));
                check(wrong, user, area, "unmask landlord", PostHolders.expected(user, UNMASK, area),
                        () -> user.call(() -> rentals.unmaskLandlord(rental, "权限巡查测试") != null));
                check(wrong, user, area, "end and register rental", PostHolders.expected(user, MANAGE_RENTALS, area),
                        () -> user.call(() -> {
                            rentals.end(rental, "权限巡查测试", null);
                            records.get(area)[2] = rentals.register(records.get(area)[3], new Rentals.RentalInput(
                                    "ORGANISATION", "巡查公司", null, "13700000002", "DORMITORY", 2, 8, null, true));
                            return true;
                        }));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Importing a rental row and exporting rentals: a rentals workbook naming each area's room (let already) is
     * checked against the importer's scope — inside it the row is a duplicate, outside it is refused as outside the
     * area — and the export lists the area's rental only to whom one assignment grants exporting there.
     */
    @Test
    void importingAndExportingRentalsIsAllowedExactlyWhenOneAssignmentGrantsItAndCoversTheArea() throws Exception {
        List<String> wrong = new ArrayList<>();
        java.io.ByteArrayOutputStream template = new java.io.ByteArrayOutputStream();
        TestUsers.with("walk.registry-template", Role.LEADER, PostHolders.COUNTY)
                .run(() -> {
                    try {
                        imports.template(RegistryImports.Kind.RENTALS, template);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        List<String> headers = new ArrayList<>();
        try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(template.toByteArray()));
             var rows = wb.getFirstSheet().openStream()) {
            rows.findFirst().orElseThrow().forEach(c -> headers.add(c.getText()));
        }
        Map<String, Long> jobs = new HashMap<>();
        for (TestUsers.User user : PostHolders.all()) {
            for (String area : PostHolders.RECORD_AREAS) {
                byte[] workbook = rentalRow(headers, area, roomNumbers.get(area));
                try {
                    jobs.put(user.username() + " " + area, user.call(() -> imports.upload(
                            RegistryImports.Kind.RENTALS, "walk.xlsx", workbook)));
                } catch (AccessDeniedException e) {
                    check(wrong, user, area, "import rental", PostHolders.expected(user, IMPORT, area), () -> false);
                }
                check(wrong, user, area, "export rentals", PostHolders.expected(user, EXPORT, area),
                        () -> user.call(() -> {
                            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                            try {
                                exports.rentals(area, null, out);
                            } catch (org.fengqiao.platform.InvalidRequestException outside) {
                                return false; // "the area lies outside your area"
                            }
                            return exportNames(out.toByteArray()).contains(roomNumbers.get(area));
                        }));
            }
        }
        java.time.Instant until = java.time.Instant.now().plusSeconds(60);
        for (TestUsers.User user : PostHolders.all()) {
            for (String area : PostHolders.RECORD_AREAS) {
                Long job = jobs.get(user.username() + " " + area);
                if (job == null) {
                    continue;
                }
                RegistryImports.Job j = user.call(() -> imports.get(job));
                while (j.running() && java.time.Instant.now().isBefore(until)) {
                    Thread.sleep(200);
                    j = user.call(() -> imports.get(job));
                }
                RegistryImports.Job done = j;
                // the room is let already: inside the scope the row is a duplicate, never outside the area
                check(wrong, user, area, "import rental", PostHolders.expected(user, IMPORT, area),
                        () -> "VALIDATED".equals(done.status()) && done.rowsInvalid() == 1 && !user.call(() -> {
                            java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
                            try {
                                imports.errorReport(job, report);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            return exportNames(report.toByteArray());
                        }).contains("outside your area"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A rentals workbook of one row: the area's room, a person landlord, let whole. */
    private static byte[] rentalRow(List<String> headers, String area, String room) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "walk", "1.0");
        org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("出租屋");
        for (int i = 0; i < headers.size(); i++) {
            ws.value(0, i, headers.get(i));
            String h = headers.get(i).replace("*", "");
            String v = h.startsWith("区域代码") ? area : h.startsWith("室号") ? room : h.startsWith("房东姓名") ? "巡查房东"
                    : h.equals("出租方式") ? "整租" : null;
            if (v != null) {
                ws.value(1, i, v);
            }
        }
        wb.finish();
        return out.toByteArray();
    }

    /** Every cell's text of a workbook's first sheet, joined. */
    private static String exportNames(byte[] xlsx) {
        StringBuilder b = new StringBuilder();
        try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx));
             var rows = wb.getFirstSheet().openStream()) {
            rows.forEach(r -> r.forEach(c -> b.append(c == null ? "" : c.getText()).append('|')));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toString();
    }

    @Test
    void theWalkCanFail() {
        // a positive control: the county leader may do everything everywhere, a mediator-only user nothing
        TestUsers.User mediator = TestUsers.with("walk.registry-mediator", Role.MEDIATOR, PostHolders.COUNTY);
        long household = records.get(PostHolders.GRID_B)[0];
        List<String> wrong = new ArrayList<>();
        check(wrong, mediator, PostHolders.GRID_B, "read", true, () -> mediator.call(() -> households.get(household))
                != null);
        assertThat(wrong).hasSize(1);
    }

    private static void check(List<String> wrong, TestUsers.User user, String area, String action, boolean expected,
                              Supplier<Boolean> attempt) {
        boolean allowed;
        try {
            allowed = attempt.get();
        } catch (AccessDeniedException | NotFoundException e) {
            allowed = false;
        }
        if (allowed != expected) {
            wrong.add(user.username() + " " + action + " in " + area + ": " + (allowed ? "allowed" : "refused")
                    + ", expected " + (expected ? "allowed" : "refused"));
        }
    }
}
