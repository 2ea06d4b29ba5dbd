-- A resident's name grams (its characters and character pairs, for the GIN name search) are now computed in Java
-- (Residents.nameGrams) and written with the name, instead of by a generated column: evaluating the SQL function
-- registry_name_grams row by row was a large part of a 100,000-row import (docs/benchmarks.md). The values already
-- stored stay; every writer of a name writes its grams (Residents.register and change, RegistryBulk.write), and a
-- missing value is refused rather than left unsearchable. The function stays for checks and SQL-side loads.
alter table registry_resident alter column name_grams drop expression;
alter table registry_resident alter column name_grams set not null;
