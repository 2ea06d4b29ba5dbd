-- Spreadsheet imports run as background jobs claimed from this table (select … for update skip locked), so a job
-- survives a restart and several instances share the work. A phase (validate, import) commits whole or not at all;
-- a job whose runner died is claimed again after its heartbeat went stale and the phase starts over.
create table registry_import_job (
    id             bigint generated always as identity primary key,
    kind           varchar(16)  not null check (kind in ('HOUSEHOLDS')),
    file_name      varchar(200) not null,
    status         varchar(16)  not null check (status in ('VALIDATE', 'VALIDATING', 'VALIDATED', 'IMPORT',
                                                           'IMPORTING', 'DONE', 'FAILED', 'CANCELLED')),
    -- ALL: only when no row failed; GOOD_ROWS: the rows that passed (chosen by the user after seeing the errors)
    mode           varchar(10)  check (mode in ('ALL', 'GOOD_ROWS')),
    -- the importer's data scope for registry.IMPORT when they uploaded: every row must lie inside it
    scope          text[]       not null,
    rows_total     integer      not null default 0,
    rows_invalid   integer      not null default 0,
    rows_done      integer      not null default 0,
    rows_imported  integer      not null default 0,
    problem        varchar(500),
    created_by     varchar(64)  not null,
    created_at     timestamptz  not null,
    claimed_by     varchar(64),
    heartbeat_at   timestamptz,
    finished_at    timestamptz
);
create index registry_import_job_open on registry_import_job (id)
    where status in ('VALIDATE', 'VALIDATING', 'IMPORT', 'IMPORTING');
create index registry_import_job_creator on registry_import_job (created_by, id);

-- The uploaded workbook, kept until the job is finished (then emptied: nothing personal lingers).
create table registry_import_file (
    job_id  bigint primary key references registry_import_job (id),
    content bytea
);

-- One problem of one row: what the error report lists. The original value is personal data: kept encrypted.
create table registry_import_error (
    id         bigint generated always as identity primary key,
    job_id     bigint       not null references registry_import_job (id),
    sheet      varchar(60)  not null,
    row_no     integer      not null,
    field      varchar(60)  not null,
    message    varchar(300) not null,
    value_enc  bytea
);
create index registry_import_error_job on registry_import_error (job_id, row_no);
