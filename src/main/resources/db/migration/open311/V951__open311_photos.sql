-- Photos uploaded in a multipart POST (as FixMyStreet does), checked and stored by intake's Photos.
alter table open311_request add column photo_ids uuid[] not null default '{}';
