-- grain: one row per report: report-level measures
-- key: (report_id), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists fct_report (
    report_id            varchar not null,
    agency_id            varchar,
    region_code          varchar,
    report_year          integer,
    publish_date         date,
    n_chars              bigint not null,
    n_facts              integer not null,
    facts_per_1000_chars double not null,
    has_measures         boolean not null,
    has_shortcomings     boolean not null,
    has_leadership       boolean not null,
    has_plans            boolean not null,
    is_complete          boolean not null,
    missing_parts        varchar,
    deadline_on          date,
    days_after_deadline  integer,
    is_on_time           boolean
);
comment on table fct_report is 'Report-level measures: size, density of figures, completeness and timeliness.';
comment on column fct_report.report_id is 'Joins dim_report.';
comment on column fct_report.agency_id is 'Joins dim_agency.';
comment on column fct_report.region_code is 'Joins dim_region.';
comment on column fct_report.report_year is 'Year covered, joins dim_year.';
comment on column fct_report.publish_date is 'Publication date, joins dim_date.';
comment on column fct_report.n_chars is 'Characters of normalised text.';
comment on column fct_report.n_facts is 'Quantitative facts extracted.';
comment on column fct_report.facts_per_1000_chars is 'Quantitative density: facts per 1,000 characters.';
comment on column fct_report.has_measures is 'Has a measures-and-results part.';
comment on column fct_report.has_shortcomings is 'Has a shortcomings part.';
comment on column fct_report.has_leadership is 'Has a part on the leaders'' duty as first responsible persons.';
comment on column fct_report.has_plans is 'Has a next-year plans part.';
comment on column fct_report.is_complete is 'Has measures, shortcomings and plans.';
comment on column fct_report.missing_parts is 'Required parts it lacks, comma-separated; NULL when complete.';
comment on column fct_report.deadline_on is '1 April of the year after report_year.';
comment on column fct_report.days_after_deadline is 'publish_date minus deadline_on in days: negative is early, positive late; NULL without a publish date.';
comment on column fct_report.is_on_time is 'Published by the deadline; NULL without a publish date.';
