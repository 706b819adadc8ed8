-- question: how many figures per 1,000 characters does each report give, and how does that density trend by year?
-- parameters: year, level, city. Unset parameters mean "all".
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
        r.report_year,
        r.admin_level,
        g.city,
        r.agency_name,
        r.source_file,
        m.n_chars,
        m.n_facts,
        round(m.facts_per_1000_chars, 2) as facts_per_1000_chars,
        round(avg(m.facts_per_1000_chars) over (partition by r.report_year), 2) as year_avg_facts_per_1000_chars,
        round(median(m.facts_per_1000_chars) over (partition by r.report_year), 2) as year_median_facts_per_1000_chars
    from reports as r
    join measures as m on m.report_id = r.report_id
    left join regions as g on g.region_code = r.region_code
    where (getvariable('year')::integer is null or r.report_year = getvariable('year')::integer)
      and (getvariable('level')::varchar is null or r.admin_level = getvariable('level')::varchar)
      and (getvariable('city')::varchar is null or g.city = getvariable('city')::varchar or g.province = getvariable('city')::varchar)
)
select * from final
order by report_year, facts_per_1000_chars desc;
