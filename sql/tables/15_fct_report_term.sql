-- grain: one row per report and policy term it uses at least once
-- key: (report_id, term_code), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists fct_report_term (
    report_id  varchar not null,
    term_code  varchar not null,
    n_mentions integer not null,
    n_sections integer not null
);
comment on table fct_report_term is 'Policy terms per report: fct_term_mention summed over the sections of each report.';
comment on column fct_report_term.report_id is 'Joins dim_report.';
comment on column fct_report_term.term_code is 'Joins dim_policy_term.';
comment on column fct_report_term.n_mentions is 'Mentions of the term in the whole report.';
comment on column fct_report_term.n_sections is 'Level-1 sections (0: before the first heading counts as one) that mention it.';
