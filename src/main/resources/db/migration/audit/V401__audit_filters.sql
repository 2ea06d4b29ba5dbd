-- The auditor filters by action and pages by id.
create index audit_event_action on audit_event (action, id);
