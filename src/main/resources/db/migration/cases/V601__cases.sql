-- A case (案件): one or more reports accepted by the center, tracked from opening to rating. Nothing is deleted;
-- every step is a row of case_event.
create table case_file (
    id                    bigint generated always as identity primary key,
    number                varchar(32)  not null unique,
    category_code         varchar(32)  not null,
    description           text         not null,
    area_code             varchar(24)  not null,
    handling_level        varchar(8)   not null default 'TOWN' check (handling_level in ('TOWN', 'COUNTY')),
    state                 varchar(16)  not null check (state in ('REGISTERED', 'DISPATCHED', 'RETURNED',
                              'IN_PROGRESS', 'FED_BACK', 'REWORK', 'BACKLOG', 'MEDIATION', 'CLOSED')),
    dispute               boolean      not null default false,
    first_report_id       bigint,
    opened_at             timestamptz  not null,
    opened_by             varchar(64)  not null,
    lead_org_id           bigint,
    lead_org_name         varchar(120),
    assist_org_ids        bigint[]     not null default '{}',
    first_dispatched_at   timestamptz,
    dispatched_at         timestamptz,
    signed_at             timestamptz,
    fed_back_at           timestamptz,
    sign_due              timestamptz,
    handle_due            timestamptz,
    verify_due            timestamptz,
    closed_at             timestamptz,
    closed_by             varchar(64),
    closing_kind          varchar(12)  check (closing_kind in ('VERIFIED', 'MEDIATION', 'DIRECT')),
    dispatch_count        integer      not null default 0,
    return_count          integer      not null default 0,
    rework_count          integer      not null default 0,
    supervised            boolean      not null default false,
    supervised_at         timestamptz,
    supervised_by         varchar(64),
    supervision_reason    text,
    auto_supervised_stage varchar(12),
    urge_count            integer      not null default 0,
    last_urged_at         timestamptz,
    extension_pending     boolean      not null default false,
    backlog_reason        text,
    rating                varchar(24)  check (rating in ('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED',
                              'UNREACHABLE')),
    rated_at              timestamptz,
    rated_by              varchar(64),
    version               integer      not null default 0
);
create index case_file_area on case_file (area_code text_pattern_ops, id);
create index case_file_state on case_file (state, id);
create index case_file_lead on case_file (lead_org_id, state, id);
create index case_file_handle_due on case_file (handle_due);
create index case_file_open_due on case_file (state) where state not in ('CLOSED', 'MEDIATION');

create table case_number_counter (
    prefix varchar(20) primary key,
    last   integer     not null
);

-- The timeline: who, when, what, why, attachments.
create table case_event (
    id         bigint generated always as identity primary key,
    case_id    bigint       not null references case_file (id),
    at         timestamptz  not null,
    actor      varchar(64)  not null,
    action     varchar(24)  not null,
    from_state varchar(16),
    to_state   varchar(16),
    reason     text,
    detail     text,
    org_id     bigint,
    photo_ids  uuid[]       not null default '{}'
);
create index case_event_case on case_event (case_id, id);
create index case_event_action on case_event (action, at);

-- Every dispatch to a department (lead or assisting), with its sign or return.
create table case_dispatch (
    id            bigint generated always as identity primary key,
    case_id       bigint       not null references case_file (id),
    org_id        bigint       not null,
    org_name      varchar(120) not null,
    role          varchar(8)   not null check (role in ('LEAD', 'ASSIST')),
    dispatched_at timestamptz  not null,
    dispatched_by varchar(64)  not null,
    signed_at     timestamptz,
    signed_by     varchar(64),
    returned_at   timestamptz,
    returned_by   varchar(64),
    return_reason text,
    active        boolean      not null default true
);
create index case_dispatch_case on case_dispatch (case_id);
create index case_dispatch_org on case_dispatch (org_id, dispatched_at);
create index case_dispatch_at on case_dispatch (dispatched_at);

create table case_extension (
    id              bigint generated always as identity primary key,
    case_id         bigint       not null references case_file (id),
    requested_at    timestamptz  not null,
    requested_by    varchar(64)  not null,
    amount          integer      not null,
    unit            varchar(16)  not null,
    reason          text         not null,
    status          varchar(10)  not null check (status in ('PENDING', 'APPROVED', 'REFUSED')),
    decided_at      timestamptz,
    decided_by      varchar(64),
    decision_reason text,
    old_due         timestamptz,
    new_due         timestamptz
);
create index case_extension_case on case_extension (case_id);

-- Default lead departments by the department's code suffix (organisation code "<county>-DEPT-<suffix>").
update case_category set default_lead_org = m.suffix from (values
    ('HRSS', 'RS'), ('JUSTICE', 'SF'), ('FIRE', 'XF'), ('TRANSPORT', 'JT'), ('URBAN', 'ZHZF'), ('ECOENV', 'STHJ'),
    ('MARKET', 'SCJG'), ('SPORTS', 'ZHZF'), ('POWER', 'GD'), ('POLICE', 'GA'), ('CIVIL', 'MZ')) as m(old, suffix)
where case_category.default_lead_org = m.old;
