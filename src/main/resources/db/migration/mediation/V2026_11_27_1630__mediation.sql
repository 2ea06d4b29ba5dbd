-- Dispute mediation (调解): sites and their tiers, the mediation menu (调解超市), rooms, disputes with parties and
-- a timeline, the two-way choice of mediators, sessions, agreements, judicial confirmation, early warnings.
-- Every table here belongs to the mediation module; other modules are referenced by id only (case, report,
-- organisation, person) with the names copied at the time.

create extension if not exists btree_gist;

-- How long a dispute may stay at each tier, on the working calendar (cases.WorkingCalendar).
create table mediation_tier_rule (
    tier            varchar(24) primary key
                    check (tier in ('ENTERPRISE_VILLAGE', 'STATION_COMMUNITY', 'POLICE_TOWN', 'COUNTY')),
    deadline_amount integer     not null check (deadline_amount between 1 and 999),
    deadline_unit   varchar(16) not null check (deadline_unit in ('NATURAL_DAYS', 'WORKING_DAYS', 'WORKING_HOURS')),
    updated_at      timestamptz not null default now(),
    updated_by      varchar(64) not null default 'system',
    version         integer     not null default 0
);
insert into mediation_tier_rule (tier, deadline_amount, deadline_unit) values
    ('ENTERPRISE_VILLAGE', 3, 'WORKING_DAYS'),
    ('STATION_COMMUNITY', 7, 'WORKING_DAYS'),
    ('POLICE_TOWN', 15, 'WORKING_DAYS'),
    ('COUNTY', 30, 'NATURAL_DAYS');

-- A place where disputes are mediated at a tier: an enterprise's or village's mediation committee, a police post or
-- community station, a police station or town center, the county. Its code is printed on its "一码解纠纷" QR plate.
create table mediation_site (
    id                bigint generated always as identity primary key,
    code              varchar(10)  not null unique,
    name              varchar(120) not null,
    kind              varchar(24)  not null,
    tier              varchar(24)  not null references mediation_tier_rule (tier),
    organisation_id   bigint,
    organisation_name varchar(120),
    area_code         varchar(24)  not null,
    address           varchar(200),
    created_at        timestamptz  not null,
    created_by        varchar(64)  not null,
    retired_at        timestamptz,
    retired_by        varchar(64),
    retired_reason    text,
    version           integer      not null default 0
);
create index mediation_site_area on mediation_site (area_code text_pattern_ops) where retired_at is null;

-- The mediation menu: mediators and mediation organisations the parties may choose from.
create table mediation_mediator (
    id             bigint generated always as identity primary key,
    name           varchar(60)  not null,
    kind           varchar(24)  not null,
    title          varchar(120),
    site_id        bigint references mediation_site (id),
    team_role      varchar(16) check (team_role in ('JUDGE', 'MEDIATOR', 'ASSISTANT', 'SECRETARY')),
    area_code      varchar(24)  not null,
    specialties    text[]       not null default '{}',
    languages      text[]       not null default '{}',
    bio            varchar(500),
    availability   varchar(12)  not null default 'AVAILABLE' check (availability in ('AVAILABLE', 'BUSY', 'AWAY')),
    max_open       integer      not null default 8 check (max_open between 1 and 99),
    person_id      bigint,
    created_at     timestamptz  not null,
    created_by     varchar(64)  not null,
    retired_at     timestamptz,
    retired_by     varchar(64),
    retired_reason text,
    version        integer      not null default 0
);
create index mediation_mediator_area on mediation_mediator (area_code text_pattern_ops) where retired_at is null;
create index mediation_mediator_person on mediation_mediator (person_id) where person_id is not null;

create table mediation_room (
    id             bigint generated always as identity primary key,
    site_id        bigint       not null references mediation_site (id),
    name           varchar(60)  not null,
    kind           varchar(24)  not null
                   check (kind in ('MEDIATION', 'COUNSELLING', 'WOMEN_CHILDREN', 'LEGAL_AID', 'LABOUR_RIGHTS')),
    area_code      varchar(24)  not null,
    capacity       integer      not null default 8 check (capacity between 1 and 500),
    created_at     timestamptz  not null,
    created_by     varchar(64)  not null,
    retired_at     timestamptz,
    retired_by     varchar(64),
    retired_reason text
);
create index mediation_room_site on mediation_room (site_id);

