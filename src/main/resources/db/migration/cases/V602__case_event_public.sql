-- A timeline entry staff marked public: the tracking page and Open311 show only these notes (plus neutral status
-- lines). Replaces the "[public]"/"【公开】" prefix convention; notes written that way so far stay public.
alter table case_event add column public boolean not null default false;
update case_event set public = true
where action = 'NOTE'
  and (lower(ltrim(coalesce(reason, detail, ''))) like '[public]%' or ltrim(coalesce(reason, detail, '')) like '【公开】%'
       or ltrim(coalesce(reason, detail, '')) like '[公开]%');
