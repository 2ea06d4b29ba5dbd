-- Account administration: who created an account, when it was disabled and why.
alter table account add column created_by varchar(64);
alter table account add column disabled_at timestamptz;
alter table account add column disabled_reason text;
create index account_person on account (person_id);
