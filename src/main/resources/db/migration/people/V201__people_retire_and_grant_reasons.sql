-- Who retired a person; why a role was granted (the revoke reason exists already).
alter table person add column retired_by varchar(64);
alter table role_assignment add column granted_reason text;
alter table organisation add column retired_by varchar(64);
create index person_name on person (name text_pattern_ops);
