-- A draft agreement of a dispute that ended without one (not settled, withdrawn, referred) is voided, so no draft
-- is left waiting for a signature that can never come.
alter table mediation_agreement drop constraint mediation_agreement_status_check;
alter table mediation_agreement add constraint mediation_agreement_status_check
    check (status in ('DRAFT', 'SIGNED', 'VOID'));
