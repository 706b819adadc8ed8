-- grain: one row per section type of docs/data-contract.md §3
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_section_type (
    section_type varchar primary key,
    name_zh      varchar not null,
    is_required  boolean not null,
    description  varchar
);
comment on table dim_section_type is 'Parts a report must have under 法治政府建设与责任落实督察工作规定; is_required marks the parts a complete report has.';
comment on column dim_section_type.section_type is 'measures, shortcomings, leadership, plans, other.';
comment on column dim_section_type.name_zh is 'Chinese name of the part.';
comment on column dim_section_type.is_required is 'True for the parts a complete report must have (measures, shortcomings, plans).';
comment on column dim_section_type.description is 'What the part reports.';
