-- The registry of people and places (人、地、物): rooms of buildings, households, residents, care tags and the
-- building leaders' notes. Field names follow GB/T 31000-2015 (社会治安综合治理基础数据规范) where it speaks: see
-- docs/REGISTRY.md. Buildings themselves are areas of level BUILDING, kept by geography; a room references its
-- building by area code. ID and phone numbers are stored encrypted (FieldCipher) with a blind index and a masked
-- copy; nothing here is ever deleted: rows are retired or ended with who, when and why.

-- Names are searched by any part, and two Chinese characters are a normal query; pg_trgm serves only three and more.
-- The grams of a name are its single characters and its character pairs: a GIN index over them answers a query of
-- one or two characters directly and a longer one by its pairs (then re-checked with LIKE). See docs/benchmarks.md.
create function registry_name_grams(name text) returns text[]
    language sql immutable strict parallel safe as
$$
select coalesce(array_agg(distinct g), '{}')
from (select substr(lower(name), i, 1) as g from generate_series(1, char_length(name)) i
      union all
      select substr(lower(name), i, 2) from generate_series(1, char_length(name) - 1) i) grams
$$;

-- A room of a building (单元/室) or, in a village, a house standing in a grid (门牌号): where households live.
create table registry_room (
    id            bigint generated always as identity primary key,
    -- the building's area code, or the grid's for a house that is not in a building of the area tree
    area_code     varchar(24)  not null,
    building_code varchar(24),
    unit          varchar(10),
    floor         smallint,
    room          varchar(20)  not null,
    -- 门(楼)详址: the full door-plate address as printed, e.g. 凤凰社区 凤凰苑1栋 2单元 502室
    door_plate    varchar(200) not null,
    -- 房屋用途: SELF_OCCUPIED (自住), RENTAL (出租), SHOP (商铺), VACANT (空置), OTHER
    use_kind      varchar(16)  not null default 'SELF_OCCUPIED'
        check (use_kind in ('SELF_OCCUPIED', 'RENTAL', 'SHOP', 'VACANT', 'OTHER')),
    created_at    timestamptz  not null,
    created_by    varchar(64)  not null,
    retired_at    timestamptz,
    retired_by    varchar(64),
    retired_reason varchar(500),
    version       integer      not null default 0
);
create unique index registry_room_plate on registry_room (area_code, coalesce(unit, ''), room) where retired_at is null;
create index registry_room_area on registry_room (area_code text_pattern_ops);

-- A household (户): the people living together in a room. 户籍户 (registered here), 常住户 (living here, registered
-- elsewhere), 租住户 (tenants), 集体户 (a dormitory or other collective).
create table registry_household (
    id               bigint generated always as identity primary key,
    room_id          bigint       not null references registry_room (id),
    area_code        varchar(24)  not null,
    kind             varchar(12)  not null check (kind in ('REGISTERED', 'RESIDENT', 'TENANT', 'COLLECTIVE')),
    -- 户号 of the household register, when it is one
    household_number varchar(30),
    -- 户主联系方式: the household's contact phone
    phone_enc        bytea,
    phone_index      bytea,
    phone_masked     varchar(24),
    registered_at    timestamptz  not null,
    registered_by    varchar(64)  not null,
    changed_at       timestamptz  not null,
    changed_by       varchar(64)  not null,
    ended_at         timestamptz,
    ended_by         varchar(64),
    ended_reason     varchar(500),
    version          integer      not null default 0
);
create index registry_household_area on registry_household (area_code text_pattern_ops, id);
create index registry_household_room on registry_household (room_id);
create index registry_household_phone on registry_household (phone_index);

