-- The plain index on every resident's ID-number blind index duplicated, for living residents, the one-home unique
-- index (registry_resident_one_home: id_number_index where moved_out_at is null), and cost every imported resident
-- one more insert into a tree of random 32-byte keys (docs/benchmarks.md, "Import of 100,000 validated rows"). It now
-- holds only the residents who moved out; a search by ID number that includes them reads both partial indexes
-- (Residents.search). Living residents are found through the unique index, as before.
drop index registry_resident_id_number;
create index registry_resident_id_number_moved_out on registry_resident (id_number_index)
    where moved_out_at is not null;
