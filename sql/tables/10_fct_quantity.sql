-- grain: one row per quantitative mention (a number that measures something) in a report
-- key: (report_id, fact_no), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists fct_quantity (
    report_id       varchar not null,
    fact_no         integer not null,
    section_ordinal integer,
    l1_ordinal      integer,
    indicator_code  varchar not null,
    value           double not null,
    unit            varchar,
    kind            varchar not null,
    qualifier       varchar not null,
    value_base      double not null,
    subject         varchar,
    surface         varchar not null,
    sentence        varchar,
    char_start      integer not null,
    char_end        integer not null,
    change_id       integer,
    role            varchar
);
comment on table fct_quantity is 'Quantitative facts: one row per mention of a number that measures something (docs/data-contract.md §4).';
comment on column fct_quantity.report_id is 'Joins dim_report.';
comment on column fct_quantity.fact_no is 'Position of the fact in the report, from 1.';
comment on column fct_quantity.section_ordinal is 'Innermost heading the fact sits under (dim_section.ordinal).';
comment on column fct_quantity.l1_ordinal is 'Level-1 section the fact sits in (dim_section.ordinal).';
comment on column fct_quantity.indicator_code is 'Indicator of the taxonomy, joins dim_indicator; other when none fits.';
comment on column fct_quantity.value is 'The number as written, 万/亿 inside the number applied (1.2万人 -> 12000).';
comment on column fct_quantity.unit is 'Unit as written (件, 家, 万元, %, 个工作日, 位 ...); NULL when the source has none.';
comment on column fct_quantity.kind is 'count, money, percent, duration or rank.';
comment on column fct_quantity.qualifier is 'exact, approx, at_least or at_most.';
comment on column fct_quantity.value_base is 'Value in the kind''s base unit: money in 元, durations in days; else the value.';
comment on column fct_quantity.subject is 'Phrase naming what is measured.';
comment on column fct_quantity.surface is 'The text of the mention.';
comment on column fct_quantity.sentence is 'The sentence the mention is in.';
comment on column fct_quantity.char_start is 'Start of the mention in the normalised text (stg_document.text).';
comment on column fct_quantity.char_end is 'End of the mention in the normalised text.';
comment on column fct_quantity.change_id is 'Shared by the two facts of a before/after pair within a report.';
comment on column fct_quantity.role is 'before or after within a before/after pair.';
