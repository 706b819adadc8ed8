-- grain: one row per report that is current: the reports every analysis and export view counts
create or replace view current_report as
select *
from dim_report
where is_current
  and duplicate_of is null;
comment on view current_report is 'The reports every analysis and export counts: dim_report without the history of files gone from their source (is_current) and without the same report found again elsewhere (duplicate_of). Read it instead of filtering dim_report yourself.';
