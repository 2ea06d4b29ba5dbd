-- Scheduled jobs run once across instances (SchedulingConfiguration, ShedLock): one row per job, holding who runs it
-- and until when.
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamptz  not null,
    locked_at  timestamptz  not null,
    locked_by  varchar(255) not null
);
