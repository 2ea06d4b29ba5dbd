-- Photos, stored as files behind PhotoStore; this table keeps what was checked about them.
create table photo (
    id           uuid primary key,
    content_type varchar(16) not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes   integer     not null,
    width        integer,
    height       integer,
    sha256       char(64)    not null,
    has_thumb    boolean     not null default false,
    uploaded_by  varchar(64) not null,
    uploaded_at  timestamptz not null,
    -- set when the photo is attached to a report or a case: who may see it follows that area
    area_code    varchar(24)
);
create index photo_uploader on photo (uploaded_by, uploaded_at);

-- What arrives from any channel. A report is not yet a case: the center accepts, rejects or merges it.
create table report (
    id                    bigint generated always as identity primary key,
    submitted_by          varchar(64)  not null,
    idempotency_key       varchar(100),
    request_hash          char(64),
    channel               varchar(12)  not null
        check (channel in ('COUNTER', 'HOTLINE', 'PATROL', 'QR', 'OPEN311', 'API')),
    category_code         varchar(32)  not null,
    description           text         not null,
    lon                   double precision,
    lat                   double precision,
    address               varchar(200),
    area_code             varchar(24)  not null,
    grid_name             varchar(100),
    overlay_codes         varchar(200),
    reporter_name_enc     bytea,
    reporter_phone_enc    bytea,
    reporter_phone_index  bytea,
    reporter_phone_masked varchar(24),
    status                varchar(16)  not null default 'PENDING'
        check (status in ('PENDING', 'ACCEPTED', 'REJECTED', 'MERGED', 'SOLVED_ON_SPOT')),
    case_id               bigint,
    decision_reason       text,
    decided_by            varchar(64),
    decided_at            timestamptz,
    received_at           timestamptz  not null,
    accept_due            timestamptz,
    version               integer      not null default 0
);
create unique index report_idempotency on report (submitted_by, idempotency_key) where idempotency_key is not null;
create index report_pending on report (area_code text_pattern_ops, id) where status = 'PENDING';
create index report_area on report (area_code text_pattern_ops, received_at);
create index report_similar on report (category_code, received_at);
create index report_case on report (case_id) where case_id is not null;

create table report_photo (
    report_id bigint      not null references report (id),
    photo_id  uuid        not null references photo (id),
    role      varchar(12) not null check (role in ('EVIDENCE', 'BEFORE', 'AFTER')),
    primary key (report_id, photo_id)
);
