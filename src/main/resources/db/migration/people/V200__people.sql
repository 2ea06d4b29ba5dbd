-- Organisations: governance centers, departments, police stations, mediation organisations, enterprises.
create table organisation (
    id         bigint generated always as identity primary key,
    code       varchar(40)  not null unique,
    name       varchar(120) not null,
    kind       varchar(24)  not null check (kind in ('CENTER', 'DEPARTMENT', 'POLICE_STATION', 'MEDIATION',
                                                      'ENTERPRISE', 'COMMUNITY_ORG')),
    area_code  varchar(24)  not null,
    parent_id  bigint references organisation (id),
    retired_at timestamptz,
    retired_reason text,
    created_at timestamptz  not null default now()
);
create index organisation_area on organisation (area_code text_pattern_ops);

-- A person known to the platform as staff or volunteer. ID number and phone are sensitive: stored encrypted,
-- with a keyed hash (blind index) beside each for exact-match search.
create table person (
    id              bigint generated always as identity primary key,
    name            varchar(60) not null,
    gender          char(1) check (gender in ('M', 'F')),
    id_number_enc   bytea,
    id_number_index bytea,
    id_number_masked varchar(24),
    phone_enc       bytea,
    phone_index     bytea,
    phone_masked    varchar(20),
    area_code       varchar(24) not null,
    retired_at      timestamptz,
    retired_reason  text,
    created_at      timestamptz not null default now(),
    version         integer     not null default 0
);
create index person_area on person (area_code text_pattern_ops);
create index person_id_number_index on person (id_number_index);
create index person_phone_index on person (phone_index);

-- Roles held by a person, each scoped to an area subtree (the area code is the prefix of what they may see).
create table role_assignment (
    id               bigint generated always as identity primary key,
    person_id        bigint      not null references person (id),
    role             varchar(24) not null,
    area_code        varchar(24) not null,
    organisation_id  bigint references organisation (id),
    -- grid workers: FULL_TIME, PART_TIME, PROFESSIONAL
    worker_type      varchar(16),
    granted_at       timestamptz not null default now(),
    granted_by       varchar(64) not null default 'system',
    revoked_at       timestamptz,
    revoked_by       varchar(64),
    revoked_reason   text
);
create index role_assignment_person on role_assignment (person_id);
create index role_assignment_area on role_assignment (area_code text_pattern_ops) where revoked_at is null;
