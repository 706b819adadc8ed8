-- grain: one row per report (one source file that loaded)
-- key: (report_id), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists dim_report (
    report_id            varchar not null,
    source               varchar not null,
    source_file          varchar not null,
    url                  varchar,
    content_hash         varchar not null,
    title                varchar,
    agency_name          varchar,
    agency_id            varchar,
    region_code          varchar,
    admin_level          varchar,
    department_type      varchar,
    report_year          integer,
    publish_date         date,
    signed_date          date,
    title_told_by        varchar,
    agency_told_by       varchar,
    region_told_by       varchar,
    report_year_told_by  varchar,
    publish_date_told_by varchar,
    n_chars              bigint,
    n_facts              integer,
    is_complete          boolean,
    is_current           boolean not null,
    duplicate_of         varchar,
    first_loaded_at      timestamp not null,
    loaded_at            timestamp not null,
    removed_at           timestamp
);
comment on table dim_report is 'One row per report (one source file): metadata of docs/data-contract.md §2. Views export only current reports.';
comment on column dim_report.report_id is 'Key of the report (hash of source_file).';
comment on column dim_report.source is 'The --source the report was read from (folder, URL list or fsspec URL).';
comment on column dim_report.source_file is 'Path of the input relative to the source folder, with /.';
comment on column dim_report.url is 'Address of the page the report was read from: the URL of a URL-list source, the url column of a folder''s manifest.csv, or the page''s own canonical link; NULL when not known.';
comment on column dim_report.content_hash is 'SHA-256 of the raw bytes that were loaded.';
comment on column dim_report.title is 'The report''s own title.';
comment on column dim_report.agency_name is 'Full official name of the issuing department as this report gives it.';
comment on column dim_report.agency_id is 'Joins dim_agency.';
comment on column dim_report.region_code is 'Region of the agency, joins dim_region.';
comment on column dim_report.admin_level is 'Level of the agency: province, city, district, county or township (街道, 镇, 乡).';
comment on column dim_report.department_type is 'Kind of issuer (科技, 司法, 人民政府, 街道, 乡镇, 开发区 ...): with the region, its identity across years.';
comment on column dim_report.report_year is 'Year the report covers (not the publish year), joins dim_year.';
comment on column dim_report.publish_date is 'Date the page says it was published.';
comment on column dim_report.signed_date is 'Date under the title or the signature.';
comment on column dim_report.title_told_by is 'Where the title was read: text (the page), page (its own title), manifest.';
comment on column dim_report.agency_told_by is 'Where the agency was read: title, page (its own title), text (opening, signature, mentions), url (the address names the department), manifest; NULL without an agency.';
comment on column dim_report.region_told_by is 'Where the region was read: title, page, text, url (the site names it), gazetteer (a township''s county), manifest.';
comment on column dim_report.report_year_told_by is 'Where the report year was read: title or text (the opening), manifest.';
comment on column dim_report.publish_date_told_by is 'Where the publish date was read: page (its labels and meta tags), text, manifest.';
comment on column dim_report.n_chars is 'Characters of normalised text.';
comment on column dim_report.n_facts is 'Quantitative facts extracted.';
comment on column dim_report.is_complete is 'True when the report has measures, shortcomings and plans sections.';
comment on column dim_report.is_current is 'False once the file is gone from its source: the report is kept as history.';
comment on column dim_report.duplicate_of is 'The report_id of the version kept when this report is the same report found again (a repost, the portal''s copy, a PDF of a page; transforms/dedup.py); NULL for the version kept. current_report leaves duplicates out.';
comment on column dim_report.first_loaded_at is 'When the report was first loaded.';
comment on column dim_report.loaded_at is 'When this version of the report was loaded.';
comment on column dim_report.removed_at is 'When a run found its file gone from the source; NULL while current.';