create table mediation_dispute (
    id                 bigint generated always as identity primary key,
    number             varchar(32)   not null unique,
    type               varchar(24)   not null,
    title              varchar(120)  not null,
    description        text          not null,
    amount             numeric(14, 2) check (amount is null or amount >= 0),
    people_involved    integer       not null check (people_involved between 1 and 100000),
    area_code          varchar(24)   not null,
    place              varchar(200),
    source             varchar(16)   not null check (source in ('STAFF', 'CASE', 'PUBLIC')),
    case_id            bigint,
    case_number        varchar(40),
    report_id          bigint,
    risk               varchar(12)   not null check (risk in ('SIMPLE', 'COMPLEX', 'DIFFICULT')),
    language           varchar(16),
    tier               varchar(24)   not null references mediation_tier_rule (tier),
    site_id            bigint references mediation_site (id),
    site_name          varchar(120),
    state              varchar(24)   not null
                       check (state in ('REGISTERED', 'AWAITING_MEDIATOR', 'MEDIATING', 'CLOSED')),
    tier_started_at    timestamptz   not null,
    tier_due           timestamptz   not null,
    tier_overdue_noted boolean       not null default false,
    mediator_id        bigint references mediation_mediator (id),
    mediator_name      varchar(120),
    outcome            varchar(24) check (outcome in ('SETTLED', 'PARTLY_SETTLED', 'NOT_SETTLED', 'WITHDRAWN',
                                                      'REFERRED_TO_COURT', 'REFERRED_TO_ARBITRATION')),
    outcome_reason     text,
    closed_at          timestamptz,
    closed_tier        varchar(24),
    escalations        integer       not null default 0,
    hand_downs         integer       not null default 0,
    tracking_code      varchar(10)   not null unique,
    public_form_id     varchar(64) unique,
    source_ip          varchar(64),
    registered_at      timestamptz   not null,
    registered_by      varchar(64)   not null,
    version            integer       not null default 0
);
create index mediation_dispute_area on mediation_dispute (area_code text_pattern_ops);
create index mediation_dispute_open on mediation_dispute (tier_due) where state <> 'CLOSED';
create index mediation_dispute_closed on mediation_dispute (closed_at) where state = 'CLOSED';
create unique index mediation_dispute_case on mediation_dispute (case_id) where case_id is not null;
create index mediation_dispute_mediator on mediation_dispute (mediator_id) where mediator_id is not null;
create index mediation_dispute_site on mediation_dispute (site_id) where site_id is not null;

-- Parties: persons or organisations. ID and phone numbers are encrypted (platform.FieldCipher) with a blind index
-- and a masked copy; the plain value is shown only through an audited unmasking with a reason.
create table mediation_party (
    id               bigint generated always as identity primary key,
    dispute_id       bigint       not null references mediation_dispute (id),
    ord              integer      not null,
    side             varchar(12)  not null check (side in ('APPLICANT', 'RESPONDENT', 'THIRD_PARTY')),
    kind             varchar(12)  not null check (kind in ('PERSON', 'ORGANISATION')),
    name             varchar(120) not null,
    id_number_enc    bytea,
    id_number_index  bytea,
    id_number_masked varchar(40),
    phone_enc        bytea,
    phone_index      bytea,
    phone_masked     varchar(20),
    address          varchar(200),
    represents       integer      not null default 1 check (represents between 1 and 100000),
    organisation_id  bigint,
    unique (dispute_id, ord)
);
create index mediation_party_id_index on mediation_party (id_number_index) where id_number_index is not null;
create index mediation_party_phone_index on mediation_party (phone_index) where phone_index is not null;