-- A resident (实有人口): a person living in (or registered at) a household. 户籍人口 REGISTERED, 流动人口 FLOATING
-- (with arrival and departure), 境外人员 FOREIGN. registered_here / lives_here tell 人户一致 from 人户分离.
create table registry_resident (
    id                  bigint generated always as identity primary key,
    household_id        bigint       not null references registry_household (id),
    area_code           varchar(24)  not null,
    name                varchar(60)  not null,
    name_grams          text[] generated always as (registry_name_grams(name)) stored,
    -- GB/T 2261.1: M / F
    gender              char(1) check (gender in ('M', 'F')),
    birth_date          date,
    id_number_enc       bytea,
    id_number_index     bytea,
    id_number_masked    varchar(24),
    phone_enc           bytea,
    phone_index         bytea,
    phone_masked        varchar(24),
    -- 与户主关系 (GB/T 4761 家庭关系代码): 02 户主 head, 10 配偶, 20 子, 30 女, 40 孙子女, 50 父母, 60 祖父母,
    -- 70 兄弟姐妹, 80 其他亲属, 99 非亲属
    relationship        char(2)      not null,
    population_kind     varchar(10)  not null check (population_kind in ('REGISTERED', 'FLOATING', 'FOREIGN')),
    registered_here     boolean      not null,
    lives_here          boolean      not null,
    -- 户籍地详址 when registered elsewhere
    registered_address  varchar(200),
    -- 流入原因 of the floating population: WORK, BUSINESS, STUDY, FAMILY, OTHER
    inflow_reason       varchar(10) check (inflow_reason in ('WORK', 'BUSINESS', 'STUDY', 'FAMILY', 'OTHER')),
    -- 服务处所: employer or school
    workplace           varchar(120),
    arrived_on          date,
    left_on             date,
    moved_in_at         timestamptz  not null,
    moved_in_by         varchar(64)  not null,
    changed_at          timestamptz  not null,
    changed_by          varchar(64)  not null,
    moved_out_at        timestamptz,
    moved_out_by        varchar(64),
    moved_out_reason    varchar(500),
    version             integer      not null default 0
);
create index registry_resident_area on registry_resident (area_code text_pattern_ops, id);
create index registry_resident_household on registry_resident (household_id);
create index registry_resident_id_number on registry_resident (id_number_index);
create index registry_resident_phone on registry_resident (phone_index);
create index registry_resident_name on registry_resident using gin (name_grams);
-- one active registration per ID number: the same person is not living in two households at once
create unique index registry_resident_one_home on registry_resident (id_number_index)
    where moved_out_at is null and id_number_index is not null;

-- Kinds of care tags (关爱标签): the built-in ones and those a county adds.
create table registry_care_tag_kind (
    code       varchar(24)  primary key,
    name_zh    varchar(40)  not null,
    name_en    varchar(60)  not null,
    builtin    boolean      not null default false,
    created_at timestamptz  not null default now(),
    created_by varchar(64)  not null default 'system',
    retired_at timestamptz
);
insert into registry_care_tag_kind (code, name_zh, name_en, builtin) values
    ('DISABLED', '残疾人', 'Disabled', true),
    ('LOW_INCOME', '低保/低收入', 'Low income', true),
    ('SINGLE_PARENT', '单亲家庭', 'Single parent', true),
    ('ELDERLY_ALONE', '独居老人', 'Elderly living alone', true),
    ('MINOR_ATTENTION', '重点关注未成年人', 'Minor needing attention', true),
    ('COMMUNITY_CORRECTION', '社区矫正人员', 'Community correction', true);

-- A care tag on a resident: sensitive personal information (PIPL Art. 28), seen only by roles that need it.
create table registry_care_tag (
    id             bigint generated always as identity primary key,
    resident_id    bigint       not null references registry_resident (id),
    area_code      varchar(24)  not null,
    kind_code      varchar(24)  not null references registry_care_tag_kind (code),
    note           varchar(500),
    set_at         timestamptz  not null,
    set_by         varchar(64)  not null,
    set_reason     varchar(500) not null,
    removed_at     timestamptz,
    removed_by     varchar(64),
    removed_reason varchar(500)
);
create unique index registry_care_tag_active on registry_care_tag (resident_id, kind_code) where removed_at is null;
create index registry_care_tag_area on registry_care_tag (area_code text_pattern_ops) where removed_at is null;

-- The building leader's notebook: short notes on a household, kept by whoever looks after it.
create table registry_household_note (
    id           bigint generated always as identity primary key,
    household_id bigint        not null references registry_household (id),
    area_code    varchar(24)   not null,
    body         varchar(1000) not null,
    written_at   timestamptz   not null,
    written_by   varchar(64)   not null
);
create index registry_household_note_household on registry_household_note (household_id, id);
