-- Counts account administration (disable, enable, grant, revoke …) across every instance of the platform: each one
-- adds 1 in its own transaction, and every instance's open sessions check their account again once they see a new
-- value (AccountStatusFilter), so a change made on one instance applies on the others at once.
create table account_generation (
    id         int    primary key default 1 check (id = 1),
    generation bigint not null
);
insert into account_generation (generation) values (0);
