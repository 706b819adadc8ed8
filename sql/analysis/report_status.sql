-- question: per report, latest year first: was it published on time (by 1 April of the following year),
-- and does it have the required parts?
-- parameters: city, agency (part of the name), year, level. Unset parameters mean "all".
with reports as (
    select * from current_report
),
measures as (
    select * from fct_report
),
regions as (
    select * from dim_region
),
final as (
    select
        r.agency_name,
        r.admin_level,
        g.province,
        g.city,
        r.report_year,
        r.publish_date,
        m.deadline_on,
        m.days_after_deadline,
        case
            when m.publish_date is null then 'no date'
            when m.is_on_time then 'on time'
            else 'late'
        end as timeliness,
        m.is_complete,
        m.missing_parts,
        m.has_leadership,
        m.n_facts,
        r.source_file
    from reports as r
    join measures as m on m.report_id = r.report_id
    left join regions as g on g.region_code = r.region_code
    where (getvariable('year')::integer is null or r.report_year = getvariable('year')::integer)
      and (getvariable('level')::varchar is null or r.admin_level = getvariable('level')::varchar)
      and (getvariable('agency')::varchar is null or contains(r.agency_name, getvariable('agency')::varchar))
      and (getvariable('city')::varchar is null or g.city = getvariable('city')::varchar
           or g.province = getvariable('city')::varchar)
)
select * from final
order by report_year desc, agency_name, source_file;
