-- Photos a public reporter attached (checked and stored by intake's Photos, uploaded as the public client), until
-- intake's public submit takes photos itself.
create table public_report_photo (
    public_report_id bigint not null references public_report (id),
    photo_id         uuid   not null,
    primary key (public_report_id, photo_id)
);

-- The id of the form a report came from: a second submit of the same form returns the first report.
alter table public_report add column form_id varchar(64) unique;
