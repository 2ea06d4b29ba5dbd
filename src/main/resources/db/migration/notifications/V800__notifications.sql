-- The outbox: written in the same transaction as the change that causes it; a relay delivers it to the inboxes
-- (and, when urgent, through the SMS/webhook gateway) and marks it delivered.
create table notification_outbox (
    id             bigint generated always as identity primary key,
    created_at     timestamptz  not null,
    recipient_kind varchar(12)  not null check (recipient_kind in ('PERSON', 'ORGANISATION', 'ROLE_IN_AREA')),
    recipient      varchar(64)  not null,
    role           varchar(24),
    message_key    varchar(80)  not null,
    args           text[]       not null default '{}',
    link           varchar(200),
    urgent         boolean      not null default false,
    delivered_at   timestamptz,
    attempts       integer      not null default 0,
    last_error     text
);
create index notification_outbox_pending on notification_outbox (id) where delivered_at is null;

create table notification_inbox (
    id          bigint generated always as identity primary key,
    person_id   bigint       not null,
    outbox_id   bigint       not null references notification_outbox (id),
    created_at  timestamptz  not null,
    message_key varchar(80)  not null,
    args        text[]       not null default '{}',
    link        varchar(200),
    read_at     timestamptz,
    unique (outbox_id, person_id)
);
create index notification_inbox_person on notification_inbox (person_id, id);
