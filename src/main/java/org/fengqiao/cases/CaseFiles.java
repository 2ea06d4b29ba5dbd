package org.fengqiao.cases;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.fengqiao.platform.ConflictException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Loads and saves the case aggregate; a save with a stale version is refused (optimistic locking). */
@Repository
class CaseFiles {

    private final JdbcClient jdbc;

    CaseFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant in(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    String nextNumber(String areaCode, Instant now) {
        String day = now.atZone(WorkingCalendar.ZONE).toLocalDate().toString().replace("-", "");
        String prefix = areaCode.substring(0, Math.min(6, areaCode.length())) + "-" + day;
        int n = jdbc.sql("""
                        insert into case_number_counter (prefix, last) values (?, 1)
                        on conflict (prefix) do update set last = case_number_counter.last + 1 returning last""")
                .param(prefix).query(Integer.class).single();
        return prefix + "-" + String.format("%06d", n);
    }

    long insert(CaseFile c) {
        long id = jdbc.sql("""
                        insert into case_file (number, category_code, description, area_code, state, dispute,
                          first_report_id, opened_at, opened_by)
                        values (?,?,?,?,?,?,?,?,?) returning id""")
                .params(c.number, c.categoryCode, c.description, c.areaCode, c.state.name(), c.dispute,
                        c.firstReportId, ts(c.openedAt), c.openedBy).query(Long.class).single();
        c.id = id;
        return id;
    }

    /** The case if the user sees it ({@link CaseVisibility}); empty otherwise. */
    Optional<CaseFile> find(long id, CaseVisibility visible) {
        return jdbc.sql("select * from case_file c where c.id = :id and " + visible.sql())
                .param("id", id).params(visible.params()).query(CaseFiles::map).optional();
    }

    /** For system work (the sweeper, mediation outcomes): no user scope. */
    Optional<CaseFile> findForSystem(long id) {
        return jdbc.sql("select * from case_file where id = ?").param(id).query(CaseFiles::map).optional();
    }

    void save(CaseFile c) {
        int n = jdbc.sql("""
                        update case_file set area_code=?, handling_level=?, state=?, lead_org_id=?, lead_org_name=?,
                          assist_org_ids=?, first_dispatched_at=?, dispatched_at=?, signed_at=?, fed_back_at=?,
                          sign_due=?, handle_due=?, verify_due=?, closed_at=?, closed_by=?, closing_kind=?,
                          dispatch_count=?, return_count=?, rework_count=?, supervised=?, supervised_at=?,
                          supervised_by=?, supervision_reason=?, auto_supervised_stage=?, urge_count=?,
                          last_urged_at=?, extension_pending=?, backlog_reason=?, rating=?, rated_at=?, rated_by=?,
                          version = version + 1
                        where id = ? and version = ?""")
                .params(c.areaCode, c.handlingLevel, c.state.name(), c.leadOrgId, c.leadOrgName,
                        c.assistOrgIds.toArray(Long[]::new), ts(c.firstDispatchedAt), ts(c.dispatchedAt),
                        ts(c.signedAt), ts(c.fedBackAt), ts(c.signDue), ts(c.handleDue), ts(c.verifyDue),
                        ts(c.closedAt), c.closedBy, c.closingKind, c.dispatchCount, c.returnCount, c.reworkCount,
                        c.supervised, ts(c.supervisedAt), c.supervisedBy, c.supervisionReason,
                        c.autoSupervisedStage, c.urgeCount, ts(c.lastUrgedAt), c.extensionPending, c.backlogReason,
                        c.rating, ts(c.ratedAt), c.ratedBy, c.id, c.version)
                .update();
        if (n == 0) {
            throw new ConflictException("Someone else changed case " + c.number
                    + " in the meantime; reload and try again.");
        }
        c.version++;
    }

    void append(long caseId, CaseFile.Step s, String actor, Instant at) {
        append(caseId, s, actor, at, false);
    }

    /** A timeline entry; {@code shownToPublic} marks a note the public tracking page and Open311 may show. */
    void append(long caseId, CaseFile.Step s, String actor, Instant at, boolean shownToPublic) {
        jdbc.sql("""
                        insert into case_event (case_id, at, actor, action, from_state, to_state, reason, detail, org_id,
                                                photo_ids, public)
                        values (?,?,?,?,?,?,?,?,?,?,?)""")
                .params(caseId, ts(at), actor, s.action().name(), s.from() == null ? null : s.from().name(),
                        s.to() == null ? null : s.to().name(), s.reason(), s.detail(), s.orgId(),
                        s.photos().toArray(UUID[]::new), shownToPublic)
                .update();
    }

    /**
     * Records the center's decision about a report: one per report, so two clerks deciding the same report at once
     * cannot both win (409 for the second).
     */
    void decide(long reportId, String decision, Long caseId, String reason, Instant at, String actor) {
        int n = jdbc.sql("""
                        insert into case_report (report_id, decision, case_id, reason, decided_at, decided_by)
                        values (?,?,?,?,?,?) on conflict (report_id) do nothing""")
                .params(reportId, decision, caseId, reason, ts(at), actor).update();
        if (n == 0) {
            throw new ConflictException("Report " + reportId + " was already decided");
        }
    }

    List<CaseManagement.TimelineEntry> timeline(long caseId) {
        return jdbc.sql("""
                        select id, at, actor, action, from_state, to_state, reason, detail, photo_ids, public
                        from case_event where case_id = ? order by id""")
                .param(caseId)
                .query((rs, n) -> new CaseManagement.TimelineEntry(rs.getLong("id"), in(rs, "at"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("from_state"),
                        rs.getString("to_state"), rs.getString("reason"), rs.getString("detail"),
                        List.of((UUID[]) rs.getArray("photo_ids").getArray()), rs.getBoolean("public")))
                .list();
    }

    static CaseFile map(ResultSet rs, int row) throws SQLException {
        CaseFile c = new CaseFile();
        c.id = rs.getLong("id");
        c.number = rs.getString("number");
        c.categoryCode = rs.getString("category_code");
        c.description = rs.getString("description");
        c.areaCode = rs.getString("area_code");
        c.handlingLevel = rs.getString("handling_level");
        c.state = CaseState.valueOf(rs.getString("state"));
        c.dispute = rs.getBoolean("dispute");
        c.firstReportId = (Long) rs.getObject("first_report_id");
        c.openedAt = in(rs, "opened_at");
        c.openedBy = rs.getString("opened_by");
        c.leadOrgId = (Long) rs.getObject("lead_org_id");
        c.leadOrgName = rs.getString("lead_org_name");
        Array assist = rs.getArray("assist_org_ids");
        c.assistOrgIds = assist == null ? List.of() : Arrays.asList((Long[]) assist.getArray());
        c.firstDispatchedAt = in(rs, "first_dispatched_at");
        c.dispatchedAt = in(rs, "dispatched_at");
        c.signedAt = in(rs, "signed_at");
        c.fedBackAt = in(rs, "fed_back_at");
        c.signDue = in(rs, "sign_due");
        c.handleDue = in(rs, "handle_due");
        c.verifyDue = in(rs, "verify_due");
        c.closedAt = in(rs, "closed_at");
        c.closedBy = rs.getString("closed_by");
        c.closingKind = rs.getString("closing_kind");
        c.dispatchCount = rs.getInt("dispatch_count");
        c.returnCount = rs.getInt("return_count");
        c.reworkCount = rs.getInt("rework_count");
        c.supervised = rs.getBoolean("supervised");
        c.supervisedAt = in(rs, "supervised_at");
        c.supervisedBy = rs.getString("supervised_by");
        c.supervisionReason = rs.getString("supervision_reason");
        c.autoSupervisedStage = rs.getString("auto_supervised_stage");
        c.urgeCount = rs.getInt("urge_count");
        c.lastUrgedAt = in(rs, "last_urged_at");
        c.extensionPending = rs.getBoolean("extension_pending");
        c.backlogReason = rs.getString("backlog_reason");
        c.rating = rs.getString("rating");
        c.ratedAt = in(rs, "rated_at");
        c.ratedBy = rs.getString("rated_by");
        c.version = rs.getInt("version");
        return c;
    }
}
