-- When rows older than the retention period are archived and removed, the hash of the last archived row is kept
-- here, so the remaining chain still verifies from its first row. Rows are never changed or removed.
create table audit_anchor (
    id          bigint generated always as identity primary key,
    first_id    bigint      not null unique,
    prev_hash   varchar(64) not null,
    archived_at timestamptz not null default now(),
    archived_by varchar(64) not null,
    note        text
);
create trigger audit_anchor_no_update before update or delete on audit_anchor
    for each row execute function audit_event_is_append_only();
