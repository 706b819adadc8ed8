-- question: what share of reports has the required parts (measures, shortcomings, plans), per year and level,
-- and which parts are missing?
-- parameters: year, level (province, city, district, county). Unset parameters mean "all".
with reports as (
    select * from current_report
),
measures as (
    select * from fct_report
),
final as (
    select
        r.report_year,
        r.admin_level,
        count(*) as n_reports,
        count(*) filter (where m.is_complete) as n_complete,
        round(100.0 * count(*) filter (where m.is_complete) / count(*), 1) as complete_pct,
        count(*) filter (where not m.has_measures) as missing_measures,
        count(*) filter (where not m.has_shortcomings) as missing_shortcomings,
        count(*) filter (where not m.has_plans) as missing_plans,
        count(*) filter (where not m.has_leadership) as without_leadership_part,
        list(r.source_file order by r.source_file) filter (where not m.is_complete) as incomplete_reports
    from reports as r
    join measures as m on m.report_id = r.report_id
    where (getvariable('year')::integer is null or r.report_year = getvariable('year')::integer)
      and (getvariable('level')::varchar is null or r.admin_level = getvariable('level')::varchar)
    group by all
)
select * from final
order by report_year, admin_level;
