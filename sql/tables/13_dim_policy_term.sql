-- grain: one row per policy term of data/rules/policy_terms.csv
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_policy_term (
    term_code varchar primary key,
    term      varchar not null,
    category  varchar,
    variants  varchar not null
);
comment on table dim_policy_term is 'Policy terms whose use is tracked over the years (放管服, 习近平法治思想, 合法性审查 ...).';
comment on column dim_policy_term.term_code is 'Stable code of the term.';
comment on column dim_policy_term.term is 'Canonical Chinese term.';
comment on column dim_policy_term.category is 'Theme of the term.';
comment on column dim_policy_term.variants is 'Surface forms counted as the term, separated by |.';
