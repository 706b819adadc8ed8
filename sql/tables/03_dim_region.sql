-- grain: one row per administrative division (GB/T 2260 code) that a report's agency belongs to, plus its parents
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_region (
    region_code varchar primary key,
    region_name varchar not null,
    level       varchar not null,
    province    varchar,
    city        varchar,
    district    varchar,
    parent_code varchar
);
comment on table dim_region is 'Administrative divisions (GB/T 2260; data/rules/divisions.csv, from the 2023 codes of the National Bureau of Statistics, with former divisions) of the reporting agencies and their parents.';
comment on column dim_region.region_code is '6-digit administrative division code.';
comment on column dim_region.region_name is 'Name of the division (辽宁省, 深圳市, 龙岗区).';
comment on column dim_region.level is 'province, city, district (市辖区) or county (县, 县级市, 旗).';
comment on column dim_region.province is 'Province-level name; a 直辖市 is a province.';
comment on column dim_region.city is 'Prefecture-level city, NULL for provinces and 直辖市 districts.';
comment on column dim_region.district is 'District or county name, NULL above that level.';
comment on column dim_region.parent_code is 'Code of the enclosing division, NULL for a province.';
