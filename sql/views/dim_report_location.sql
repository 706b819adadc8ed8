-- grain: one row per place a current report was found (its own file, and each copy of it found elsewhere)
create or replace view dim_report_location as
select
    coalesce(r.duplicate_of, r.report_id) as report_id,
    r.report_id as found_as,
    r.source,
    r.source_file,
    r.url,
    r.duplicate_of is null as is_kept,
    r.loaded_at
from dim_report as r
where r.is_current
order by report_id, is_kept desc, source_file;
comment on view dim_report_location is 'Every place a report was found: the version kept (is_kept) and the copies of it found elsewhere (a repost, the portal, a PDF of the page); report_id joins current_report.';
comment on column dim_report_location.report_id is 'The report as the warehouse keeps it: joins current_report.';
comment on column dim_report_location.found_as is 'The dim_report row of this copy (its own report_id).';
comment on column dim_report_location.source is 'The --source it was read from.';
comment on column dim_report_location.source_file is 'Its file in that source.';
comment on column dim_report_location.url is 'Its page, when known.';
comment on column dim_report_location.is_kept is 'True for the version kept (transforms/dedup.py keep_order), false for a copy.';
comment on column dim_report_location.loaded_at is 'When this copy was loaded.';
