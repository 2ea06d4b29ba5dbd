-- The workbench's read models: what each role's home page shows, fed by the events of intake and cases (and later
-- mediation and analytics), owned by the workbench module. Every value moves only forward in time: each group of
-- columns keeps the time of the event that set it (*_at), and an event older than that changes nothing, so a
-- redelivered or late event never moves a case backwards. "Overdue" and "near the deadline" are computed when the
-- page is read, from the deadlines kept here.

-- One row per case.
create table wb_case (
    case_id           bigint       primary key,
    number            varchar(32)  not null,
    area_code         varchar(24)  not null,
    category_code     varchar(32)  not null,
    -- the state after the newest step handled, and that step's time
    state             varchar(16)  not null,
    state_at          timestamptz  not null,
    -- from CaseOpened
    opened_at         timestamptz,
    summary           varchar(160),
    -- the lead and assisting departments and the signing deadline: set by a dispatch, cleared by a return, an
    -- escalation or a reopening
    lead_org_id       bigint,
    lead_org_name     varchar(120),
    assist_org_ids    bigint[]     not null default '{}',
    sign_due          timestamptz,
    dispatch_at       timestamptz,
    -- the handling deadline: set by a dispatch or an approved extension, cleared with the lead
    handle_due        timestamptz,
    handle_due_at     timestamptz,
    -- the verification deadline: set by the feedback
    verify_due        timestamptz,
    verify_due_at     timestamptz,
    -- the last return (退单): who sent it back and why
    returned_by       varchar(120),
    return_reason     varchar(200),
    returned_at       timestamptz,
    -- supervision (督办): by a leader (supervised_stage null) or by the sweeper for an overdue stage
    supervised        boolean      not null default false,
    supervised_stage  varchar(12),
    supervised_at     timestamptz,
    extension_pending boolean      not null default false,
    extension_at      timestamptz,
    -- the deadline of the stage the case is in: what "overdue" and "near the deadline" are measured against
    due               timestamptz  generated always as (case
                          when state = 'DISPATCHED' then sign_due
                          when state in ('IN_PROGRESS', 'REWORK') then handle_due
                          when state = 'FED_BACK' then verify_due end) stored
);
-- open cases only: the workbench never lists closed ones
create index wb_case_open_area on wb_case (area_code text_pattern_ops, state, due) where state <> 'CLOSED';
create index wb_case_open_lead on wb_case (lead_org_id, state, due) where state <> 'CLOSED';
create index wb_case_open_assist on wb_case using gin (assist_org_ids) where state <> 'CLOSED';

-- One row per report, as long as the center has not decided it, and after (a reporter's own list).
create table wb_report (
    report_id     bigint       primary key,
    area_code     varchar(24),
    channel       varchar(16),
    category_code varchar(32),
    summary       varchar(160),
    place         varchar(120),
    received_at   timestamptz,
    accept_due    timestamptz,
    submitted_by  varchar(64),
    status        varchar(16)  not null default 'PENDING',
    decided_at    timestamptz,
    case_id       bigint,
    case_number   varchar(32)
);
create index wb_report_pending on wb_report (area_code text_pattern_ops, accept_due) where status = 'PENDING';
create index wb_report_submitter on wb_report (submitted_by, received_at desc);

-- Upgrading a database of an earlier build: the events of the past were never heard here, so the read model is
-- filled once from the tables of intake and cases as they stand (the one place the workbench reads them).
insert into wb_case (case_id, number, area_code, category_code, state, state_at, opened_at, summary, lead_org_id,
                     lead_org_name, assist_org_ids, sign_due, dispatch_at, handle_due, handle_due_at, verify_due,
                     verify_due_at, supervised, supervised_stage, supervised_at, extension_pending, extension_at)
select c.id, c.number, c.area_code, c.category_code, c.state, coalesce(e.last_at, c.opened_at), c.opened_at,
       left(c.description, 160), c.lead_org_id, c.lead_org_name, c.assist_org_ids, c.sign_due, c.dispatched_at,
       c.handle_due, c.dispatched_at, c.verify_due, c.fed_back_at, c.supervised, c.auto_supervised_stage,
       c.supervised_at, c.extension_pending, coalesce(e.last_at, c.opened_at)
from case_file c
left join (select case_id, max(at) as last_at from case_event group by case_id) e on e.case_id = c.id;

insert into wb_report (report_id, area_code, channel, category_code, summary, received_at, accept_due, submitted_by,
                       status, decided_at, case_id)
select r.id, r.area_code, r.channel, r.category_code, left(r.description, 160), r.received_at, r.accept_due,
       r.submitted_by, r.status, r.decided_at, r.case_id
from report r;
