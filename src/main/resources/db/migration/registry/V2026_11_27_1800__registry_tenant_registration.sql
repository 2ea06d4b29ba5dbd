-- Tenant self-registration (the "粤居码" idea): a tenant scans the door plate of the building (or the village grid)
-- they rent in, without an account, and says who they are and which room; staff confirm (the tenant becomes a
-- floating resident of a tenant household in that room) or reject with a reason. form_id makes a repeated submit of
-- the same form return the first application instead of a second one.
create table registry_tenant_application (
    id                 bigint generated always as identity primary key,
    receipt            varchar(16)  not null unique,
    form_id            varchar(64)  unique,
    room_id            bigint       not null references registry_room (id),
    area_code          varchar(24)  not null,
    plate_code         varchar(16)  not null,
    name               varchar(60)  not null,
    id_number_enc      bytea        not null,
    id_number_index    bytea        not null,
    id_number_masked   varchar(24)  not null,
    phone_enc          bytea        not null,
    phone_index        bytea        not null,
    phone_masked       varchar(24)  not null,
    arrived_on         date         not null,
    registered_address varchar(200),
    workplace          varchar(120),
    status             varchar(10)  not null default 'PENDING' check (status in ('PENDING', 'CONFIRMED', 'REJECTED')),
    resident_id        bigint references registry_resident (id),
    decided_by         varchar(64),
    decided_at         timestamptz,
    decision_reason    varchar(500),
    source_ip          varchar(64),
    created_at         timestamptz  not null
);
create index registry_tenant_application_pending on registry_tenant_application (area_code text_pattern_ops, id)
    where status = 'PENDING';
