-- Intake now takes Open311's 4000 characters and the photos of a request: the description lives in intake's report
-- (its first description_chars characters are the client's own) and photos in report_photo, where staff see them.
-- Older requests keep their description copy and photo_ids; their photos are linked in report_photo too, and the
-- photo_ids column is no longer read.
alter table open311_request add column description_chars integer;
insert into report_photo (report_id, photo_id, role)
select o.report_id, u.photo_id, 'EVIDENCE'
from open311_request o
cross join lateral unnest(o.photo_ids) as u(photo_id)
join photo ph on ph.id = u.photo_id
on conflict do nothing;
comment on column open311_request.photo_ids is 'unused since V952: photos are in report_photo';
