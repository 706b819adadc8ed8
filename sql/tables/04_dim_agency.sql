-- grain: one row per issuer of reports (region + department type; a township; a zone), across years and renamings
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_agency (
    agency_id       varchar primary key,
    agency_key      varchar,
    agency_name     varchar not null,
    department_type varchar,
    admin_level     varchar,
    region_code     varchar
);
comment on table dim_agency is 'Issuers of reports; one identity per region and department type across their names, so 市科技局, 市科学技术局 and the 市科学技术委员会 of 2017 are one agency (dim_agency_name lists the names).';
comment on column dim_agency.agency_id is 'Stable key of the agency (a hash of agency_key).';
comment on column dim_agency.agency_key is 'Its identity across years and renames: region code (of the division that replaced a former one) and department type (330100|科技); township:CODE for a 街道/镇/乡; the name when the region is not known (NULL).';
comment on column dim_agency.agency_name is 'Full official name in its latest report; dim_agency_name lists every name it has had.';
comment on column dim_agency.department_type is 'Kind of department: 科技, 司法, 教育, 生态环境, 人民政府, ...';
comment on column dim_agency.admin_level is 'Level of its government: province, city, district, county.';
comment on column dim_agency.region_code is 'Code of its region, joins dim_region.';
