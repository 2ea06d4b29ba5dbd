-- Reports committed but not yet announced to the read models downstream (workbench, public tracking, analytics).
-- A row is written in the report's own transaction; intake's announcer takes rows in batches (for update skip
-- locked, so several instances share the work), publishes one ReportsSubmitted event per batch and deletes the rows
-- in the same transaction. An acknowledged report is therefore announced exactly once, even if the process dies
-- between the two. Owner: intake.
create table report_announcement (
    report_id      bigint  primary key references report (id) on delete cascade,
    solved_on_spot boolean not null
);
