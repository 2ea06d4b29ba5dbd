package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.ScheduledJobPause;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A large households import is stored in parts on parallel connections with two-phase commit: all of it or nothing,
 * a clash in a later part leaves nothing behind, parts a stopped runner left prepared are rolled back before the
 * import starts over, and those of a decided import are committed.
 */
@IntegrationTest
class ImportPartsTest {

    @Autowired
    RegistryImports imports;
    @Autowired
    ImportRunner runner;
    @Autowired
    ImportParts parts;
    @Autowired
    RegistryBulk bulk;
    @Autowired
    AreaDirectory areas;
    @Autowired
    FieldCipher cipher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    static final TestUsers.User GRID_A = TestUsers.with("parts.grid-a", Role.GRID_WORKER, DemoAccounts.GRID_A_CODE);

    ScheduledJobPause scheduledRunner;

    /** The tests run the import runner by hand, and set jobs up as a stopped runner left them: the scheduled one waits. */
    @BeforeEach
    void pauseTheScheduledRunner() {
        scheduledRunner = ScheduledJobPause.of(jdbc, "registry.ImportRunner");
    }

    @AfterEach
    void resumeTheScheduledRunner() {
        scheduledRunner.close();
    }

    List<String> buildings() {
        return areas.atLevel("BUILDING", DataScope.of(DemoAccounts.GRID_A_CODE)).stream().map(a -> a.code())
                .toList();
    }

    /** A households workbook: {@code households} households of one to three residents, in the grid's buildings. */
    List<String[]> rows(String tag, int households) {
        List<String> b = buildings();
        List<String[]> rows = new ArrayList<>();
        for (int h = 0; h < households; h++) {
            for (int m = 0; m <= h % 3; m++) {
                rows.add(Workbooks.row(b.get(h % b.size()), tag + "-" + h, tag + "K" + h,
                        "分批" + tag + "户" + h + "-" + m, RegistryTest.newId(1950 + (h + m) % 60, m % 2 == 0),
                        m == 0 ? "02" : "20", "户籍人口"));
            }
        }
        return rows;
    }

    static String tag() {
        return "P" + ThreadLocalRandom.current().nextInt(10_000_000);
    }

    RegistryImports.Job await(long id) {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        RegistryImports.Job j = GRID_A.call(() -> imports.get(id));
        while (j.running() && Instant.now().isBefore(until)) {
            runner.runOne();
            j = GRID_A.call(() -> imports.get(id));
        }
        return j;
    }

    long residents(String tag) {
        return jdbc.sql("select count(*) from registry_resident where name like ?").param("分批" + tag + "户%")
                .query(Long.class).single();
    }

    long rooms(String tag) {
        return jdbc.sql("select count(*) from registry_room where room like ?").param(tag + "-%").query(Long.class)
                .single();
    }

    long codes(String tag) {
        return jdbc.sql("""
                        select count(*) from public_code c join registry_room r on c.target_ref = r.id::text
                        where c.target_kind = 'ROOM' and r.room like ?""").param(tag + "-%").query(Long.class)
                .single();
    }

    /** A job row as a runner holds it while importing. */
    long importingJob(String claimedBy) {
        return jdbc.sql("""
                        insert into registry_import_job (kind, file_name, status, mode, scope, created_by, created_at,
                                                         claimed_by, heartbeat_at)
                        values ('HOUSEHOLDS', 'parts.xlsx', 'IMPORTING', 'ALL', ?, 'parts.grid-a', now(), ?, now())
                        returning id""").params(new String[] {DemoAccounts.GRID_A_CODE}, claimedBy)
                .query(Long.class).single();
    }

    RegistryBulk.Batch batch(List<String[]> rows) throws Exception {
        return HouseholdSheet.read(new ByteArrayInputStream(Workbooks.households(rows)),
                DataScope.of(DemoAccounts.GRID_A_CODE), LocalDate.now(), imports.context(), x -> { }).goodRows();
    }

    @Test
    void aBatchIsSplitIntoPartsOfWholeRoomsWithEveryIndexFollowingItsRows() throws Exception {
        String tag = tag();
        RegistryBulk.Batch batch = batch(rows(tag, 30));
        List<RegistryBulk.Batch> pieces = RegistryBulk.split(batch, 3);
        assertThat(pieces).hasSize(3);
        assertThat(pieces.stream().mapToInt(p -> p.residents().size()).sum()).isEqualTo(batch.residents().size());
        assertThat(pieces.stream().mapToInt(p -> p.rooms().size()).sum()).isEqualTo(batch.rooms().size());
        for (RegistryBulk.Batch p : pieces) {
            // about a third of the residents each, and every resident still in the room of its household
            assertThat(p.residents().size()).isBetween(batch.residents().size() / 3 - 3,
                    batch.residents().size() / 3 + 3);
            for (RegistryBulk.Resident r : p.residents()) {
                String name = r.checked().name();
                int household = Integer.parseInt(name.substring(("分批" + tag + "户").length(), name.indexOf('-')));
                assertThat(p.rooms().get(p.households().get(r.household()).room()).room())
                        .isEqualTo(tag + "-" + household);
            }
        }
    }

