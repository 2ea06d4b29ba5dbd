-- The category catalogue: what can be reported, who leads by default, and the time limit of every stage.
-- Stages: ACCEPT (report -> accepted as a case), SIGN (dispatch -> signed), HANDLE (dispatch -> closed: the
-- closing deadline, whose count is "due for closure"), VERIFY (feedback -> verified).
create table case_category (
    id                  bigint generated always as identity primary key,
    code                varchar(32)  not null unique,
    name                varchar(80)  not null,
    name_en             varchar(80)  not null,
    group_code          varchar(24)  not null,
    default_lead_org    varchar(40),
    intake_conditions   text,
    closing_conditions  text,
    dispute             boolean      not null default false,
    accept_amount       integer      not null,
    accept_unit         varchar(16)  not null,
    sign_amount         integer      not null,
    sign_unit           varchar(16)  not null,
    handle_amount       integer      not null,
    handle_unit         varchar(16)  not null,
    verify_amount       integer      not null,
    verify_unit         varchar(16)  not null,
    active              boolean      not null default true,
    updated_at          timestamptz  not null default now(),
    updated_by          varchar(64)  not null default 'system',
    version             integer      not null default 0,
    check (accept_unit in ('NATURAL_DAYS', 'WORKING_DAYS', 'WORKING_HOURS')),
    check (sign_unit in ('NATURAL_DAYS', 'WORKING_DAYS', 'WORKING_HOURS')),
    check (handle_unit in ('NATURAL_DAYS', 'WORKING_DAYS', 'WORKING_HOURS')),
    check (verify_unit in ('NATURAL_DAYS', 'WORKING_DAYS', 'WORKING_HOURS'))
);

insert into case_category (code, name, name_en, group_code, default_lead_org, intake_conditions, closing_conditions,
                           dispute, accept_amount, accept_unit, sign_amount, sign_unit, handle_amount, handle_unit,
                           verify_amount, verify_unit) values
('DSP-LABOUR', '劳资纠纷', 'Wage and labour dispute', 'DISPUTE', 'HRSS', '有明确的用人单位与劳动者', '工资已支付或达成调解协议', true, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 10, 'WORKING_DAYS', 2, 'WORKING_DAYS'),
('DSP-NEIGHBOUR', '邻里纠纷', 'Neighbour dispute', 'DISPUTE', 'JUSTICE', '双方当事人明确', '双方达成和解或调解协议', true, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 7, 'WORKING_DAYS', 2, 'WORKING_DAYS'),
('DSP-FAMILY', '婚姻家庭纠纷', 'Marriage and family dispute', 'DISPUTE', 'JUSTICE', '双方当事人明确', '矛盾化解,无激化风险', true, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 7, 'WORKING_DAYS', 2, 'WORKING_DAYS'),
('HZD-FIRE', '消防安全隐患', 'Fire hazard', 'HAZARD', 'FIRE', '隐患位置明确', '隐患已整改并经现场核查', false, 1, 'WORKING_HOURS', 1, 'WORKING_HOURS', 1, 'NATURAL_DAYS', 1, 'WORKING_DAYS'),
('HZD-TRAFFIC', '道路交通隐患', 'Road traffic hazard', 'HAZARD', 'TRANSPORT', '隐患位置明确', '隐患已消除', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 3, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('ENV-DUMPING', '乱堆乱放', 'Illegal dumping', 'ENVIRONMENT', 'URBAN', '有现场照片', '现场已清理', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 3, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('ENV-NOISE', '噪音扰民', 'Noise nuisance', 'ENVIRONMENT', 'ECOENV', '噪音来源明确', '噪音已停止或限期整改', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 5, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('MKT-UNLICENSED', '无证经营', 'Unlicensed business', 'MARKET', 'MARKET', '经营场所明确', '已办证、停业或立案查处', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 10, 'WORKING_DAYS', 2, 'WORKING_DAYS'),
('MKT-FOOD', '食品安全', 'Food safety', 'MARKET', 'MARKET', '涉事商户明确', '已检查并处理', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 5, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('FAC-FITNESS', '健身器材损坏', 'Broken fitness equipment', 'FACILITY', 'SPORTS', '有现场照片', '器材已修复或拆除', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 10, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('FAC-STREETLIGHT', '路灯损坏', 'Broken street light', 'FACILITY', 'URBAN', '位置明确', '路灯已修复', false, 2, 'WORKING_HOURS', 2, 'WORKING_HOURS', 5, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('FAC-POWER', '供电问题', 'Electricity supply problem', 'FACILITY', 'POWER', '用户或位置明确', '供电已恢复', false, 1, 'WORKING_HOURS', 1, 'WORKING_HOURS', 2, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('SEC-ORDER', '治安隐患', 'Public-order risk', 'SECURITY', 'POLICE', '情况属实', '风险已处置', false, 1, 'WORKING_HOURS', 1, 'WORKING_HOURS', 3, 'WORKING_DAYS', 1, 'WORKING_DAYS'),
('SVC-CARE', '特殊人群帮扶', 'Help for people in difficulty', 'SERVICE', 'CIVIL', '对象明确', '帮扶措施已落实', false, 4, 'WORKING_HOURS', 4, 'WORKING_HOURS', 10, 'WORKING_DAYS', 2, 'WORKING_DAYS'),
('OTHER', '其他事项', 'Other matter', 'OTHER', null, '', '事项已处理', false, 4, 'WORKING_HOURS', 4, 'WORKING_HOURS', 10, 'WORKING_DAYS', 2, 'WORKING_DAYS');

-- The working calendar: only the days that differ from "Monday to Friday work" are stored.
create table working_calendar_day (
    day        date        primary key,
    kind       varchar(8)  not null check (kind in ('HOLIDAY', 'WORKDAY')),
    name       varchar(40) not null,
    updated_at timestamptz not null default now(),
    updated_by varchar(64) not null default 'system'
);

-- 2026 as published by the State Council General Office (国办发明电〔2025〕7号).
insert into working_calendar_day (day, kind, name)
select d::date, 'HOLIDAY', n from (values
    ('2026-01-01', '2026-01-03', '元旦'),
    ('2026-02-15', '2026-02-23', '春节'),
    ('2026-04-04', '2026-04-06', '清明节'),
    ('2026-05-01', '2026-05-05', '劳动节'),
    ('2026-06-19', '2026-06-21', '端午节'),
    ('2026-09-25', '2026-09-27', '中秋节'),
    ('2026-10-01', '2026-10-07', '国庆节')) as h(f, t, n),
    generate_series(f::date, t::date, interval '1 day') as d;
insert into working_calendar_day (day, kind, name) values
    ('2026-01-04', 'WORKDAY', '元旦调休'),
    ('2026-02-14', 'WORKDAY', '春节调休'),
    ('2026-02-28', 'WORKDAY', '春节调休'),
    ('2026-05-09', 'WORKDAY', '劳动节调休'),
    ('2026-09-20', 'WORKDAY', '国庆节调休'),
    ('2026-10-10', 'WORKDAY', '国庆节调休');
