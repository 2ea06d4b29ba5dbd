package org.fengqiao.mediation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.mediation.DisputeView.Agreement;
import org.fengqiao.mediation.DisputeView.Confirmation;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The written agreement (人民调解法 Art. 28–29) and what follows it: signing starts the 30 days in which the parties
 * may jointly apply for judicial confirmation (Art. 33) and sets the call-back; performance is followed up; the
 * court's acceptance (with its case number) and decision are recorded. Each sub-state refuses the wrong step (409).
 */
@Component
class AgreementBook {

    private final JdbcClient jdbc;
    private final int callbackDays;

    AgreementBook(JdbcClient jdbc, @Value("${fengqiao.mediation.callback-days:30}") int callbackDays) {
        this.jdbc = jdbc;
        this.callbackDays = callbackDays;
    }

    int callbackDays() {
        return callbackDays;
    }

    long draft(Dispute d, DisputeCommand.DraftAgreement c, Agreement existing, Instant now, String actor) {
        String facts = MediationMenu.text(c.facts(), "facts", 4000, true);
        String matters = MediationMenu.text(c.matters(), "matters in dispute", 4000, true);
        String resp = MediationMenu.text(c.responsibilities(), "responsibilities", 4000, false);
        String terms = MediationMenu.text(c.terms(), "agreed terms", 4000, true);
        String manner = MediationMenu.text(c.performanceManner(), "manner of performance", 500, true);
        LocalDate today = now.atZone(WorkingCalendar.ZONE).toLocalDate();
        if (c.performanceDeadline().isBefore(today)) {
            throw new InvalidRequestException("The deadline of performance cannot lie in the past.");
        }
        if (c.performanceDeadline().isAfter(today.plusYears(10))) {
            throw new InvalidRequestException("The deadline of performance lies more than ten years ahead.");
        }
        if (existing != null) {
            if (existing.signed()) {
                throw new ConflictException("The agreement is signed; it cannot be changed.");
            }
            jdbc.sql("""
                            update mediation_agreement set partial = ?, facts = ?, matters = ?, responsibilities = ?,
                              terms = ?, performance_manner = ?, performance_deadline = ?, drafted_at = ?,
                              drafted_by = ?, mediator_name = ?, committee_name = ?, version = version + 1
                            where id = ? and status = 'DRAFT'""")
                    .params(c.partial(), facts, matters, resp, terms, manner, c.performanceDeadline(),
                            DisputeStore.ts(now), actor, d.mediatorName, committee(d), existing.id())
                    .update();
            return existing.id();
        }
        return jdbc.sql("""
                        insert into mediation_agreement (dispute_id, number, partial, facts, matters, responsibilities,
                          terms, performance_manner, performance_deadline, status, drafted_at, drafted_by,
                          mediator_name, committee_name)
                        values (?,?,?,?,?,?,?,?,?, 'DRAFT', ?,?,?,?) returning id""")
                .params(d.id, d.number + "-XY", c.partial(), facts, matters, resp, terms, manner,
                        c.performanceDeadline(), DisputeStore.ts(now), actor, d.mediatorName, committee(d))
                .query(Long.class).single();
    }

    static String committee(Dispute d) {
        return d.siteName == null ? "人民调解委员会" : d.siteName;
    }

    /** Signed: the 30 days for confirmation and the call-back start. */
    record Signed(Instant confirmBy, Instant callbackDue) {
    }

    Signed sign(Agreement a, Instant now, String actor) {
        if (a.signed()) {
            throw new ConflictException("The agreement is signed already.");
        }
        Instant confirmBy = now.plus(Duration.ofDays(StepRules.CONFIRMATION_DAYS));
        Instant callbackDue = now.plus(Duration.ofDays(callbackDays));
        jdbc.sql("""
                        update mediation_agreement set status = 'SIGNED', signed_at = ?, signed_by = ?, confirm_by = ?,
                          performance = 'PENDING', callback_due = ?, version = version + 1
                        where id = ? and status = 'DRAFT'""")
                .params(DisputeStore.ts(now), actor, DisputeStore.ts(confirmBy), DisputeStore.ts(callbackDue), a.id())
                .update();
        return new Signed(confirmBy, callbackDue);
    }

