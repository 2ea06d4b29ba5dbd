-- Duplicate suggestions look up the newest reports of a category in one grid, or in a latitude band nearby.
drop index report_similar;
create index report_similar on report (category_code, area_code, received_at);
create index report_nearby on report (category_code, lat) where lat is not null;
