-- grain: one row per heading of a report; the stable interface of docs/data-contract.md §5
create or replace view export_sections as
with sections as (
    select * from dim_section
),
reports as (
    select report_id, source_file from current_report
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
comment on view export_sections is 'Stable interface: every heading of every report, in reading order (docs/data-contract.md §5).';
comment on column export_sections.source_file is 'File name of the report (joins export_reports).';
comment on column export_sections.level is 'Heading level: 1 for 一、, 2 for （一）, 3 for 1.';
comment on column export_sections.ordinal is 'Position of the section in the report, from 1.';
comment on column export_sections.heading is 'The heading, without its numbering marks.';
comment on column export_sections.section_type is 'For level-1 headings, the part of the report: measures, shortcomings, leadership, plans or other.';
