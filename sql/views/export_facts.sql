-- grain: one row per quantitative mention; the stable interface of docs/data-contract.md §5
create or replace view export_facts as
with facts as (
    select * from fct_quantity
),
reports as (
    select report_id, source_file from current_report
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
comment on view export_facts is 'Stable interface: one row per quantitative fact with its level-1 section type (docs/data-contract.md §5).';
comment on column export_facts.source_file is 'File name of the report (joins export_reports).';
comment on column export_facts.value is 'The number, with 万/亿 inside it applied (7000 for 7000余家, 12000 for 1.2万件).';
comment on column export_facts.unit is 'Unit as written after the number (家, 件, %, 万元, 个工作日; 位 for a rank).';
comment on column export_facts.kind is 'What the number is: count, money, percent, duration or rank.';
comment on column export_facts.qualifier is 'exact; approx (约, 近, 左右); at_least (余, 多, 以上, 超过); at_most (以下, 不到, 以内).';
comment on column export_facts.value_base is 'The value in the kind''s base unit: money in 元 (1442万元 -> 14420000), durations in days where the unit allows; else the value.';
comment on column export_facts.subject is 'What is counted, from the words around the number (规范性文件, 执法人员 ...).';
comment on column export_facts.indicator is 'Indicator code of the taxonomy (`fazhi indicators` lists them); other when none applies.';
comment on column export_facts.section_type is 'Type of the level-1 section the fact is in (measures, shortcomings, leadership, plans, other): a plan is not a result.';
comment on column export_facts.char_start is 'Offset of the number''s first character in the normalised text.';
comment on column export_facts.char_end is 'Offset just after the number and its unit in the normalised text.';
comment on column export_facts.change_id is 'Facts of one change (from 1016 to 38 working days) share an id; NULL otherwise.';
comment on column export_facts.role is 'In a change: before or after; NULL otherwise.';
