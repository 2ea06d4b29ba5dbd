-- Optional second factor for staff: a TOTP secret (RFC 6238), encrypted with the field cipher; the last accepted
-- time step is kept so that a code cannot be used twice.
alter table account add column totp_secret_enc bytea;
alter table account add column totp_enabled boolean not null default false;
alter table account add column totp_last_step bigint;
