-- The background spreadsheet imports (registry_import_job) carry rental housing (出租屋) and enterprises too, through
-- the same job table, runner, error report and choice; the kind says which template's rows the workbook holds.
alter table registry_import_job drop constraint registry_import_job_kind_check;
alter table registry_import_job add constraint registry_import_job_kind_check
    check (kind in ('HOUSEHOLDS', 'RENTALS', 'ENTERPRISES'));
