-- The area tree. A code follows the national statistical division code (county 6 digits, +3 town/street,
-- +3 village/community, +3 grid, +3 building or micro-grid), so a subtree is a code prefix and data scope is a
-- prefix match. Overlay grids (industrial park, maritime, police defense zone) are areas of their own kind
-- under the area that owns them, linked to the base grids they cover.
create table area (
    id             bigint generated always as identity primary key,
    code           varchar(24)  not null unique,
    parent_id      bigint references area (id),
    level          varchar(16)  not null check (level in ('COUNTY', 'TOWN', 'VILLAGE', 'GRID', 'BUILDING', 'MICRO_GRID')),
    kind           varchar(20)  not null default 'BASE'
        check (kind in ('BASE', 'INDUSTRIAL_PARK', 'MARITIME', 'POLICE_ZONE')),
    name           varchar(100) not null,
    -- town/street or village/community flavour, e.g. STREET, TOWN, TOWNSHIP, VILLAGE, COMMUNITY
    subtype        varchar(16),
    boundary       text,               -- WGS84 polygon or multipolygon as GeoJSON geometry
    centroid_lon   double precision,
    centroid_lat   double precision,
    retired_at     timestamptz,
    retired_by     varchar(64),
    retired_reason text,
    created_at     timestamptz  not null default now(),
    version        integer      not null default 0
);
create index area_code_prefix on area (code text_pattern_ops);
create index area_parent on area (parent_id);

-- An overlay grid covers some base grids.
create table overlay_coverage (
    overlay_id bigint not null references area (id),
    grid_id    bigint not null references area (id),
    primary key (overlay_id, grid_id)
);

-- Every change to the tree (create, rename, move, retire, boundary) is kept.
create table area_history (
    id        bigint generated always as identity primary key,
    area_id   bigint      not null references area (id),
    at        timestamptz not null,
    actor     varchar(64) not null,
    action    varchar(24) not null,
    detail    text,
    reason    text
);
create index area_history_area on area_history (area_id, at);
