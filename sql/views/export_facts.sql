-- grain: one row per quantitative mention; the stable interface of FACTS.md section 4
create or replace view export_facts as
with facts as (
    select * from fct_quantity
),
reports as (
    select report_id, source_file from dim_report where is_current
),
sections as (
    select report_id, ordinal, section_type from dim_section
),
final as (
    select
        r.source_file,
        f.value,
        f.unit,
        f.kind,
        f.qualifier,
        f.value_base,
        f.subject,
        f.indicator_code as indicator,
        s.section_type,
        f.char_start,
        f.char_end,
        f.change_id,
        f.role
    from facts as f
    join reports as r on r.report_id = f.report_id
    left join sections as s on s.report_id = f.report_id and s.ordinal = f.l1_ordinal
)
select * from final
order by source_file, char_start;
comment on view export_facts is 'Stable interface: one row per quantitative fact with its level-1 section type (FACTS.md section 4).';
