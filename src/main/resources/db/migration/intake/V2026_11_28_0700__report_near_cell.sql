-- Duplicate suggestions "nearby": the newest reports of the category within about 300 m (±0.0027° latitude,
-- ±0.0032° longitude). The old index walked the category's whole latitude band, of every year, in latitude order
-- (under load it was 60 % of the database's time at 40,000 reports, and grew with the table). This one files each
-- report under a cell of the size of the search box; the box around a point touches at most four cells, and each
-- cell is read newest first, only as far as the suggestions need (docs/benchmarks.md, intake).
create index report_near_cell on report (category_code, (floor(lat / 0.0054)::int), (floor(lon / 0.0064)::int),
                                         received_at) where lat is not null and lon is not null;
drop index report_nearby;
