-- The center's decision about each report (立案 into a case, merged into one as a duplicate, 不予立案), owned by
-- cases: one row per report, so two clerks deciding the same report at once cannot both win. Intake's report
-- status is a read model that follows from the events (CaseOpened, ReportMerged, ReportRejected).
create table case_report (
    report_id  bigint primary key,
    decision   varchar(16) not null check (decision in ('ACCEPTED', 'MERGED', 'REJECTED')),
    case_id    bigint references case_file (id),
    reason     text,
    decided_at timestamptz not null,
    decided_by varchar(64) not null,
    check ((decision = 'REJECTED') = (case_id is null))
);
create index case_report_case on case_report (case_id);
