-- grain: one row per agency and name it has had (2018-2019 机构改革: 卫生和计划生育委员会 -> 卫生健康委员会 ...)
create or replace view dim_agency_name as
with reports as (
    select * from current_report
),
final as (
    select
        r.agency_id,
        r.agency_name,
        min(r.report_year) as first_year,
        max(r.report_year) as last_year,
        count(*) as n_reports,
        r.agency_name = any_value(a.agency_name) as is_current_name
    from reports as r
    join dim_agency as a on a.agency_id = r.agency_id
    group by r.agency_id, r.agency_name
)
select * from final
order by agency_id, first_year;
comment on view dim_agency_name is 'Every name an agency has had in its reports, with the years it was used: one agency across a rename (data/rules/departments.csv says which names are one department).';
comment on column dim_agency_name.agency_id is 'Joins dim_agency.';
comment on column dim_agency_name.agency_name is 'The name as the reports of those years give it.';
comment on column dim_agency_name.first_year is 'First report year with this name.';
comment on column dim_agency_name.last_year is 'Last report year with this name.';
comment on column dim_agency_name.n_reports is 'Current reports with this name.';
comment on column dim_agency_name.is_current_name is 'True for the name of its latest report (dim_agency.agency_name).';
