-- Append-only, hash-chained audit trail: each row's hash covers its content and the previous row's hash.
create table audit_event (
    id         bigint generated always as identity primary key,
    at         timestamptz  not null,
    actor      varchar(64)  not null,
    source_ip  varchar(64),
    action     varchar(48)  not null,
    target     varchar(200),
    detail     text,
    outcome    varchar(16)  not null,
    prev_hash  varchar(64)  not null,
    hash       varchar(64)  not null
);
create index audit_event_at on audit_event (at);
create index audit_event_actor on audit_event (actor, at);

-- Rows are never changed or removed through the application's connection.
create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
