-- The registry record a report concerns (chosen from the registry or given by the scanned door plate): an opaque
-- reference the registry resolves, with a label fit for anyone who sees the report (an address, never a person).
alter table report add column subject_kind  varchar(16);
alter table report add column subject_ref   varchar(40);
alter table report add column subject_label varchar(120);
create index report_subject on report (subject_kind, subject_ref) where subject_kind is not null;
