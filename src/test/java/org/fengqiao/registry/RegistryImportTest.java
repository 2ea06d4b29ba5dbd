package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Spreadsheet imports on the real database: per-row errors, all or nothing, good rows only, resume, scope. */
@IntegrationTest
class RegistryImportTest {

    @Autowired
    RegistryImports imports;
    @Autowired
    ImportRunner runner;
    @Autowired
    AreaDirectory areas;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.fengqiao.platform.FieldCipher cipher;

    static final TestUsers.User GRID_A = TestUsers.with("imp.grid-a", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);

    String building() {
        return areas.atLevel("BUILDING", DataScope.of(DemoAccounts.GRID_A_CODE)).getFirst().code();
    }

    static String room() {
        return "I" + ThreadLocalRandom.current().nextInt(10_000_000);
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

    @Test
    void aWorkbookWithErrorsImportsNothingAndReportsEveryBadRowThenTheFixedOneImports() {
        String b = building();
        String room = room();
        String id1 = RegistryTest.newId(1970, true);
        String id2 = RegistryTest.newId(1972, false);
        String badId = id2.substring(0, 17) + (id2.charAt(17) == '1' ? '2' : '1');
        List<String[]> rows = new ArrayList<>();
        rows.add(Workbooks.row(b, room, "H1", "导入户主", id1, "户主", "户籍人口"));
        rows.add(Workbooks.row(b, room, "H1", "导入配偶", badId, "10", "户籍人口"));
        rows.add(Workbooks.row("440784106200001", room(), "H2", "越界居民", null, "02", null));
        rows.add(Workbooks.row(b, room, "H1", "", null, "20", null));
        long job = GRID_A.call(() -> imports.upload("bad.xlsx", Workbooks.households(rows)));
        RegistryImports.Job j = await(job, GRID_A);
        assertThat(j.status()).isEqualTo("VALIDATED");
        assertThat(j.rowsTotal()).isEqualTo(4);
        assertThat(j.rowsInvalid()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from registry_resident where name like '导入%'").query(Long.class)
                .single()).isZero();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        GRID_A.run(() -> {
            try {
                imports.errorReport(job, report);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String[]> lines = Workbooks.errorLines(report.toByteArray());
        assertThat(lines).extracting(l -> l[1] + " " + l[2]).containsExactly("3 公民身份号码", "4 区域代码(楼栋或网格)*",
                "5 姓名*");
        assertThat(lines.getFirst()[4]).isEqualTo(badId);
        assertThat(lines.get(1)[3]).contains("outside your area");
        assertThat(Workbooks.watermark(report.toByteArray())).contains("imp.grid-a").contains("bad.xlsx");
        // the fixed workbook goes straight through
        List<String[]> fixed = new ArrayList<>();
        fixed.add(Workbooks.row(b, room, "H1", "导入户主", id1, "户主", "户籍人口"));
        fixed.add(Workbooks.row(b, room, "H1", "导入配偶", id2, "10", "户籍人口"));
        long again = GRID_A.call(() -> imports.upload("fixed.xlsx", Workbooks.households(fixed)));
        RegistryImports.Job done = await(again, GRID_A);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(2);
        assertThat(jdbc.sql("""
                        select count(distinct h.id) from registry_resident p join registry_household h
                        on h.id = p.household_id where p.name in ('导入户主', '导入配偶') and p.moved_out_at is null""")
                .query(Long.class).single()).isEqualTo(1);
        // importing the same people again is refused row by row: they live here already
        long twice = GRID_A.call(() -> imports.upload("fixed.xlsx", Workbooks.households(fixed)));
        RegistryImports.Job dup = await(twice, GRID_A);
        assertThat(dup.status()).isEqualTo("VALIDATED");
        assertThat(dup.rowsInvalid()).isEqualTo(2);
    }

    /**
     * Rows are checked a chunk at a time while the rest of the workbook is still being read: what needs the whole file
     * (the same ID number in two chunks) and what each chunk looks up (a person living here already) is still found on
     * the right rows, and every good row keeps the blind index of its own ID number for the store.
     */
    @Test
    void rowsCheckedWhileTheWorkbookIsReadAreJudgedAsAWhole() throws Exception {
        String b = building();
        byte[] livingEnc = jdbc.sql("select id_number_enc from registry_resident where moved_out_at is null"
                + " and id_number_enc is not null order by id limit 1").query(byte[].class).single();
        String living = cipher.decrypt(livingEnc);
        int n = HouseholdSheet.CHUNK * 2 + 200;
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Workbooks.row(b, room(), "C" + i, "分块居民", RegistryTest.newId(1950 + i % 50, i % 2 == 0), "02",
                    "户籍人口"));
        }
        String twice = rows.get(3)[HouseholdSheet.ID];
        rows.get(HouseholdSheet.CHUNK * 2 + 100)[HouseholdSheet.ID] = twice;
        rows.get(HouseholdSheet.CHUNK + 7)[HouseholdSheet.ID] = living;
        HouseholdSheet.Result r = HouseholdSheet.read(new java.io.ByteArrayInputStream(Workbooks.households(rows)),
                DataScope.of(DemoAccounts.GRID_A_CODE), java.time.LocalDate.now(), imports.context(), x -> { });
        assertThat(r.rows()).isEqualTo(n);
        // workbook rows are numbered from 1, the header being row 1
        assertThat(r.problems()).extracting(p -> p.row() + " " + p.message().split(":")[0].split(" rows")[0])
                .contains("5 the same ID number is on", HouseholdSheet.CHUNK + 9 + " already registered as"
                        + " living in a household", HouseholdSheet.CHUNK * 2 + 102 + " the same ID number is on");
        // other tests' residents may have been given some of these test ID numbers: those rows are refused too, and
        // only those
        for (HouseholdSheet.Problem p : r.problems()) {
            if (!p.value().equals(twice)) {
                assertThat(p.message()).startsWith("already registered as living");
                assertThat(jdbc.sql("select count(*) from registry_resident where moved_out_at is null"
                        + " and id_number_index = ?").param(cipher.blindIndex(p.value())).query(Long.class).single())
                        .isEqualTo(1);
            }
        }
        assertThat(r.goodRowCount()).isEqualTo(n - r.problems().size()).isGreaterThan(n / 2);
        for (RegistryBulk.Resident p : r.goodRows().residents()) {
            assertThat(p.idNumberIndex()).isEqualTo(cipher.blindIndex(p.checked().idNumber()));
        }
    }

    @Test
    void theRoomsOfAnAreaOutsideTheUsersScopeAreNeverRead() throws Exception {
        // a user whose scope is one building, and a row in another building
        List<String> buildings = areas.atLevel("BUILDING", DataScope.of(DemoAccounts.COUNTY_CODE)).stream()
                .map(a -> a.code()).toList();
        String mine = buildings.getFirst();
        String other = buildings.stream().filter(c -> !c.startsWith(mine)).findFirst().orElseThrow();
        List<String[]> rows = List.of(
                Workbooks.row(mine, room(), "S1", "范围内户主", RegistryTest.newId(1961, true), "02", null),
                Workbooks.row(other, room(), "S2", "范围外户主", RegistryTest.newId(1962, true), "02", null));
        HouseholdSheet.Context real = imports.context();
        List<String> roomAreasRead = new java.util.concurrent.CopyOnWriteArrayList<>();
        HouseholdSheet.Context recording = new HouseholdSheet.Context() {
            @Override
            public String levelOf(String areaCode) {
                return real.levelOf(areaCode);
            }

            @Override
            public java.util.Map<String, Long> roomsIn(java.util.Collection<String> areaCodes) {
                roomAreasRead.addAll(areaCodes);
                return real.roomsIn(areaCodes);
            }

            @Override
            public byte[] idIndex(String idNumber) {
                return real.idIndex(idNumber);
            }

            @Override
            public java.util.Set<java.nio.ByteBuffer> living(List<byte[]> idIndexes) {
                return real.living(idIndexes);
            }
        };
        HouseholdSheet.Result r = HouseholdSheet.read(new java.io.ByteArrayInputStream(Workbooks.households(rows)),
                DataScope.of(mine), java.time.LocalDate.now(), recording, x -> { });
        // the other building's row is refused, and its building's rooms were not read to refuse it
        assertThat(r.problems()).extracting(HouseholdSheet.Problem::message).containsExactly("outside your area");
        assertThat(r.goodRowCount()).isEqualTo(1);
        assertThat(roomAreasRead).containsExactly(mine);
    }

    @Test
    void theUserMayChooseToImportOnlyTheGoodRows() {
        String b = building();
        List<String[]> rows = new ArrayList<>();
        rows.add(Workbooks.row(b, room(), "G1", "好行户主", RegistryTest.newId(1966, true), "02", null));
        rows.add(Workbooks.row(b, room(), "G2", "坏行户主", "12345", "02", null));
        long job = GRID_A.call(() -> imports.upload("mixed.xlsx", Workbooks.households(rows)));
        assertThat(await(job, GRID_A).status()).isEqualTo("VALIDATED");
        GRID_A.run(() -> imports.importGoodRows(job));
        RegistryImports.Job done = await(job, GRID_A);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from registry_resident where name = '好行户主'").query(Long.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from registry_resident where name = '坏行户主'").query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select content is null from registry_import_file where job_id = ?").param(job)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aJobInterruptedByARestartIsTakenUpAgain() {
        List<String[]> rows = List.<String[]>of(Workbooks.row(building(), room(), "R1", "重启户主",
                RegistryTest.newId(1981, false), "02", null));
        long job = GRID_A.call(() -> imports.upload("restart.xlsx", Workbooks.households(rows)));
        // a runner claimed it and died: its heartbeat went stale
        jdbc.sql("update registry_import_job set status = 'VALIDATING', claimed_by = 'gone',"
                + " heartbeat_at = now() - interval '10 minutes' where id = ?").param(job).update();
        RegistryImports.Job done = await(job, GRID_A);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(1);
    }

    @Test
    void notAWorkbookIsRefusedAtTheDoorAndJobsAreTheirOwners() {
        assertThatThrownBy(() -> GRID_A.call(() -> imports.upload("x.xlsx", "name,id\n".getBytes())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(".xlsx");
        long job = GRID_A.call(() -> imports.upload("own.xlsx", Workbooks.households(List.of())));
        TestUsers.User other = TestUsers.with("imp.other", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);
        assertThatThrownBy(() -> other.call(() -> imports.get(job))).isInstanceOf(NotFoundException.class);
        assertThat(await(job, GRID_A).problem()).contains("no rows");
    }
}
