-- Non-public enterprises (非公有制经济组织, GB/T 31000), places (schools with their safety plan, markets, key sites)
-- and fishing boats. An enterprise's registry record is owned here; when staff also act for it as an organisation
-- (enterprise volunteer police, the park's mediation tier) it names that people.organisation by code.
create table registry_enterprise (
    id                  bigint generated always as identity primary key,
    -- 统一社会信用代码 (GB 32100-2015), checked with its check character
    credit_code         varchar(18)  not null,
    name                varchar(120) not null,
    organisation_code   varchar(40),
    area_code           varchar(24)  not null,
    park_code           varchar(24),
    address             varchar(200),
    industry            varchar(60),
    legal_rep_name      varchar(60),
    legal_rep_phone_enc bytea,
    legal_rep_phone_index bytea,
    legal_rep_phone_masked varchar(24),
    headcount           integer      not null default 0 check (headcount >= 0),
    safety_contact_name varchar(60),
    safety_contact_phone_enc bytea,
    safety_contact_phone_index bytea,
    safety_contact_phone_masked varchar(24),
    -- the "人、地、事、物、组织" sheet: key things (hazardous materials, equipment) and organisations (party, union)
    key_things          varchar(1000),
    organisations_note  varchar(1000),
    registered_at       timestamptz  not null,
    registered_by       varchar(64)  not null,
    retired_at          timestamptz,
    retired_by          varchar(64),
    retired_reason      varchar(500),
    version             integer      not null default 0
);
create unique index registry_enterprise_credit on registry_enterprise (credit_code) where retired_at is null;
create index registry_enterprise_area on registry_enterprise (area_code text_pattern_ops);

-- Monthly electricity use from the power supplier (the "电管家" pairing, seed 003): one row per enterprise and month.
create table registry_electricity (
    enterprise_id bigint        not null references registry_enterprise (id),
    month         date          not null check (extract(day from month) = 1),
    kwh           numeric(14, 1) not null check (kwh >= 0),
    imported_at   timestamptz   not null,
    imported_by   varchar(64)   not null,
    primary key (enterprise_id, month)
);

create table registry_place (
    id                 bigint generated always as identity primary key,
    kind               varchar(10)  not null check (kind in ('SCHOOL', 'MARKET', 'KEY_SITE')),
    name               varchar(120) not null,
    area_code          varchar(24)  not null,
    address            varchar(200),
    responsible_name   varchar(60),
    responsible_phone_enc bytea,
    responsible_phone_index bytea,
    responsible_phone_masked varchar(24),
    people_count       integer check (people_count >= 0),
    -- 一校一案: the school's safety plan, a market's fire and crowd plan
    safety_plan        varchar(4000),
    created_at         timestamptz  not null,
    created_by         varchar(64)  not null,
    retired_at         timestamptz,
    retired_reason     varchar(500)
);
create index registry_place_area on registry_place (area_code text_pattern_ops);

-- Fishing boats of the maritime grid (seed 002): owner, crew, home port, the party member and grid worker paired
-- with the boat, and whether it is in port or at sea.
create table registry_boat (
    id                  bigint generated always as identity primary key,
    name                varchar(60)  not null,
    registration_number varchar(30)  not null,
    area_code           varchar(24)  not null,
    owner_name          varchar(60)  not null,
    owner_phone_enc     bytea,
    owner_phone_index   bytea,
    owner_phone_masked  varchar(24),
    crew                integer      not null default 0 check (crew >= 0),
    home_port           varchar(60),
    paired_party_member varchar(60),
    paired_grid_worker  varchar(60),
    status              varchar(8)   not null default 'IN_PORT' check (status in ('IN_PORT', 'AT_SEA')),
    status_changed_at   timestamptz  not null,
    status_changed_by   varchar(64)  not null,
    created_at          timestamptz  not null,
    created_by          varchar(64)  not null,
    retired_at          timestamptz,
    retired_reason      varchar(500)
);
create unique index registry_boat_number on registry_boat (registration_number) where retired_at is null;
create index registry_boat_area on registry_boat (area_code text_pattern_ops);