-- Every step of a dispute: who, when, what and why. Nothing is deleted.
create table mediation_dispute_event (
    id         bigint generated always as identity primary key,
    dispute_id bigint      not null references mediation_dispute (id),
    at         timestamptz not null,
    actor      varchar(64) not null,
    action     varchar(32) not null,
    from_state varchar(24),
    to_state   varchar(24),
    tier       varchar(24),
    reason     text,
    detail     text
);
create index mediation_dispute_event_dispute on mediation_dispute_event (dispute_id, id);

-- The two-way choice: a party (through staff or their link) chooses, the mediator accepts or declines with a reason.
create table mediation_choice (
    id             bigint generated always as identity primary key,
    dispute_id     bigint      not null references mediation_dispute (id),
    mediator_id    bigint      not null references mediation_mediator (id),
    tier           varchar(24) not null,
    chosen_at      timestamptz not null,
    chosen_by      varchar(64) not null,
    chosen_via     varchar(8)  not null check (chosen_via in ('STAFF', 'PARTY')),
    suggested_rank integer,
    suggested_why  text,
    status         varchar(12) not null check (status in ('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')),
    responded_at   timestamptz,
    responded_by   varchar(64),
    decline_code   varchar(24),
    reason         text
);
create index mediation_choice_dispute on mediation_choice (dispute_id);
create index mediation_choice_mediator on mediation_choice (mediator_id, status);

create table mediation_session (
    id               bigint generated always as identity primary key,
    dispute_id       bigint      not null references mediation_dispute (id),
    room_id          bigint references mediation_room (id),
    place            varchar(200),
    starts_at        timestamptz not null,
    ends_at          timestamptz not null,
    tier             varchar(24) not null,
    status           varchar(12) not null check (status in ('BOOKED', 'HELD', 'CANCELLED')),
    booked_at        timestamptz not null,
    booked_by        varchar(64) not null,
    attendees        text,
    attendee_count   integer,
    record           text,
    held_at          timestamptz,
    held_by          varchar(64),
    cancelled_at     timestamptz,
    cancelled_by     varchar(64),
    cancelled_reason text,
    check (ends_at > starts_at),
    check (room_id is not null or place is not null),
    -- a room is never double booked
    exclude using gist (room_id with =, tstzrange(starts_at, ends_at) with &&)
        where (status <> 'CANCELLED' and room_id is not null)
);
create index mediation_session_dispute on mediation_session (dispute_id);

-- The written agreement (人民调解法 Art. 28–29) and what follows it: performance, call-back, court confirmation.
create table mediation_agreement (
    id                   bigint generated always as identity primary key,
    dispute_id           bigint       not null unique references mediation_dispute (id),
    number               varchar(40)  not null unique,
    partial              boolean      not null default false,
    facts                text         not null,
    matters              text         not null,
    responsibilities     text,
    terms                text         not null,
    performance_manner   varchar(500) not null,
    performance_deadline date         not null,
    status               varchar(12)  not null check (status in ('DRAFT', 'SIGNED')),
    drafted_at           timestamptz  not null,
    drafted_by           varchar(64)  not null,
    signed_at            timestamptz,
    signed_by            varchar(64),
    mediator_name        varchar(120),
    committee_name       varchar(120),
    confirm_by           timestamptz,
    confirm_reminded_at  timestamptz,
    performance          varchar(16) check (performance in ('PENDING', 'PERFORMED', 'PARTLY_PERFORMED',
                                                          'NOT_PERFORMED')),
    performance_at       timestamptz,
    performance_by       varchar(64),
    performance_note     text,
    performance_reminded boolean      not null default false,
    callback_due         timestamptz,
    callback_reminded_at timestamptz,
    callback_at          timestamptz,
    callback_by          varchar(64),
    callback_result      varchar(12) check (callback_result in ('HOLDING', 'NOT_HOLDING', 'UNREACHABLE')),
    callback_note        text,
    printed_count        integer      not null default 0,
    version              integer      not null default 0
);
create index mediation_agreement_confirm on mediation_agreement (confirm_by) where status = 'SIGNED';

