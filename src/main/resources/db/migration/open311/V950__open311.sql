-- Open311 GeoReport v2 clients (a rider app, a city hotline, a partner system). The key itself is shown once at
-- issue; only its SHA-256 is stored. Every request made with a key names the key in the audit trail.
create table open311_api_key (
    id           bigint generated always as identity primary key,
    name         varchar(80)  not null,
    contact      varchar(200),
    key_prefix   varchar(8)   not null,
    key_hash     char(64)     not null unique,
    created_at   timestamptz  not null,
    created_by   varchar(64)  not null,
    revoked_at   timestamptz,
    revoked_by   varchar(64),
    revoked_reason text,
    last_used_at timestamptz,
    use_count    bigint       not null default 0
);

-- What an Open311 POST carried beyond the report itself: the key, the attributes, media links, the batch token.
create table open311_request (
    report_id   bigint       primary key,
    api_key_id  bigint       not null references open311_api_key (id),
    token       varchar(40)  unique,
    attributes  text,        -- JSON object: code -> value or list of values
    media_urls  text[]       not null default '{}',
    address_id  varchar(40),
    -- the description as sent (up to 4000 characters); the report carries it with the attributes appended
    description text,
    created_at  timestamptz  not null
);

-- Updates posted by clients (mySociety servicerequestupdates POST), e.g. a citizen's comment on a request.
create table open311_update (
    id          bigint generated always as identity primary key,
    report_id   bigint       not null,
    api_key_id  bigint       not null references open311_api_key (id),
    client_update_id varchar(60),
    status      varchar(40)  not null,
    description text,
    media_url   varchar(500),
    updated_at  timestamptz  not null,
    received_at timestamptz  not null
);
create index open311_update_report on open311_update (report_id);
create index open311_update_received on open311_update (received_at);

-- Extra questions per service (category), published as the Open311 service definition.
create table open311_attribute (
    service_code  varchar(32)  not null,
    code          varchar(40)  not null,
    variable      boolean      not null default true,
    datatype      varchar(20)  not null check (datatype in ('string', 'number', 'datetime', 'text',
                                                          'singlevaluelist', 'multivaluelist')),
    required      boolean      not null default false,
    datatype_description varchar(200),
    ordinal       integer      not null check (ordinal > 0),
    description   varchar(400) not null,
    description_en varchar(400) not null,
    -- list values as "key=name|key=name"
    list_values   text,
    updated_at    timestamptz  not null default now(),
    primary key (service_code, code),
    unique (service_code, ordinal)
);

insert into open311_attribute (service_code, code, variable, datatype, required, datatype_description, ordinal,
                               description, description_en, list_values) values
('HZD-FIRE', 'NOTICE', false, 'text', false, null, 1,
 '如有明火或人员被困,请立即拨打119。', 'If there is an open fire or people are trapped, call 119 at once.', null),
('HZD-FIRE', 'KIND', true, 'singlevaluelist', true, null, 2, '隐患类型', 'Kind of hazard',
 'EXIT=安全出口堵塞|WIRING=电线私拉乱接|EBIKE=电动车室内充电|EXTINGUISHER=灭火器缺失或过期|OTHER=其他'),
('HZD-FIRE', 'FLOOR', true, 'number', false, '楼层,整数', 3, '所在楼层', 'Floor', null),
('ENV-DUMPING', 'WHAT', true, 'multivaluelist', true, null, 1, '堆放物', 'What is dumped',
 'HOUSEHOLD=生活垃圾|BUILDING=建筑垃圾|BULKY=大件家具|OTHER=其他'),
('ENV-DUMPING', 'SINCE', true, 'datetime', false, 'ISO 8601, e.g. 2026-03-15T08:00:00+08:00', 2,
 '大约何时开始堆放', 'Since when, roughly', null),
('FAC-STREETLIGHT', 'POLE', true, 'string', false, '灯杆上的编号', 1, '灯杆编号', 'Pole number', null);
