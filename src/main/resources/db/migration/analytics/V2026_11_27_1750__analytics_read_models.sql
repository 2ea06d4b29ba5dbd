-- Analytics (研判): read models fed by the events of intake and cases, and rollups over them. Nothing here is read
-- from another module's tables: every row comes from an event (or the demo's bulk path, docs/DEMO.md).
-- Area codes are compared by prefix; the C collation lets "like '440784%'" use the b-tree indexes.

-- One row per report, from ReportSubmitted and ReportDecided.
create table analytics_report (
    report_id        bigint primary key,
    area_code        varchar(24) collate "C",
    category_code    varchar(40),
    channel          varchar(16),
    received_at      timestamptz,
    accept_due       timestamptz,
    status           varchar(16),
    decided_at       timestamptz,
    case_id          bigint,
    lon              double precision,
    lat              double precision,
    submitted_by     varchar(80)
);
create index analytics_report_area_received on analytics_report (area_code, received_at);

-- Every case event heard, once (a redelivered publication finds its key and changes nothing). The case's row below
-- is folded from these in the order they happened, so events handled out of order give the same result.
create table analytics_case_step (
    id         bigserial primary key,
    case_id    bigint      not null,
    event_key  varchar(64) not null unique,
    at         timestamptz not null,
    rank       smallint    not null,
    kind       varchar(40) not null,
    payload    text        not null
);
create index analytics_case_step_case on analytics_case_step (case_id, at, rank, id);

-- One row per case, as the fold of its steps leaves it.
create table analytics_case (
    case_id            bigint primary key,
    number             varchar(40),
    area_code          varchar(24) collate "C",
    category_code      varchar(40),
    dispute            boolean not null default false,
    channel            varchar(16),
    report_id          bigint,
    state              varchar(20),
    opened_at          timestamptz,
    lead_org_id        bigint,
    lead_org_name      varchar(200),
    first_dispatched_at timestamptz,
    handle_due         timestamptz,
    closed_at          timestamptz,
    closing_kind       varchar(20),
    rating             varchar(24),
    rated_at           timestamptz,
    supervised         boolean not null default false,
    dispatch_count     int not null default 0,
    return_count       int not null default 0,
    rework_count       int not null default 0
);
create index analytics_case_area_opened on analytics_case (area_code, opened_at);
create index analytics_case_area_due on analytics_case (area_code, handle_due);
create index analytics_case_area_closed on analytics_case (area_code, closed_at);
create index analytics_case_area_rated on analytics_case (area_code, rated_at);
create index analytics_case_open on analytics_case (area_code, handle_due) where closed_at is null;
create index analytics_case_org on analytics_case (lead_org_id, area_code);

-- Each dispatch of a case to a lead department (退单率: returned ÷ dispatched, by dispatch time).
create table analytics_dispatch (
    case_id        bigint not null,
    seq            int    not null,
    area_code      varchar(24) collate "C" not null,
    category_code  varchar(40),
    org_id         bigint not null,
    org_name       varchar(200),
    dispatched_at  timestamptz not null,
    returned_at    timestamptz,
    primary key (case_id, seq)
);
create index analytics_dispatch_area on analytics_dispatch (area_code, dispatched_at);
create index analytics_dispatch_org on analytics_dispatch (org_id, category_code);
create index analytics_dispatch_category on analytics_dispatch (category_code, area_code, dispatched_at);

-- Each on-site verification (返工率: failed ÷ verifications, by verification time).
create table analytics_verification (
    case_id        bigint not null,
    seq            int    not null,
    area_code      varchar(24) collate "C" not null,
    category_code  varchar(40),
    at             timestamptz not null,
    passed         boolean not null,
    primary key (case_id, seq)
);
create index analytics_verification_area on analytics_verification (area_code, at);

-- The rollup: additive counts per (grain, level, area prefix, bucket, category). Grain M = calendar month (bucket
-- = its first day) at area levels 2, 4, 6 and 9 (province, prefecture, county, town); grain D = day at levels 2, 4
-- and 6 (the edges of periods that are not whole months). Finer areas, departments and odd periods are answered
-- from the rows above. Days and months are the county's (Beijing time).
create table analytics_rollup (
    grain               char(1)     not null,
    level               smallint    not null,
    area                varchar(24) collate "C" not null,
    bucket              date        not null,
    category_code       varchar(40) not null,
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
    primary key (grain, level, area, bucket, category_code)
);

-- Cases as they stand now per (level, area prefix, category, state): open ones also by handling deadline day and
-- supervision, so "overdue" and "supervised" need no scan of the cases. Levels 2, 4, 6, 9.
create table analytics_case_now (
    level          smallint    not null,
    area           varchar(24) collate "C" not null,
    category_code  varchar(40) not null,
    state          varchar(20) not null,
    due_day        date        not null,
    supervised     boolean     not null,
    n              bigint      not null default 0,
    primary key (level, area, category_code, state, due_day, supervised)
);
