-- grain: one row per indicator of the taxonomy in data/rules/indicators.csv, plus `other`
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_indicator (
    indicator_code varchar primary key,
    name_zh        varchar not null,
    name_en        varchar,
    kind           varchar,
    units          varchar
);
comment on table dim_indicator is 'Indicator taxonomy that makes facts comparable across reports (data/rules/indicators.csv).';
comment on column dim_indicator.indicator_code is 'Stable code of the indicator; other when no rule fits.';
comment on column dim_indicator.name_zh is 'Chinese name.';
comment on column dim_indicator.name_en is 'English name.';
comment on column dim_indicator.kind is 'Expected kind of its facts: count, money, percent, duration, rank.';
comment on column dim_indicator.units is 'Units its facts are counted in, separated by |.';
