-- Residents per area for the hotspot map (cases per resident), from the registry's events: one row per resident
-- heard of (moved in, moved out: order-free and idempotent), plus the counts of bulk loads per event and area.
create table analytics_resident (
    resident_id  bigint primary key,
    area_code    varchar(24) collate "C" not null,
    moved_in     boolean not null default false,
    moved_out    boolean not null default false
);
create index analytics_resident_area on analytics_resident (area_code);

create table analytics_population_bulk (
    event_key  varchar(64) not null,
    area_code  varchar(24) collate "C" not null,
    n          bigint not null,
    primary key (event_key, area_code)
);

-- The monthly analysis reports sent on the schedule: once per area and month.
create table analytics_report_sent (
    area_code  varchar(24) not null,
    month      date        not null,
    sent_at    timestamptz not null,
    primary key (area_code, month)
);

-- Early-warning rules (预警) an administrator tunes, and the warnings they raise: each acknowledged and handled by a
-- named person before its deadline. Kinds: SURGE (one category's reports in one area well above its usual level),
-- DISPUTE_RISE (disputes of one type rising in one area), GRID_OVERDUE (a grid with many overdue cases).
create table analytics_warning_rule (
    id            bigint generated always as identity primary key,
    kind          varchar(16)  not null check (kind in ('SURGE', 'DISPUTE_RISE', 'GRID_OVERDUE')),
    name          varchar(120) not null,
    area_level    smallint     not null check (area_level in (6, 9, 12, 15)),
    window_days   int          not null check (window_days between 1 and 90),
    factor        numeric(6,2) not null check (factor >= 0),
    min_count     int          not null check (min_count >= 1),
    category_code varchar(40),
    handle_hours  int          not null check (handle_hours between 1 and 720),
    active        boolean      not null default true,
    updated_by    varchar(64)  not null,
    updated_at    timestamptz  not null,
    version       int          not null default 0
);

create table analytics_warning (
    id              bigint generated always as identity primary key,
    rule_id         bigint       not null references analytics_warning_rule (id),
    kind            varchar(16)  not null,
    area_code       varchar(24)  collate "C" not null,
    category_code   varchar(40)  not null default '',
    window_start    date         not null,
    observed        bigint       not null,
    baseline        numeric(12,2) not null,
    raised_at       timestamptz  not null,
    due_at          timestamptz  not null,
    state           varchar(16)  not null check (state in ('OPEN', 'ACKNOWLEDGED', 'HANDLED')),
    acknowledged_by varchar(64),
    acknowledged_at timestamptz,
    handled_by      varchar(64),
    handled_at      timestamptz,
    handling_note   text,
    unique (rule_id, area_code, category_code, window_start)
);
create index analytics_warning_area on analytics_warning (area_code, raised_at);

insert into analytics_warning_rule (kind, name, area_level, window_days, factor, min_count, category_code,
                                    handle_hours, updated_by, updated_at)
values ('SURGE', '同类上报激增（镇街，7天）', 9, 7, 2.00, 10, null, 48, 'system', now()),
       ('DISPUTE_RISE', '矛盾纠纷上升（镇街，14天）', 9, 14, 1.50, 5, null, 72, 'system', now()),
       ('GRID_OVERDUE', '网格超期案件较多', 15, 1, 0, 5, null, 24, 'system', now());

-- Disputes and their early warnings, from the mediation module's events (dispute id, area, type, tier, outcome; no
-- parties): the dashboards' disputes, mediation outcomes and warnings, and "a dispute type rising".
create table analytics_dispute (
    dispute_id     bigint primary key,
    number         varchar(40),
    area_code      varchar(24) collate "C",
    dispute_type   varchar(40),
    tier           varchar(40),
    risk           varchar(40),
    registered_at  timestamptz,
    case_id        bigint,
    outcome        varchar(40),
    resolved       boolean,
    concluded_at   timestamptz
);
create index analytics_dispute_area on analytics_dispute (area_code, registered_at);
create index analytics_dispute_case on analytics_dispute (case_id) where case_id is not null;

create table analytics_dispute_warning (
    warning_id  bigint primary key,
    dispute_id  bigint      not null,
    area_code   varchar(24) collate "C" not null,
    level       varchar(40),
    raised_at   timestamptz not null,
    handle_due  timestamptz,
    handled_at  timestamptz,
    on_time     boolean
);
create index analytics_dispute_warning_area on analytics_dispute_warning (area_code, raised_at);

-- The lead departments' rollup: a month (M) and a day (D) of a county for each department, every category
-- together, so a county's departments compare without reading its cases. And a one-off: the rollups get a day of a
-- town (grain T, categories together) for the edges of county and town periods; AnalyticsStartup adds up both once.
create table analytics_rollup_org (
    grain               char(1)     not null,
    area                varchar(24) collate "C" not null,
    bucket              date        not null,
    org_id              bigint      not null,
    reports             bigint not null default 0,
    reports_counter     bigint not null default 0,
    reports_hotline     bigint not null default 0,
    reports_patrol      bigint not null default 0,
    reports_qr          bigint not null default 0,
    reports_open311     bigint not null default 0,
    reports_api         bigint not null default 0,
    accepted_in_time    bigint not null default 0,
    merged              bigint not null default 0,
    rejected            bigint not null default 0,
    solved_on_spot      bigint not null default 0,
    opened              bigint not null default 0,
    due                 bigint not null default 0,
    closed              bigint not null default 0,
    closed_on_time      bigint not null default 0,
    closed_all          bigint not null default 0,
    ratings             bigint not null default 0,
    satisfied           bigint not null default 0,
    disputes_closed     bigint not null default 0,
    disputes_resolved   bigint not null default 0,
    handled             bigint not null default 0,
    handling_us         bigint not null default 0,
    dispatches          bigint not null default 0,
    returns             bigint not null default 0,
    verifications       bigint not null default 0,
    failed_verifications bigint not null default 0,
    primary key (grain, area, bucket, org_id)
);

create table analytics_rebuild (
    reason      varchar(200) primary key,
    requested_at timestamptz not null default now()
);
insert into analytics_rebuild (reason) values ('rollups by town-day and by department added');

-- Cases written by a bulk path (the scale run) have rows but no steps. The first event heard for such a case keeps
-- its rows as they were (the baseline) and folds the new steps on top of it, every time.
alter table analytics_case add column bulk boolean not null default false;
create table analytics_case_baseline (
    case_id   bigint primary key,
    snapshot  jsonb  not null
);
