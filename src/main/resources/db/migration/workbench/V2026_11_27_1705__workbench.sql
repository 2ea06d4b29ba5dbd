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

-- One row per dispute (mediation's events): where it stands, at which site and tier, and the mediator chosen.
create table wb_dispute (
    dispute_id  bigint       primary key,
    number      varchar(32)  not null,
    area_code   varchar(24)  not null,
    type        varchar(24),
    state       varchar(24)  not null,
    state_at    timestamptz  not null,
    mediator_id bigint,
    mediator_at timestamptz,
    site_id     bigint,
    tier        varchar(24),
    tier_due    timestamptz,
    site_at     timestamptz
);
create index wb_dispute_open_area on wb_dispute (area_code text_pattern_ops, state) where state <> 'CLOSED';
create index wb_dispute_open_mediator on wb_dispute (mediator_id) where state <> 'CLOSED';

-- Mediation sessions: booked, then held or cancelled (a status never goes back to BOOKED).
create table wb_session (
    session_id bigint       primary key,
    dispute_id bigint       not null,
    number     varchar(32)  not null,
    area_code  varchar(24)  not null,
    starts_at  timestamptz,
    ends_at    timestamptz,
    status     varchar(12)  not null
);
create index wb_session_booked on wb_session (area_code text_pattern_ops, starts_at) where status = 'BOOKED';

-- Early warnings from any module (today: mediation's), each acknowledged and handled by a named person; a state
-- only moves forward: RAISED, ACKNOWLEDGED, HANDLED.
create table wb_warning (
    source             varchar(16)  not null,
    warning_id         bigint       not null,
    subject_id         bigint,
    number             varchar(32),
    area_code          varchar(24)  not null,
    rule_code          varchar(32),
    level              varchar(8),
    finding            varchar(200),
    assignee_person_id bigint,
    raised_at          timestamptz,
    ack_due            timestamptz,
    handle_due         timestamptz,
    state              varchar(16)  not null,
    primary key (source, warning_id)
);
create index wb_warning_open on wb_warning (area_code text_pattern_ops, handle_due) where state <> 'HANDLED';

-- Judicial confirmations (司法确认) the parties applied for, for the court's liaison until the court decided; a status
-- only moves forward: APPLIED, then ACCEPTED (or NOT_ACCEPTED), then CONFIRMED or REJECTED.
create table wb_confirmation (
    agreement_id bigint       primary key,
    dispute_id   bigint       not null,
    number       varchar(32)  not null,
    area_code    varchar(24)  not null,
    court_org_id bigint       not null,
    status       varchar(16)  not null,
    applied_at   timestamptz
);
create index wb_confirmation_open on wb_confirmation (court_org_id, applied_at) where status in ('APPLIED', 'ACCEPTED');

-- Upgrading a database of an earlier build: the events of the past were never heard here, so the read models are
-- filled once from the tables of intake, cases and mediation as they stand (the one place the workbench reads them).
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

insert into wb_dispute (dispute_id, number, area_code, type, state, state_at, mediator_id, mediator_at, site_id,
                        tier, tier_due, site_at)
select d.id, d.number, d.area_code, d.type, d.state, coalesce(d.closed_at, d.tier_started_at),
       d.mediator_id, d.tier_started_at, d.site_id, d.tier, d.tier_due, d.tier_started_at
from mediation_dispute d;

insert into wb_session (session_id, dispute_id, number, area_code, starts_at, ends_at, status)
select s.id, s.dispute_id, d.number, d.area_code, s.starts_at, s.ends_at, s.status
from mediation_session s join mediation_dispute d on d.id = s.dispute_id;

insert into wb_warning (source, warning_id, subject_id, number, area_code, rule_code, level, finding,
                        assignee_person_id, raised_at, ack_due, handle_due, state)
select 'mediation', w.id, w.dispute_id, d.number, w.area_code, w.rule_code, w.level, left(w.finding, 200),
       w.assignee_person_id, w.raised_at, w.ack_due, w.handle_due, w.state
from mediation_warning w join mediation_dispute d on d.id = w.dispute_id;

insert into wb_confirmation (agreement_id, dispute_id, number, area_code, court_org_id, status, applied_at)
select c.agreement_id, a.dispute_id, d.number, d.area_code, c.court_org_id, c.status, c.applied_at
from mediation_confirmation c join mediation_agreement a on a.id = c.agreement_id
join mediation_dispute d on d.id = a.dispute_id;