create table mediation_confirmation (
    id                bigint generated always as identity primary key,
    agreement_id      bigint       not null unique references mediation_agreement (id),
    court_org_id      bigint       not null,
    court_name        varchar(120) not null,
    applied_at        timestamptz  not null,
    applied_by        varchar(64)  not null,
    status            varchar(16)  not null
                      check (status in ('APPLIED', 'ACCEPTED', 'NOT_ACCEPTED', 'CONFIRMED', 'REJECTED')),
    court_case_number varchar(60),
    accepted_at       timestamptz,
    accepted_by       varchar(64),
    decided_at        timestamptz,
    decided_by        varchar(64),
    decision_note     text
);

-- Early-warning rules: data an administrator tunes.
create table mediation_warning_rule (
    id            bigint generated always as identity primary key,
    code          varchar(32)  not null unique,
    kind          varchar(16)  not null
                  check (kind in ('PEOPLE', 'AMOUNT', 'ESCALATIONS', 'REPEAT_PARTY', 'REPEAT_PLACE', 'WORDS')),
    name          varchar(60)  not null,
    name_en       varchar(80)  not null,
    threshold     numeric(14, 2),
    window_days   integer,
    words         text[]       not null default '{}',
    level         varchar(8)   not null check (level in ('GENERAL', 'MAJOR')),
    ack_hours     integer      not null check (ack_hours between 1 and 720),
    handle_hours  integer      not null check (handle_hours between 1 and 2160),
    active        boolean      not null default true,
    updated_at    timestamptz  not null default now(),
    updated_by    varchar(64)  not null default 'system',
    version       integer      not null default 0
);
insert into mediation_warning_rule (code, kind, name, name_en, threshold, window_days, words, level, ack_hours,
                                    handle_hours) values
    ('MASS-30', 'PEOPLE', '涉及30人以上', '30 or more people involved', 30, null, '{}', 'MAJOR', 2, 24),
    ('MASS-10', 'PEOPLE', '涉及10人以上', '10 or more people involved', 10, null, '{}', 'GENERAL', 8, 72),
    ('AMOUNT-200K', 'AMOUNT', '涉及金额20万元以上', 'Amount of 200,000 yuan or more', 200000, null, '{}', 'MAJOR', 4,
     48),
    ('ESCALATED-2', 'ESCALATIONS', '两次以上升级', 'Escalated twice or more', 2, null, '{}', 'GENERAL', 8, 72),
    ('REPEAT-PARTY', 'REPEAT_PARTY', '同一当事人90天内3次以上', 'Same party 3 times within 90 days', 3, 90, '{}',
     'GENERAL', 8, 72),
    ('REPEAT-PLACE', 'REPEAT_PLACE', '同一网格30天内5起以上', 'Same grid 5 times within 30 days', 5, 30, '{}',
     'GENERAL', 24, 120),
    ('THREAT-WORDS', 'WORDS', '言语中有威胁或暴力', 'Threats or violence in the words', null, null,
     '{扬言,跳楼,报复,同归于尽,砍人,杀了,动刀,打死,堵路,拉横幅,放火,炸}', 'MAJOR', 1, 24);

create table mediation_warning (
    id                 bigint generated always as identity primary key,
    dispute_id         bigint       not null references mediation_dispute (id),
    rule_id            bigint       not null references mediation_warning_rule (id),
    rule_code          varchar(32)  not null,
    level              varchar(8)   not null,
    area_code          varchar(24)  not null,
    finding            text         not null,
    raised_at          timestamptz  not null,
    assignee_person_id bigint,
    assignee_name      varchar(60),
    ack_due            timestamptz  not null,
    handle_due         timestamptz  not null,
    state              varchar(16)  not null check (state in ('RAISED', 'ACKNOWLEDGED', 'HANDLED')),
    acknowledged_at    timestamptz,
    acknowledged_by    varchar(64),
    handled_at         timestamptz,
    handled_by         varchar(64),
    handling           text,
    overdue_noted      boolean      not null default false,
    unique (dispute_id, rule_id)
);
create index mediation_warning_open on mediation_warning (handle_due) where state <> 'HANDLED';
create index mediation_warning_area on mediation_warning (area_code text_pattern_ops);

-- Numbers: one sequence per county and day.
create table mediation_number (
    county varchar(6) not null,
    day    date       not null,
    last   integer    not null,
    primary key (county, day)
);
