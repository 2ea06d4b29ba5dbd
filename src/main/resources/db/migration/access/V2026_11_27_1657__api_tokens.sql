-- API tokens for machine clients (a 12345 hotline, a city platform) of the JSON API: no session, no CSRF token. A token
-- carries role assignments like a person's (role, area subtree, organisation), within what its issuer could grant,
-- and AccessPolicy decides for it exactly as for people. Only a SHA-256 hash of the secret is kept; a token expires,
-- can be revoked with a reason, and its issue, use and revocation are audited.
create table api_token (
    id             bigint generated always as identity primary key,
    name           varchar(80)  not null,
    secret_prefix  varchar(12)  not null,
    secret_hash    varchar(64)  not null unique,
    issued_at      timestamptz  not null,
    issued_by      varchar(64)  not null,
    issued_reason  varchar(500) not null,
    expires_at     timestamptz  not null,
    revoked_at     timestamptz,
    revoked_by     varchar(64),
    revoked_reason varchar(500),
    last_used_at   timestamptz,
    check (expires_at > issued_at)
);

create table api_token_assignment (
    token_id        bigint      not null references api_token (id),
    role            varchar(32) not null,
    area_code       varchar(24) not null,
    organisation_id bigint,
    primary key (token_id, role, area_code)
);
create index api_token_assignment_area on api_token_assignment (area_code text_pattern_ops);
