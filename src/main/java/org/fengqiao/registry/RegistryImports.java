package org.fengqiao.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spreadsheet imports of households and residents, rental housing and enterprises ({@link Kind}) as background jobs:
 * upload (checked by content, the importer's scope recorded), validate every row by the kind's rules, then either
 * import everything (only when no row failed) or — the user's choice after reading the error report — only the good
 * rows. Each phase runs in {@link ImportRunner}, claimed from
 * {@code registry_import_job}, so it survives a restart; a phase commits whole or not at all.
 */
@Service
public class RegistryImports {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RegistryImports.class);

    static final int MAX_BYTES = 20 * 1024 * 1024;
    static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AreaDirectory areas;
    private final RegistryBulk bulk;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate progressTx;
    private final ImportParts parts;
    /** From how many residents a households import is stored in parts on parallel connections ({@link ImportParts}). */
    private volatile int partsFrom;

    RegistryImports(JdbcClient jdbc, JdbcTemplate template, AccessPolicy policy, FieldCipher cipher,
                    AreaDirectory areas, RegistryBulk bulk, AuditTrail audit, Clock clock,
                    PlatformTransactionManager transactions, ImportParts parts,
                    @org.springframework.beans.factory.annotation.Value("${fengqiao.registry.import-parts-from:20000}")
                    int partsFrom) {
        this.parts = parts;
        this.partsFrom = partsFrom;
        this.jdbc = jdbc;
        this.template = template;
        this.policy = policy;
        this.cipher = cipher;
        this.areas = areas;
        this.bulk = bulk;
        this.audit = audit;
        this.clock = clock;
        this.progressTx = new TransactionTemplate(transactions);
        this.progressTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What a workbook holds: each kind has its template, its checks and its way into the registry. */
    public enum Kind {
        HOUSEHOLDS, RENTALS, ENTERPRISES;

        /** The kind named (case-insensitive); blank is HOUSEHOLDS, anything else a 400. */
        public static Kind of(String raw) {
            if (raw == null || raw.isBlank()) {
                return HOUSEHOLDS;
            }
            try {
                return valueOf(raw.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("The kind of import must be HOUSEHOLDS, RENTALS or ENTERPRISES.");
            }
        }
    }

    /** A job as its owner sees it. */
    public record Job(long id, String kind, String fileName, String status, String mode, int rowsTotal,
                      int rowsInvalid, int rowsDone, int rowsImported, String problem, String createdBy,
                      OffsetDateTime createdAt, OffsetDateTime finishedAt) {
        public boolean running() {
            return List.of("VALIDATE", "VALIDATING", "IMPORT", "IMPORTING").contains(status);
        }

        public boolean awaitingChoice() {
            return "VALIDATED".equals(status);
        }

        public int goodRows() {
            return rowsTotal - rowsInvalid;
        }
    }

    private static final String SELECT = """
            select id, kind, file_name, status, mode, rows_total, rows_invalid, rows_done, rows_imported, problem,
                   created_by, created_at, finished_at from registry_import_job""";

    /** Uploads a households workbook; see {@link #upload(Kind, String, byte[])}. */
    @Transactional
    public long upload(String fileName, byte[] content) {
        return upload(Kind.HOUSEHOLDS, fileName, content);
    }

    /**
     * Uploads a workbook of a kind; the job validates it in the background and imports it at once when every row
     * passed. The importer's scope for {@link RegistryPermission#IMPORT} is recorded: every row must lie inside it.
     */
    @Transactional
    public long upload(Kind kind, String fileName, byte[] content) {
        Kind k = kind == null ? Kind.HOUSEHOLDS : kind;
        DataScope scope = policy.requireScope(RegistryPermission.IMPORT);
        if (content == null || content.length == 0) {
            throw new InvalidRequestException("Choose an .xlsx file.");
        }
        if (content.length > MAX_BYTES) {
            throw new InvalidRequestException("A workbook may have at most 20 MB.");
        }
        if (!ReadableWorkbook.isOOXMLZipHeader(content)) {
            throw new InvalidRequestException(ReadableWorkbook.isOLE2Header(content)
                    ? "This is an old .xls workbook: save it as .xlsx." : "The file is not an .xlsx workbook.");
        }
        String name = fileName == null || fileName.isBlank() ? "import.xlsx" : fileName.strip();
        name = name.length() > 200 ? name.substring(name.length() - 200) : name;
        long id = jdbc.sql("""
                        insert into registry_import_job (kind, file_name, status, mode, scope, created_by, created_at)
                        values (?, ?, 'VALIDATE', 'ALL', ?, ?, ?) returning id""")
                .params(k.name(), name, scope.prefixes().toArray(String[]::new), CurrentUser.actor(), now())
                .query(Long.class).single();
        jdbc.sql("insert into registry_import_file (job_id, content) values (?, ?)").params(id, content).update();
        audit.record("REGISTRY_IMPORT_UPLOAD", "import:" + id, k + " " + name + ", " + content.length + " bytes",
                AuditTrail.Outcome.SUCCESS);
        return id;
    }

    /** The caller's own job; 404 for anybody else's. */
    public Job get(long id) {
        return jdbc.sql(SELECT + " where id = ? and created_by = ?").params(id, CurrentUser.actor())
                .query(Job.class).optional().orElseThrow(() -> new NotFoundException("No import " + id + " of yours."));
    }

    public List<Job> mine() {
        policy.checkHeld(RegistryPermission.IMPORT);
        return jdbc.sql(SELECT + " where created_by = ? order by id desc limit 30").param(CurrentUser.actor())
                .query(Job.class).list();
    }

    /** After reading the error report: import the rows that passed (or, with no errors, all). */
    @Transactional
    public void importGoodRows(long id) {
        Job j = get(id);
        if (!j.awaitingChoice()) {
            throw new ConflictException("This import is " + j.status() + ", not waiting for a choice.");
        }
        jdbc.sql("update registry_import_job set status = 'IMPORT', mode = 'GOOD_ROWS', rows_done = 0 where id = ?")
                .param(id).update();
        audit.record("REGISTRY_IMPORT_GOOD_ROWS", "import:" + id, j.goodRows() + " good rows of " + j.rowsTotal(),
                AuditTrail.Outcome.SUCCESS);
    }

    @Transactional
    public void cancel(long id) {
        Job j = get(id);
        if (!j.awaitingChoice() && !"VALIDATE".equals(j.status())) {
            throw new ConflictException("This import is " + j.status() + " and can no longer be cancelled.");
        }
        jdbc.sql("update registry_import_job set status = 'CANCELLED', finished_at = ? where id = ?")
                .params(now(), id).update();
        jdbc.sql("update registry_import_file set content = null where job_id = ?").param(id).update();
        audit.record("REGISTRY_IMPORT_CANCEL", "import:" + id, j.fileName(), AuditTrail.Outcome.SUCCESS);
    }

    /** The per-row error report of the caller's job, watermarked with who downloads it and when. */
    @Transactional
    public void errorReport(long id, OutputStream out) throws IOException {
        Job j = get(id);
        List<HouseholdSheet.ReportLine> lines = new ArrayList<>();
        jdbc.sql("select sheet, row_no, field, message, value_enc from registry_import_error where job_id = ?"
                        + " order by row_no, id")
                .param(id).query((rs, n) -> lines.add(new HouseholdSheet.ReportLine(rs.getString(1), rs.getInt(2),
                        rs.getString(3), rs.getString(4), cipher.decrypt(rs.getBytes(5))))).list();
        audit.record("REGISTRY_IMPORT_ERROR_REPORT", "import:" + id, lines.size() + " problems",
                AuditTrail.Outcome.SUCCESS);
        HouseholdSheet.errorReport(out, lines, watermark(j.fileName()));
    }

    public void template(OutputStream out) throws IOException {
        template(Kind.HOUSEHOLDS, out);
    }

    /** Refuses (403) a user none of whose assignments grants {@link RegistryPermission#IMPORT}. */
    public void checkMayImport() {
        policy.checkHeld(RegistryPermission.IMPORT);
    }

    /** The empty template of a kind, with an example row and a sheet explaining the columns. */
    public void template(Kind kind, OutputStream out) throws IOException {
        policy.checkHeld(RegistryPermission.IMPORT);
        switch (kind == null ? Kind.HOUSEHOLDS : kind) {
            case HOUSEHOLDS -> HouseholdSheet.template(out);
            case RENTALS -> RentalSheet.template(out);
            case ENTERPRISES -> EnterpriseSheet.template(out);
        }
    }

    String watermark(String what) {
        return "枫桥 " + what + " · " + CurrentUser.actor() + " · "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.now(clock).atZone(ZONE))
                + " · 内部资料 注意保密";
    }

    // ---- the phases, run by ImportRunner on a claimed job ----

    /** A job claimed by a runner ({@code claimedBy}: the runner, which alone may finish it). */
    record Claimed(long id, String kind, String status, String createdBy, String[] scope, String claimedBy) {
    }

    /**
     * How the rows that passed are stored: given the rows read and the rows refused, it stores the good rows and, in
     * the same transaction (or the one that decides, for an import stored in parts), marks the job done through
     * {@link #finish}; it returns how many were written, or -1 when the job was no longer this runner's.
     */
    @FunctionalInterface
    private interface Store {
        int store(int rows, int invalidRows);
    }

    /** A workbook read and checked: its problems, and how to store the rows that passed. */
    private record Checked(int rows, int invalidRows, String sheet, List<HouseholdSheet.Problem> problems,
                           Store goodRows) {
    }

    /** Reads and checks the job's workbook by its kind's rules, against the registry as it is now. */
    private Checked check(Claimed job) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(content(job.id()));
        DataScope scope = DataScope.of(job.scope());
        java.util.function.IntConsumer progress = n -> progress(job.id(), n);
        String source = "import:" + job.id();
        return switch (Kind.of(job.kind())) {
            case HOUSEHOLDS -> {
                HouseholdSheet.Result r = HouseholdSheet.read(in, scope, today(), context(), progress);
                yield new Checked(r.rows(), r.invalidRows(), HouseholdSheet.SHEET, r.problems(),
                        (rows, invalid) -> storeHouseholds(job, r.goodRows(), rows, invalid, 0));
            }
            case RENTALS -> {
                RentalSheet.Result r = RentalSheet.read(in, scope, today(), rentalContext(), progress);
                yield new Checked(r.rows(), r.invalidRows(), RentalSheet.SHEET, r.problems(), (rows, invalid) ->
                        inOneTransaction(job, rows, invalid,
                                () -> bulk.writeImportedRentals(r.goodRows(), job.createdBy(), source)));
            }
            case ENTERPRISES -> {
                EnterpriseSheet.Result r = EnterpriseSheet.read(in, scope, enterpriseContext(), progress);
                yield new Checked(r.rows(), r.invalidRows(), EnterpriseSheet.SHEET, r.problems(), (rows, invalid) ->
                        inOneTransaction(job, rows, invalid,
                                () -> bulk.writeImportedEnterprises(r.goodRows(), job.createdBy(), source)));
            }
        };
    }

    /** Validates the workbook: records every problem; with none, the job goes on to import everything. */
    void validate(Claimed job) throws IOException {
        Checked result = check(job);
        progressTx.executeWithoutResult(s -> {
            jdbc.sql("delete from registry_import_error where job_id = ?").param(job.id()).update();
            List<Object[]> rows = new ArrayList<>(result.problems().size());
            for (HouseholdSheet.Problem p : result.problems()) {
                rows.add(new Object[] {job.id(), result.sheet(), p.row(), p.field(), limit(p.message()),
                        cipher.encrypt(p.value())});
            }
            template.batchUpdate("""
                    insert into registry_import_error (job_id, sheet, row_no, field, message, value_enc)
                    values (?, ?, ?, ?, ?, ?)""", rows);
            String next = result.problems().isEmpty() && result.rows() > 0 ? "IMPORT" : "VALIDATED";
            jdbc.sql("""
                            update registry_import_job set status = ?, rows_total = ?, rows_invalid = ?,
                              rows_done = ?, heartbeat_at = ?,
                              problem = case when ? = 0 then 'The workbook has no rows.' else null end
                            where id = ?""")
                    .params(next, result.rows(), result.invalidRows(), result.rows(), now(), result.rows(), job.id())
                    .update();
        });
    }

    /**
     * Imports: checks again (the registry may have changed) and writes all rows or the good ones, all or nothing.
     * A runner that stopped in the middle of an import stored in parts left them prepared, not committed: they are
     * rolled back first, and the import starts over.
     */
    void importRows(Claimed job) throws IOException {
        parts.undo(job.id());
        Checked result = check(job);
        String mode = jdbc.sql("select mode from registry_import_job where id = ?").param(job.id())
                .query(String.class).single();
        if ("ALL".equals(mode) && !result.problems().isEmpty()) {
            // something changed since the validation: nothing is imported, the user sees the new errors
            progressTx.executeWithoutResult(s -> jdbc.sql("update registry_import_job set status = 'VALIDATE'"
                    + " where id = ?").param(job.id()).update());
            return;
        }
        if (result.goodRows().store(result.rows(), result.invalidRows()) < 0) {
            log.warn("Import {} was taken up by another runner meanwhile: this one stored nothing", job.id());
        }
    }

    /** Stores the good rows of a kind written in one transaction, with the job marked done in it. */
    private int inOneTransaction(Claimed job, int rows, int invalidRows, java.util.function.IntSupplier write) {
        return progressTx.execute(s -> {
            parts.waitForLocksAtMost();
            int written = write.getAsInt();
            if (!finish(job, written, rows, invalidRows)) {
                s.setRollbackOnly();
                return -1;
            }
            return written;
        });
    }

    /**
     * Stores the good rows of a households workbook: a large one ({@code fengqiao.registry.import-parts-from}
     * residents and more) in parts on parallel connections, all or nothing ({@link ImportParts}), a smaller one — or
     * any, when the database keeps no prepared transactions — in one transaction. {@code partCount} 0 lets the
     * machine decide (one part per core), 1 forces one transaction. Returns the residents written, or -1 when the job
     * was no longer this runner's (then nothing was stored).
     */
    int storeHouseholds(Claimed job, RegistryBulk.Batch batch, int rows, int invalidRows, int partCount) {
        int n = partCount > 0 ? partCount : ImportParts.parts();
        String source = "import:" + job.id();
        if (n > 1 && batch.residents().size() >= partsFrom && parts.available(n)) {
            int written = batch.residents().size();
            RegistryBulk.Written w = parts.store(job.id(), batch, n, job.createdBy(), source,
                    () -> finish(job, written, rows, invalidRows));
            return w == null ? -1 : w.residents();
        }
        return inOneTransaction(job, rows, invalidRows,
                () -> bulk.write(batch, job.createdBy(), source).residents());
    }

    /** For tests: from how many residents a households import is stored in parts. */
    void partsFrom(int residents) {
        this.partsFrom = residents;
    }

    /**
     * Marks the job done with what was written, in the caller's transaction, only while this runner still holds it
     * (a runner whose heartbeat went stale may have been replaced); false when it no longer does.
     */
    private boolean finish(Claimed job, int written, int rows, int invalidRows) {
        int n = jdbc.sql("""
                        update registry_import_job set status = 'DONE', rows_imported = ?, rows_invalid = ?,
                          rows_total = ?, rows_done = ?, finished_at = ?, heartbeat_at = ?
                        where id = ? and status = 'IMPORTING' and claimed_by is not distinct from ?""")
                .params(written, invalidRows, rows, rows, now(), now(), job.id(), job.claimedBy()).update();
        if (n == 0) {
            return false;
        }
        jdbc.sql("update registry_import_file set content = null where job_id = ?").param(job.id()).update();
        return true;
    }

    void fail(long id, String problem) {
        progressTx.executeWithoutResult(s -> jdbc.sql("""
                        update registry_import_job set status = 'FAILED', problem = ?, finished_at = ? where id = ?""")
                .params(limit(problem), now(), id).update());
    }

    private void progress(long id, int rows) {
        progressTx.executeWithoutResult(s -> jdbc.sql(
                        "update registry_import_job set rows_done = ?, heartbeat_at = ? where id = ?")
                .params(rows, now(), id).update());
    }

    private byte[] content(long id) {
        byte[] content = jdbc.sql("select content from registry_import_file where job_id = ?").param(id)
                .query(byte[].class).optional().orElse(null);
        if (content == null) {
            throw new InvalidRequestException("The uploaded file is no longer there.");
        }
        return content;
    }

    HouseholdSheet.Context context() {
        return new HouseholdSheet.Context() {
            @Override
            public String levelOf(String areaCode) {
                return areas.find(areaCode).filter(a -> !a.retired()).map(AreaView::level).orElse(null);
            }

            @Override
            public java.util.Map<String, Long> roomsIn(Collection<String> areaCodes) {
                java.util.Map<String, Long> out = new java.util.HashMap<>();
                jdbc.sql("""
                                select id, area_code, unit, room from registry_room
                                where retired_at is null and area_code = any (?)""")
                        .param(areaCodes.toArray(String[]::new))
                        .query((rs, n) -> out.put(HouseholdSheet.address(rs.getString(2), rs.getString(3),
                                rs.getString(4)), rs.getLong(1))).list();
                return out;
            }

            @Override
            public byte[] idIndex(String idNumber) {
                return cipher.blindIndex(idNumber);
            }

            @Override
            public Set<java.nio.ByteBuffer> living(List<byte[]> idIndexes) {
                Set<java.nio.ByteBuffer> out = new HashSet<>();
                // looked up 5,000 to a query
                for (int i = 0; i < idIndexes.size(); i += 5_000) {
                    jdbc.sql("""
                                    select id_number_index from registry_resident
                                    where moved_out_at is null and id_number_index = any (?)""")
                            .param(idIndexes.subList(i, Math.min(idIndexes.size(), i + 5_000)).toArray(byte[][]::new))
                            .query((rs, n) -> out.add(java.nio.ByteBuffer.wrap(rs.getBytes(1)))).list();
                }
                return out;
            }
        };
    }

    RentalSheet.Context rentalContext() {
        return new RentalSheet.Context() {
            @Override
            public String levelOf(String areaCode) {
                return areas.find(areaCode).filter(a -> !a.retired()).map(AreaView::level).orElse(null);
            }

            @Override
            public List<RentalSheet.RoomRef> roomsIn(Collection<String> areaCodes) {
                return jdbc.sql("""
                                select r.id, r.area_code, r.unit, r.room,
                                       (select t.id from registry_rental t where t.room_id = r.id and t.ended_at is null)
                                         as rental_id
                                from registry_room r where r.retired_at is null and r.area_code = any (?)""")
                        .param(areaCodes.toArray(String[]::new)).query(RentalSheet.RoomRef.class).list();
            }
        };
    }

    EnterpriseSheet.Context enterpriseContext() {
        return new EnterpriseSheet.Context() {
            @Override
            public String kindOf(String areaCode) {
                return areas.find(areaCode).filter(a -> !a.retired())
                        .map(a -> java.util.Objects.requireNonNullElse(a.kind(), "")).orElse(null);
            }

            @Override
            public java.util.Map<String, Long> registered(Collection<String> creditCodes) {
                java.util.Map<String, Long> out = new java.util.HashMap<>();
                jdbc.sql("select credit_code, id from registry_enterprise where retired_at is null"
                                + " and credit_code = any (?)")
                        .param(creditCodes.toArray(String[]::new))
                        .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
                return out;
            }
        };
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    private OffsetDateTime now() {
        return Rooms.utc(Instant.now(clock));
    }

    private static String limit(String s) {
        return s == null ? null : s.length() > 300 ? s.substring(0, 300) : s;
    }
}
