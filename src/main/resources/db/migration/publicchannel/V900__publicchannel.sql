-- Public codes: every grid, building / door plate, enterprise and place has a stable, non-guessable code that its
-- QR plate points to (/public/r/{code}). A code never changes and is never reused; retiring the thing retires it.
create table public_code (
    code        varchar(16)  primary key,
    target_kind varchar(16)  not null check (target_kind in ('GRID', 'BUILDING', 'ENTERPRISE', 'PLACE')),
    -- the area code (GRID, BUILDING), the organisation code (ENTERPRISE) or the place's own key (PLACE)
    target_ref  varchar(40)  not null,
    area_code   varchar(24)  not null,
    name        varchar(120) not null,
    address     varchar(300),
    lon         double precision,
    lat         double precision,
    created_at  timestamptz  not null default now(),
    created_by  varchar(64)  not null default 'system',
    retired_at  timestamptz,
    unique (target_kind, target_ref)
);
create index public_code_area on public_code (area_code text_pattern_ops);

-- A report made through a public channel (QR page, volunteer): the link from the public tracking code to the
-- intake report, and the reporter's rating once the case is closed. The phone lives in intake, encrypted.
create table public_report (
    id             bigint generated always as identity primary key,
    tracking_code  varchar(16)  not null unique,
    report_ref     varchar(40)  not null unique,
    public_code    varchar(16) references public_code (code),
    area_code      varchar(24),
    category_code  varchar(40)  not null,
    volunteer_id   bigint,
    phone_index    bytea,
    source_ip      varchar(64),
    created_at     timestamptz  not null,
    rating         smallint check (rating between 1 and 5),
    rating_comment varchar(500),
    rated_at       timestamptz
);
create index public_report_volunteer on public_report (volunteer_id);
create index public_report_area on public_report (area_code text_pattern_ops);

-- Fixed-window counters for rate limits (per IP, per phone, per volunteer); old windows are pruned.
create table public_rate_counter (
    bucket       varchar(120) not null,
    window_start timestamptz  not null,
    hits         integer      not null,
    primary key (bucket, window_start)
);

-- Registered volunteer reporters (riders, building leaders, enterprise volunteer police). They sign in with their
-- phone number and a PIN issued by staff; the PIN is stored hashed.
create table volunteer_reporter (
    id           bigint generated always as identity primary key,
    name         varchar(60)  not null,
    kind         varchar(24)  not null check (kind in ('RIDER', 'BUILDING_LEADER', 'ENTERPRISE_POLICE', 'OTHER')),
    area_code    varchar(24)  not null,
    phone_enc    bytea        not null,
    phone_index  bytea        not null unique,
    phone_masked varchar(20)  not null,
    pin_hash     varchar(200) not null,
    failed_pins  integer      not null default 0,
    locked_until timestamptz,
    created_at   timestamptz  not null,
    created_by   varchar(64)  not null,
    retired_at   timestamptz
);
create index volunteer_reporter_area on volunteer_reporter (area_code text_pattern_ops);
