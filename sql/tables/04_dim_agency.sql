-- grain: one row per government department (region + department type), across years and renamings
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_agency (
    agency_id       varchar primary key,
    agency_name     varchar not null,
    department_type varchar,
    admin_level     varchar,
    region_code     varchar
);
comment on table dim_agency is 'Departments that publish reports; one identity per region and department type, so 市科技局 and 市科学技术局 are one agency.';
comment on column dim_agency.agency_id is 'Stable key of the agency.';
comment on column dim_agency.agency_name is 'Full official name, as of the latest report loaded.';
comment on column dim_agency.department_type is 'Kind of department: 科技, 司法, 教育, 生态环境, 人民政府, ...';
comment on column dim_agency.admin_level is 'Level of its government: province, city, district, county.';
comment on column dim_agency.region_code is 'Code of its region, joins dim_region.';
