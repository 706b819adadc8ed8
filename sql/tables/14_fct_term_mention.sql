-- grain: one row per report, level-1 section and policy term mentioned there at least once
-- key: (report_id, l1_ordinal, term_code), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists fct_term_mention (
    report_id  varchar not null,
    l1_ordinal integer not null,
    term_code  varchar not null,
    n_mentions integer not null
);
comment on table fct_term_mention is 'How often each policy term is used in each level-1 section of each report (l1_ordinal 0: before the first heading).';
comment on column fct_term_mention.report_id is 'Joins dim_report.';
comment on column fct_term_mention.l1_ordinal is 'Level-1 section (dim_section.ordinal); 0 for text before the first heading.';
comment on column fct_term_mention.term_code is 'Joins dim_policy_term.';
comment on column fct_term_mention.n_mentions is 'Number of non-overlapping mentions of any variant of the term.';
