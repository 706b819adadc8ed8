-- grain: one row per report; the stable interface of docs/data-contract.md §5
create or replace view export_reports as
with reports as (
    select * from current_report
),
regions as (
    select * from dim_region
),
final as (
    select
        r.source_file,
        r.agency_name as agency,
        r.admin_level,
        g.province,
        g.city,
        g.district,
        r.region_code,
        r.report_year,
        r.publish_date,
        r.signed_date,
        r.title,
        r.is_complete,
        r.url
    from reports as r
    left join regions as g on g.region_code = r.region_code
)
select * from final
order by source_file;
comment on view export_reports is 'Stable interface: one row per report with its metadata (docs/data-contract.md §5).';
comment on column export_reports.source_file is 'File name of the report, relative to its source folder (the key that joins the three export views).';
comment on column export_reports.agency is 'Publishing agency, full name with its region (苏州市科学技术局); NULL when the report does not say.';
comment on column export_reports.admin_level is 'Administrative level of the agency: province, city, district or county.';
comment on column export_reports.province is 'Province of the agency''s region.';
comment on column export_reports.city is 'City (prefecture) of the agency''s region; NULL for a province-level agency.';
comment on column export_reports.district is 'District or county of the agency''s region; NULL above that level.';
comment on column export_reports.region_code is 'Six-digit administrative division code (GB/T 2260) of the agency''s region.';
comment on column export_reports.report_year is 'The year the report is about (not the year it was published).';
comment on column export_reports.publish_date is 'Date the report was published on the page (发布时间), if given.';
comment on column export_reports.signed_date is 'Date written under the signature at the end of the report, if given.';
comment on column export_reports.title is 'Title of the report as written.';
comment on column export_reports.is_complete is 'True when the report has the required parts: measures and results, shortcomings, and next year''s plans.';
comment on column export_reports.url is 'Address of the page the report was read from; NULL when not known.';
