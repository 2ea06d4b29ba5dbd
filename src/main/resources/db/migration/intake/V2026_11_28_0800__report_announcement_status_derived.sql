-- Whether an announced report was solved on the spot is its status: a report solved on the spot is never decided
-- again, and a pending one never becomes solved on the spot (cases decide only PENDING reports). The copy goes.
alter table report_announcement drop column solved_on_spot;
