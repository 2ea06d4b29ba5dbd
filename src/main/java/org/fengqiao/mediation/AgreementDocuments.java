package org.fengqiao.mediation;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.mediation.DisputeView.Agreement;
import org.fengqiao.mediation.internal.AgreementPdf;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The agreement as a printable PDF, one copy per party and one kept. Printing reads the parties' details, so it is
 * audited; ID and phone numbers are printed masked unless the printer may unmask parties and states why (a copy for
 * the court, say), which is audited as an unmasking.
 */
@Service
public class AgreementDocuments {

    private static final DateTimeFormatter CN_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final Disputes disputes;
    private final DisputeParts parts;
    private final AgreementBook agreements;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final JdbcClient jdbc;

    AgreementDocuments(Disputes disputes, DisputeParts parts, AgreementBook agreements, AccessPolicy policy,
                       FieldCipher cipher, AuditTrail audit, JdbcClient jdbc) {
        this.disputes = disputes;
        this.parts = parts;
        this.agreements = agreements;
        this.policy = policy;
        this.cipher = cipher;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** The PDF of the dispute's agreement (a draft is watermarked); {@code fullNumbers} needs a reason. */
    @Transactional
    public byte[] pdf(long disputeId, boolean fullNumbers, String reason) {
        CurrentUser.User u = CurrentUser.require();
        Dispute d = disputes.load(disputeId, u);
        Agreement a = parts.agreement(d.id).orElseThrow(() ->
                new ConflictException("Dispute " + d.number + " has no written agreement yet."));
        if ("VOID".equals(a.status())) {
            throw new ConflictException("The draft agreement of " + d.number + " was voided: the dispute ended without"
                    + " an agreement.");
        }
        String why = reason == null ? "" : reason.strip();
        if (fullNumbers) {
            if (!policy.allows(u, MediationPermission.UNMASK_PARTY, d.areaCode)) {
                audit.recordIndependently(u.username(), "DISPUTE_PARTY_UNMASK", "dispute:" + d.number,
                        "agreement print; no permission", AuditTrail.Outcome.DENIED);
                throw new AccessDeniedException("None of your role assignments allows printing full ID numbers");
            }
            if (why.length() < 4) {
                throw new InvalidRequestException("State why the agreement is printed with full ID and phone numbers"
                        + " (at least 4 characters).");
            }
        }
        record P(String side, String kind, String name, String idNumberMasked, String phoneMasked,
                 byte[] idNumberEnc, byte[] phoneEnc, String address, int represents) {
        }
        List<P> rows = jdbc.sql("""
                        select side, kind, name, id_number_masked, phone_masked, id_number_enc, phone_enc, address,
                               represents from mediation_party where dispute_id = ? order by ord""")
                .param(d.id).query(P.class).list();
        List<AgreementPdf.Party> printed = new ArrayList<>();
        for (P p : rows) {
            String side = switch (p.side()) {
                case "APPLICANT" -> "申请人";
                case "RESPONDENT" -> "被申请人";
                default -> "第三人";
            };
            printed.add(new AgreementPdf.Party(side, p.name(), p.kind().equals("PERSON") ? "身份证号" : "统一社会信用代码",
                    fullNumbers ? cipher.decrypt(p.idNumberEnc()) : p.idNumberMasked(),
                    fullNumbers ? cipher.decrypt(p.phoneEnc()) : p.phoneMasked(), p.address(), p.represents()));
        }
        String signed = a.signedAt() == null ? null
                : CN_DATE.format(a.signedAt().atZone(WorkingCalendar.ZONE).toLocalDate());
        byte[] pdf = AgreementPdf.render(new AgreementPdf.Content(a.number(), !a.signed(), a.partial(), printed,
                a.facts(), a.matters(), a.responsibilities(), a.terms(), a.performanceManner(),
                CN_DATE.format(a.performanceDeadline()), a.mediatorName(), a.committeeName(), signed, d.number));
        agreements.printed(a.id());
        if (fullNumbers) {
            audit.record(u.username(), "DISPUTE_PARTY_UNMASK", "dispute:" + d.number, "agreement printed with full"
                    + " numbers of " + rows.size() + " parties; reason: " + (why.length() > 200 ? why.substring(0, 200)
                    : why), AuditTrail.Outcome.SUCCESS);
        } else {
            audit.record(u.username(), "DISPUTE_AGREEMENT_PRINT", "dispute:" + d.number, rows.size()
                    + " parties (masked)" + (a.signed() ? "" : ", draft"), AuditTrail.Outcome.SUCCESS);
        }
        return pdf;
    }
}
