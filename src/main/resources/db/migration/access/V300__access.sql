create table account (
    id                    bigint generated always as identity primary key,
    username              varchar(64)  not null unique,
    person_id             bigint       not null references person (id),
    password_hash         varchar(200) not null,
    password_changed_at   timestamptz  not null default now(),
    must_change_password  boolean      not null default true,
    failed_attempts       integer      not null default 0,
    locked_until          timestamptz,
    enabled               boolean      not null default true,
    last_login_at         timestamptz,
    created_at            timestamptz  not null default now(),
    version               integer      not null default 0
);
