-- Public reporters' photos now go through intake (ReportIntake.submitPublic) into report_photo, where staff see
-- them. The photos linked so far only here are linked there too; this table is kept but no longer used.
insert into report_photo (report_id, photo_id, role)
select r.report_ref::bigint, p.photo_id, 'EVIDENCE'
from public_report_photo p
join public_report r on r.id = p.public_report_id
join photo ph on ph.id = p.photo_id
join report rep on rep.id = r.report_ref::bigint
on conflict do nothing;
comment on table public_report_photo is 'unused since V902: public photos are in report_photo';
