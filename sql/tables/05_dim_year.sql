-- grain: one row per report year (the year a report covers)
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_year (
    report_year integer primary key,
    deadline_on date not null
);
comment on table dim_year is 'Years covered by reports, with the publication deadline (1 April of the following year).';
comment on column dim_year.report_year is 'Year the report covers.';
comment on column dim_year.deadline_on is 'Date by which the report must be published: 1 April of the following year.';
