-- What the public may know about a report and its case: the tracking page's and Open311's read model, fed by
-- intake's and cases' events (ReportSubmitted, ReportDecided, CaseEvents) and owned by publicchannel. Nothing in it
-- identifies the reporter; only steps and the notes staff marked public.
create table public_progress (
    report_id     bigint primary key,
    channel       varchar(16),
    category_code varchar(40),
    description   text,
    area_code     varchar(24),
    lon           double precision,
    lat           double precision,
    address       varchar(300),
    received_at   timestamptz,
    accept_due    timestamptz,
    photo_ids     uuid[]      not null default '{}',
    report_status varchar(16) not null default 'PENDING',
    decided_at    timestamptz,
    case_id       bigint
);
create index public_progress_case on public_progress (case_id);
create index public_progress_received on public_progress (received_at desc, report_id desc);
create index public_progress_area on public_progress (area_code text_pattern_ops);

-- The case behind one or more reports; each column moves only forward in time, so events handled out of order
-- (a listener retried after a failure) never overwrite a later state with an earlier one.
create table public_case (
    case_id        bigint primary key,
    number         varchar(40) not null,
    state          varchar(16) not null,
    state_at       timestamptz not null,
    agency         varchar(200),
    agency_at      timestamptz,
    expected_at    timestamptz,
    expected_set_at timestamptz,
    closed_at      timestamptz,
    closed_set_at  timestamptz,
    updated_at     timestamptz not null
);

-- Public steps: of a report (received, merged, rejected, solved on the spot) or of its case (accepted, dispatched,
-- … closed, public notes). One step per (owner, time, code): a redelivered event adds nothing.
create table public_step (
    id        bigint generated always as identity primary key,
    report_id bigint,
    case_id   bigint,
    at        timestamptz not null,
    code      varchar(24) not null,
    note      text,
    check ((report_id is null) <> (case_id is null))
);
create unique index public_step_once on public_step (coalesce(report_id, -case_id), at, code);
create index public_step_case on public_step (case_id, at);
create index public_step_at on public_step (at);

-- Upgrading a database of the first release: the events of the past were never published, so the read model is
-- filled once from the tables of intake and cases as they stood (the one place publicchannel reads them; the
-- table-ownership test allows exactly this file).
insert into public_progress (report_id, channel, category_code, description, area_code, lon, lat, address,
                             received_at, accept_due, photo_ids, report_status, decided_at, case_id)
select r.id, r.channel, r.category_code, r.description, r.area_code, r.lon, r.lat, r.address, r.received_at,
       r.accept_due,
       coalesce((select array_agg(p.photo_id order by p.photo_id) from report_photo p where p.report_id = r.id), '{}'),
       r.status, r.decided_at, r.case_id
from report r;

insert into public_case (case_id, number, state, state_at, agency, agency_at, expected_at, expected_set_at, closed_at,
                         closed_set_at, updated_at)
select c.id, c.number, c.state, coalesce(e.last_at, c.opened_at), c.lead_org_name, c.dispatched_at,
       coalesce(c.handle_due, case c.state when 'DISPATCHED' then c.sign_due when 'FED_BACK' then c.verify_due end),
       coalesce(e.last_at, c.opened_at), c.closed_at, c.closed_at, coalesce(e.last_at, c.opened_at)
from case_file c
left join (select case_id, max(at) as last_at from case_event group by case_id) e on e.case_id = c.id;

insert into public_step (report_id, at, code)
select id, received_at, 'RECEIVED' from report
on conflict do nothing;
insert into public_step (report_id, at, code)
select id, coalesce(decided_at, received_at), status from report where status in ('REJECTED', 'SOLVED_ON_SPOT', 'MERGED')
on conflict do nothing;
insert into public_step (case_id, at, code, note)
select e.case_id, e.at,
       case e.action when 'OPEN' then 'ACCEPTED' when 'DISPATCH' then 'DISPATCHED' when 'SIGN' then 'IN_PROGRESS'
                     when 'RETURN' then 'RETURNED' when 'FEEDBACK' then 'FED_BACK' when 'VERIFY_PASS' then 'CLOSED'
                     when 'VERIFY_FAIL' then 'REWORK' when 'CLOSE' then 'CLOSED'
                     when 'MEDIATION_CONCLUDED' then coalesce(e.to_state, 'CLOSED') when 'BACKLOG_IT' then 'BACKLOG'
                     when 'RESUME' then 'IN_PROGRESS' when 'REFER_TO_MEDIATION' then 'MEDIATION'
                     when 'SUPERVISE' then 'SUPERVISED' when 'NOTE' then 'NOTE' end,
       case when e.action = 'DISPATCH' and length(e.detail) < 120 then e.detail
            when e.action = 'NOTE' then btrim(coalesce(e.reason, e.detail)) end
from case_event e
where e.action in ('OPEN', 'DISPATCH', 'SIGN', 'RETURN', 'FEEDBACK', 'VERIFY_PASS', 'VERIFY_FAIL', 'CLOSE',
                   'MEDIATION_CONCLUDED', 'BACKLOG_IT', 'RESUME', 'REFER_TO_MEDIATION', 'SUPERVISE', 'NOTE')
  and (e.action <> 'NOTE' or (e.public and coalesce(btrim(coalesce(e.reason, e.detail)), '') <> ''))
on conflict do nothing;
