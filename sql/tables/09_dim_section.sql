-- grain: one row per heading of a report
-- key: (report_id, ordinal), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_section (
    report_id       varchar not null,
    ordinal         integer not null,
    level           integer not null,
    number          integer,
    heading         varchar not null,
    section_type    varchar,
    l1_ordinal      integer,
    l1_section_type varchar,
    char_start      integer not null,
    char_end        integer not null
);
comment on table dim_section is 'Headings of each report in reading order (一、 > (一) > 1. > (1)).';
comment on column dim_section.report_id is 'Joins dim_report.';
comment on column dim_section.ordinal is 'Position of the heading in the report, from 1.';
comment on column dim_section.level is 'Heading level 1-4, from its numbering.';
comment on column dim_section.number is 'The heading''s own number (三 in 三、).';
comment on column dim_section.heading is 'Heading text without numbering.';
comment on column dim_section.section_type is 'Type of a level-1 section (joins dim_section_type); NULL below level 1.';
comment on column dim_section.l1_ordinal is 'Ordinal of the level-1 section this heading sits in.';
comment on column dim_section.l1_section_type is 'Type of that level-1 section.';
comment on column dim_section.char_start is 'Start of the heading in the normalised text.';
comment on column dim_section.char_end is 'End of the section (start of the next heading of the same or a higher level).';
