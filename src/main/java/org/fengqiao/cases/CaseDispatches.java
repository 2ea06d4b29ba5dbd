package org.fengqiao.cases;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.fengqiao.people.Organisations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static org.fengqiao.cases.CaseFiles.ts;

/**
 * The dispatch history of cases (who was dispatched when, who signed, who returned it) and their extension
 * requests, beside the aggregate: every dispatch and every request is kept, never overwritten.
 */
@Repository
class CaseDispatches {

    private final JdbcClient jdbc;

    CaseDispatches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new dispatch replaces the active one: the lead and its assisting departments. */
    void dispatched(long caseId, Organisations.Department lead, List<Organisations.Department> assisting,
                    Instant at, String actor) {
        deactivate(caseId);
        insert(caseId, lead, "LEAD", at, actor);
        for (Organisations.Department a : assisting) {
            insert(caseId, a, "ASSIST", at, actor);
        }
    }

    private void insert(long caseId, Organisations.Department org, String role, Instant at, String actor) {
        jdbc.sql("""
                        insert into case_dispatch (case_id, org_id, org_name, role, dispatched_at, dispatched_by)
                        values (?,?,?,?,?,?)""")
                .params(caseId, org.id(), org.name(), role, ts(at), actor).update();
    }

    void deactivate(long caseId) {
        jdbc.sql("update case_dispatch set active = false where case_id = ? and active").param(caseId).update();
    }

    void signed(long caseId, Instant at, String actor) {
        jdbc.sql("""
                        update case_dispatch set signed_at = ?, signed_by = ?
                        where case_id = ? and role = 'LEAD' and active""")
                .params(ts(at), actor, caseId).update();
    }

    void returned(long caseId, Instant at, String actor, String reason) {
        jdbc.sql("""
                        update case_dispatch set returned_at = ?, returned_by = ?, return_reason = ?, active = false
                        where case_id = ? and active""")
                .params(ts(at), actor, reason, caseId).update();
    }

    void extensionRequested(long caseId, Instant at, String actor, DeadlineRule extra, String reason,
                            Instant oldDue) {
        jdbc.sql("""
                        insert into case_extension (case_id, requested_at, requested_by, amount, unit, reason,
                                                    status, old_due)
                        values (?,?,?,?,?,?, 'PENDING', ?)""")
                .params(caseId, ts(at), actor, extra.amount(), extra.unit().name(), reason, ts(oldDue)).update();
    }

    record PendingExtension(long id, int amount, String unit) {
    }

    Optional<PendingExtension> pendingExtension(long caseId) {
        return jdbc.sql("""
                        select id, amount, unit from case_extension where case_id = ? and status = 'PENDING'
                        order by id desc limit 1""")
                .param(caseId).query(PendingExtension.class).optional();
    }

    void extensionDecided(long extensionId, boolean approved, Instant at, String actor, String reason,
                          Instant newDue) {
        jdbc.sql("""
                        update case_extension set status = ?, decided_at = ?, decided_by = ?, decision_reason = ?,
                          new_due = ? where id = ?""")
                .params(approved ? "APPROVED" : "REFUSED", ts(at), actor, reason, ts(newDue), extensionId).update();
    }
}
