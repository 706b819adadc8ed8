-- question: how did an indicator change from one year to the next, per region (province and city)?
-- parameters: indicator (required), city. Unset parameters mean "all".
-- required: indicator
with facts as (
    select * from fct_quantity
),
reports as (
    select * from current_report
),
regions as (
    select * from dim_region
),
yearly as (
    select
        g.province,
        g.city,
        r.report_year,
        f.indicator_code,
        f.unit,
        sum(f.value_base) as total_value_base,
        count(distinct r.report_id) as n_reports
    from facts as f
    join reports as r on r.report_id = f.report_id
    left join regions as g on g.region_code = r.region_code
    where f.indicator_code = getvariable('indicator')::varchar
      and (getvariable('city')::varchar is null or g.city = getvariable('city')::varchar or g.province = getvariable('city')::varchar)
    group by all
),
final as (
    select
        *,
        lag(report_year) over w as previous_year,
        lag(total_value_base) over w as previous_value_base,
        total_value_base - lag(total_value_base) over w as change,
        round(100.0 * (total_value_base - lag(total_value_base) over w)
              / nullif(lag(total_value_base) over w, 0), 1) as change_pct
    from yearly
    window w as (partition by province, city, indicator_code, unit order by report_year)
)
select * from final
order by province, city, unit, report_year;
