-- grain: one row per report; the stable interface of FACTS.md section 4
create or replace view export_reports as
with reports as (
    select * from dim_report where is_current
),
regions as (
    select * from dim_region
),
final as (
    select
        r.source_file,
        r.agency_name as agency,
        r.admin_level,
        g.province,
        g.city,
        g.district,
        r.region_code,
        r.report_year,
        r.publish_date,
        r.signed_date,
        r.title,
        r.is_complete,
        r.url
    from reports as r
    left join regions as g on g.region_code = r.region_code
)
select * from final
order by source_file;
comment on view export_reports is 'Stable interface: one row per report with its metadata (FACTS.md section 4).';
