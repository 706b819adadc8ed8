-- question: which agencies reported in which years, and which years are missing between their first and last report?
-- parameters: agency (part of the name), city. Unset parameters mean "all".
with reports as (
    select * from current_report
),
agencies as (
    select * from dim_agency
),
regions as (
    select * from dim_region
),
reported as (
    select
        a.agency_id,
        a.agency_name,
        a.department_type,
        g.city,
        list(distinct r.report_year order by r.report_year) as years_reported,
        min(r.report_year) as first_year,
        max(r.report_year) as last_year
    from reports as r
    join agencies as a on a.agency_id = r.agency_id
    left join regions as g on g.region_code = a.region_code
    where r.report_year is not null
      and (getvariable('agency')::varchar is null or a.agency_id in (select agency_id from dim_agency_name
                                                                      where contains(agency_name, getvariable('agency')::varchar)))
      and (getvariable('city')::varchar is null or g.city = getvariable('city')::varchar or g.province = getvariable('city')::varchar)
    group by all
),
final as (
    select
        agency_name,
        department_type,
        city,
        first_year,
        last_year,
        years_reported,
        list_filter(range(first_year, last_year + 1), y -> not list_contains(years_reported, y)) as missing_years
    from reported
)
select * from final
order by city, agency_name;