    @Test
    void aLargeImportIsStoredInPartsThroughTheJobAllOfItOnce() {
        String tag = tag();
        List<String[]> rows = rows(tag, 40);
        long job = GRID_A.call(() -> imports.upload("parts.xlsx", Workbooks.households(rows)));
        imports.partsFrom(10);
        try {
            RegistryImports.Job done = await(job);
            assertThat(done.status()).isEqualTo("DONE");
            assertThat(done.rowsImported()).isEqualTo(rows.size());
        } finally {
            imports.partsFrom(20_000);
        }
        assertThat(residents(tag)).isEqualTo(rows.size());
        assertThat(rooms(tag)).isEqualTo(40);
        assertThat(codes(tag)).isEqualTo(40);
        assertThat(parts.prepared(job)).isEmpty();
        // one audit record for the whole import, not one per part
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'REGISTRY_BULK_LOAD' and target = ?")
                .param("import:" + job).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aClashInALaterPartLeavesNothingOfTheImportBehind() throws Exception {
        String tag = tag();
        List<String[]> rows = rows(tag, 30);
        RegistryBulk.Batch batch = batch(rows);
        // somebody registers the last row's person after the import checked the file: the last part's copy fails
        // on the one-home index while the first part is already prepared
        RegistryBulk.Resident last = batch.residents().getLast();
        String lastId = last.checked().idNumber();
        bulk.write(new RegistryBulk.Batch(List.of(new RegistryBulk.Room(buildings().getFirst(), true, null, null,
                        tag + "-meanwhile", null, null)), List.of(new RegistryBulk.Household(0, "REGISTERED", null, null)),
                List.of(new RegistryBulk.Resident(0, last.input(), last.checked())), List.of(), List.of()), "other",
                "meanwhile");
        long job = importingJob("parts-test");
        assertThatThrownBy(() -> parts.store(job, batch, 2, "parts.grid-a", "import:" + job, () -> true))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThat(parts.prepared(job)).isEmpty();
        // of the import: no resident, room, household or door-plate code, no audit record
        assertThat(residents(tag)).isEqualTo(1);
        assertThat(rooms(tag)).isEqualTo(1);
        assertThat(codes(tag)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from registry_household h join registry_room r on r.id = h.room_id"
                + " where r.room like ?").param(tag + "-%").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where target = ?").param("import:" + job)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from registry_resident where id_number_index = ?")
                .param(cipher.blindIndex(lastId)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void partsARunnerLeftPreparedBeforeDecidingAreRolledBackAndTheImportStartsOver() throws Exception {
        String tag = tag();
        List<String[]> rows = rows(tag, 12);
        long job = GRID_A.call(() -> imports.upload("restart.xlsx", Workbooks.households(rows)));
        // a runner took the import, prepared its parts and stopped before deciding: its heartbeat went stale
        jdbc.sql("update registry_import_job set status = 'IMPORTING', claimed_by = 'gone',"
                + " heartbeat_at = now() - interval '10 minutes' where id = ?").param(job).update();
        parts.prepare(job, batch(rows), 2, "parts.grid-a");
        assertThat(parts.prepared(job)).hasSize(2);
        assertThat(residents(tag)).isZero();

        RegistryImports.Job done = await(job);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsImported()).isEqualTo(rows.size());
        assertThat(parts.prepared(job)).isEmpty();
        // every resident once: the left parts were rolled back, not committed beside the new import
        assertThat(residents(tag)).isEqualTo(rows.size());
        assertThat(rooms(tag)).isEqualTo(12);
    }

    @Test
    void aRunnerWaitsOnlySoLongForRowsAnotherImportHoldsAndTheJobSaysWhy() throws Exception {
        String tag = tag();
        List<String[]> rows = rows(tag, 6);
        // another import, whose runner has not decided yet, holds the same rows in its prepared parts
        long other = importingJob("elsewhere");
        parts.prepare(other, batch(rows), 2, "parts.grid-a");
        long job = GRID_A.call(() -> imports.upload("held.xlsx", Workbooks.households(rows)));
        RegistryImports.Job failed;
        parts.lockWait("300ms");
        try {
            failed = await(job);
        } finally {
            parts.lockWait("60s");
        }
        // the runner gave up instead of waiting for ever (with every later import queued behind it)
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.problem()).isEqualTo(ImportParts.HELD);
        assertThat(residents(tag)).isZero();

        // the other import fails: its parts are rolled back, and the same workbook imported again goes through
        jdbc.sql("update registry_import_job set status = 'FAILED' where id = ?").param(other).update();
        parts.settle();
        assertThat(parts.prepared(other)).isEmpty();
        long again = GRID_A.call(() -> imports.upload("held.xlsx", Workbooks.households(rows)));
        assertThat(await(again).status()).isEqualTo("DONE");
        assertThat(residents(tag)).isEqualTo(rows.size());
        assertThat(rooms(tag)).isEqualTo(6);
    }

    @Test
    void partsOfADecidedImportAreCommittedAndThoseOfAFailedOneRolledBack() throws Exception {
        String decided = tag();
        String failed = tag();
        long a = importingJob("parts-test");
        long b = importingJob("parts-test");
        ImportParts.Prepared pa = parts.prepare(a, batch(rows(decided, 6)), 2, "parts.grid-a");
        parts.prepare(b, batch(rows(failed, 6)), 2, "parts.grid-a");
        // the runner of a decided — the job DONE, the audit record and the event, as ImportParts.store's deciding
        // transaction writes them — and stopped before it committed the parts; b's failed
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("update registry_import_job set status = 'DONE' where id = ?").param(a).update();
            bulk.announce(pa.stored(), "parts.grid-a", "import:" + a);
        });
        jdbc.sql("update registry_import_job set status = 'FAILED' where id = ?").param(b).update();
        parts.settle();
        assertThat(parts.prepared(a)).isEmpty();
        assertThat(parts.prepared(b)).isEmpty();
        assertThat(residents(decided)).isEqualTo(rows(decided, 6).size());
        assertThat(rooms(decided)).isEqualTo(6);
        assertThat(residents(failed)).isZero();
        assertThat(rooms(failed)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'REGISTRY_BULK_LOAD' and target = ?")
                .param("import:" + a).query(Long.class).single()).isEqualTo(1);
    }
}