    /** @return whether it was recorded by the deadline of performance */
    boolean performance(Agreement a, String performance, String note, Instant now, String actor) {
        requireSigned(a);
        String p = performance == null ? "" : performance.strip().toUpperCase(Locale.ROOT);
        if (!java.util.List.of("PERFORMED", "PARTLY_PERFORMED", "NOT_PERFORMED").contains(p)) {
            throw new InvalidRequestException("Performance is PERFORMED, PARTLY_PERFORMED or NOT_PERFORMED.");
        }
        if (!"PENDING".equals(a.performance()) && !"PARTLY_PERFORMED".equals(a.performance())) {
            throw new ConflictException("Performance was recorded as " + a.performance() + " already.");
        }
        String n = MediationMenu.text(note, "note", 2000, !p.equals("PERFORMED"));
        jdbc.sql("""
                        update mediation_agreement set performance = ?, performance_at = ?, performance_by = ?,
                          performance_note = ?, version = version + 1 where id = ?""")
                .params(p, DisputeStore.ts(now), actor, n, a.id()).update();
        Instant deadline = a.performanceDeadline().plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        return !now.isAfter(deadline);
    }

    String callBack(Agreement a, String result, String note, Instant now, String actor) {
        requireSigned(a);
        String r = result == null ? "" : result.strip().toUpperCase(Locale.ROOT);
        if (!java.util.List.of("HOLDING", "NOT_HOLDING", "UNREACHABLE").contains(r)) {
            throw new InvalidRequestException("A call-back finds the settlement HOLDING, NOT_HOLDING, or the parties"
                    + " UNREACHABLE.");
        }
        if (a.callbackResult() != null && !"UNREACHABLE".equals(a.callbackResult())) {
            throw new ConflictException("The call-back was done already (" + a.callbackResult() + ").");
        }
        String n = MediationMenu.text(note, "note", 2000, r.equals("NOT_HOLDING"));
        jdbc.sql("""
                        update mediation_agreement set callback_at = ?, callback_by = ?, callback_result = ?,
                          callback_note = ?, version = version + 1 where id = ?""")
                .params(DisputeStore.ts(now), actor, r, n, a.id()).update();
        return r;
    }

    long apply(Agreement a, long courtOrgId, String courtName, Instant now, String actor) {
        requireSigned(a);
        if (a.confirmation() != null) {
            throw new ConflictException("Judicial confirmation was applied for already (" + a.confirmation().status()
                    + ").");
        }
        if (now.isAfter(a.confirmBy())) {
            throw new ConflictException("The 30 days for applying for judicial confirmation ended on "
                    + a.confirmBy().atZone(WorkingCalendar.ZONE).toLocalDate() + " (人民调解法 Art. 33).");
        }
        return jdbc.sql("""
                        insert into mediation_confirmation (agreement_id, court_org_id, court_name, applied_at,
                                                            applied_by, status)
                        values (?,?,?,?,?, 'APPLIED') returning id""")
                .params(a.id(), courtOrgId, courtName, DisputeStore.ts(now), actor).query(Long.class).single();
    }

    String courtAccept(Confirmation c, boolean accepted, String caseNumber, String note, Instant now, String actor) {
        if (!"APPLIED".equals(c.status())) {
            throw new ConflictException("The application is " + c.status() + "; the court accepted or refused it"
                    + " already.");
        }
        String number = MediationMenu.text(caseNumber, "court's case number", 60, accepted);
        String n = MediationMenu.text(note, "reason", 2000, !accepted);
        String status = accepted ? "ACCEPTED" : "NOT_ACCEPTED";
        jdbc.sql("""
                        update mediation_confirmation set status = ?, court_case_number = ?, accepted_at = ?,
                          accepted_by = ?, decision_note = ? where id = ? and status = 'APPLIED'""")
                .params(status, number, DisputeStore.ts(now), actor, n, c.id()).update();
        return status;
    }

    String courtDecide(Confirmation c, boolean confirmed, String note, Instant now, String actor) {
        if (!"ACCEPTED".equals(c.status())) {
            throw new ConflictException("The application is " + c.status() + "; the court decides an accepted one.");
        }
        String n = MediationMenu.text(note, "reason", 2000, !confirmed);
        String status = confirmed ? "CONFIRMED" : "REJECTED";
        jdbc.sql("""
                        update mediation_confirmation set status = ?, decided_at = ?, decided_by = ?,
                          decision_note = coalesce(?, decision_note) where id = ? and status = 'ACCEPTED'""")
                .params(status, DisputeStore.ts(now), actor, n, c.id()).update();
        return status;
    }

    /** The dispute ended without an agreement: its draft, if any, will never be signed. */
    void voidDraft(long disputeId) {
        jdbc.sql("update mediation_agreement set status = 'VOID', version = version + 1 where dispute_id = ?"
                + " and status = 'DRAFT'").param(disputeId).update();
    }

    void printed(long agreementId) {
        jdbc.sql("update mediation_agreement set printed_count = printed_count + 1 where id = ?").param(agreementId)
                .update();
    }

    private static void requireSigned(Agreement a) {
        if (a == null || !a.signed()) {
            throw new ConflictException("There is no signed agreement.");
        }
    }
}
