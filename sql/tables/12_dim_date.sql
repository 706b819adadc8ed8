-- grain: one row per calendar date a report was published or signed on
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_date (
    date_day date primary key,
    year     integer not null,
    quarter  integer not null,
    month    integer not null,
    day      integer not null,
    weekday  integer not null
);
comment on table dim_date is 'Calendar dates of publication and signature, with their parts.';
comment on column dim_date.date_day is 'The date.';
comment on column dim_date.year is 'Calendar year.';
comment on column dim_date.quarter is 'Quarter 1-4.';
comment on column dim_date.month is 'Month 1-12.';
comment on column dim_date.day is 'Day of the month.';
comment on column dim_date.weekday is 'ISO weekday, 1 = Monday.';
