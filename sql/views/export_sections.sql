-- grain: one row per heading of a report; the stable interface of FACTS.md section 4
create or replace view export_sections as
with sections as (
    select * from dim_section
),
reports as (
    select report_id, source_file from dim_report where is_current
),
final as (
    select
        r.source_file,
        s.level,
        s.ordinal,
        s.heading,
        s.section_type
    from sections as s
    join reports as r on r.report_id = s.report_id
)
select * from final
order by source_file, ordinal;
comment on view export_sections is 'Stable interface: every heading of every report, in reading order (FACTS.md section 4).';
