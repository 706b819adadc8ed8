-- question: who published on time (by 1 April of the following year), how late were the others,
-- and what share was on time per year and level?
-- parameters: year, level. Unset parameters mean "all".
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
        count(m.publish_date) as n_with_publish_date,
        count(*) filter (where m.is_on_time) as n_on_time,
        round(100.0 * count(*) filter (where m.is_on_time) / nullif(count(m.publish_date), 0), 1) as on_time_pct,
        max(m.days_after_deadline) filter (where not m.is_on_time) as max_days_late,
        round(avg(m.days_after_deadline) filter (where not m.is_on_time), 1) as avg_days_late,
        list(r.agency_name || ' (' || m.days_after_deadline || ' days late)' order by m.days_after_deadline desc)
            filter (where not m.is_on_time) as late_reports
    from reports as r
    join measures as m on m.report_id = r.report_id
    where (getvariable('year')::integer is null or r.report_year = getvariable('year')::integer)
      and (getvariable('level')::varchar is null or r.admin_level = getvariable('level')::varchar)
    group by all
)
select * from final
order by report_year, admin_level;
