-- grain: one row per unit a fact can be written in (data/rules/units.csv)
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_unit (
    unit    varchar primary key,
    kind    varchar not null,
    to_base double not null
);
comment on table dim_unit is 'Units of quantitative facts, their kind and factor to the base unit (money in 元, durations in days).';
comment on column dim_unit.unit is 'Unit as written (件, 万元, 个工作日 ...).';
comment on column dim_unit.kind is 'count, money, percent, duration or rank.';
comment on column dim_unit.to_base is 'Factor from the unit to the base unit of its kind.';
