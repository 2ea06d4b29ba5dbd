-- Rental housing (出租屋): a room registered as let, with its landlord (a person, ID and phone through FieldCipher,
-- or an organisation), and the inspections (出租屋巡查) of grid workers and community police with their
-- rectification follow-ups. Occupancy is not stored: it is read from the room's current households and residents.
create table registry_rental (
    id                        bigint generated always as identity primary key,
    room_id                   bigint       not null references registry_room (id),
    area_code                 varchar(24)  not null,
    landlord_kind             varchar(12)  not null check (landlord_kind in ('PERSON', 'ORGANISATION')),
    landlord_name             varchar(120) not null,
    landlord_id_number_enc    bytea,
    landlord_id_number_index  bytea,
    landlord_id_number_masked varchar(24),
    landlord_phone_enc        bytea,
    landlord_phone_index      bytea,
    landlord_phone_masked     varchar(24),
    rental_kind               varchar(10)  not null check (rental_kind in ('WHOLE', 'SHARED', 'DORMITORY')),
    rooms_let                 smallint     check (rooms_let between 0 and 999),
    beds                      smallint     check (beds between 0 and 9999),
    registered_on             date         not null,
    let_now                   boolean      not null default true,
    created_at                timestamptz  not null,
    created_by                varchar(64)  not null,
    ended_at                  timestamptz,
    ended_by                  varchar(64),
    ended_reason              varchar(500),
    version                   integer      not null default 0,
    check (landlord_kind = 'PERSON' or landlord_id_number_enc is null)
);
-- one current registration per room; an ended one stays as history and the room may be registered again
create unique index registry_rental_room on registry_rental (room_id) where ended_at is null;
create index registry_rental_area on registry_rental (area_code text_pattern_ops) where ended_at is null;
create index registry_rental_landlord_id on registry_rental (landlord_id_number_index) where landlord_id_number_index is not null;
create index registry_rental_landlord_phone on registry_rental (landlord_phone_index) where landlord_phone_index is not null;

create table registry_rental_inspection (
    id                  bigint generated always as identity primary key,
    rental_id           bigint        not null references registry_rental (id),
    area_code           varchar(24)   not null,
    inspected_on        date          not null,
    inspector           varchar(64)   not null,
    inspector_name      varchar(60),
    -- findings: fire safety (OK / PROBLEM), tenants' registration up to date, anything else
    fire_safety         varchar(8)    not null check (fire_safety in ('OK', 'PROBLEM')),
    tenants_registered  boolean       not null,
    other_findings      varchar(1000),
    result              varchar(10)   not null check (result in ('OK', 'PROBLEMS', 'RECTIFY')),
    rectify_by          date,
    -- the follow-up that closes a rectification: RECTIFIED (checked on site) or RENTAL_ENDED (no longer let)
    closed_kind         varchar(12)   check (closed_kind in ('RECTIFIED', 'RENTAL_ENDED')),
    closed_on           date,
    closed_at           timestamptz,
    closed_by           varchar(64),
    closing_note        varchar(1000),
    recorded_at         timestamptz   not null,
    check ((result = 'RECTIFY') = (rectify_by is not null)),
    check (closed_kind is null or result = 'RECTIFY'),
    check ((closed_kind is null) = (closed_at is null))
);
create index registry_rental_inspection_rental on registry_rental_inspection (rental_id, inspected_on desc);
create index registry_rental_inspection_open on registry_rental_inspection (area_code text_pattern_ops, rectify_by)
    where result = 'RECTIFY' and closed_kind is null;
