-- question: how much of one indicator did each agency report, per year and city (e.g. normative documents reviewed)?
-- parameters (set with `fazhi query indicator_by_agency_year --indicator CODE ...` or in duckdb with
-- SET VARIABLE indicator = 'normative_docs_reviewed'): indicator (required), city, agency (part of the name), year.
-- required: indicator
-- Unset parameters mean "all".
with facts as (
    select * from fct_quantity
),
reports as (
    select * from current_report
),
regions as (
    select * from dim_region
),
agencies as (
    select * from dim_agency
),
final as (
    -- One line per agency across its renames: it is named as in its latest report (dim_agency), and
    -- --agency matches any name it has had.
    select
        g.province,
        g.city,
        coalesce(a.agency_name, r.agency_name) as agency_name,
        r.report_year,
        f.indicator_code,
        f.unit,
        count(*) as n_mentions,
        sum(f.value) as total_value,
        sum(f.value_base) as total_value_base
    from facts as f
    join reports as r on r.report_id = f.report_id
    left join agencies as a on a.agency_id = r.agency_id
    left join regions as g on g.region_code = r.region_code
    where f.indicator_code = getvariable('indicator')::varchar
      and (getvariable('city')::varchar is null or g.city = getvariable('city')::varchar or g.province = getvariable('city')::varchar)
      and (getvariable('agency')::varchar is null or contains(r.agency_name, getvariable('agency')::varchar)
           or r.agency_id in (select agency_id from dim_agency_name
                              where contains(agency_name, getvariable('agency')::varchar)))
      and (getvariable('year')::integer is null or r.report_year = getvariable('year')::integer)
    group by all
)
select * from final
order by province, city, agency_name, report_year, unit;
