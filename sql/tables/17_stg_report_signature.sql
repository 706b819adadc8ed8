-- grain: one row per report and band of its MinHash signature (transforms/dedup.py)
-- key: (report_id, band_no), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists stg_report_signature (
    report_id varchar not null,
    band_no   integer not null,
    band_hash bigint not null,
    minhash   uinteger[] not null
);
comment on table stg_report_signature is 'MinHash signatures of the reports, cut into bands: reports that share a band are compared, and one found again is marked duplicate_of the version kept.';
comment on column stg_report_signature.report_id is 'Joins dim_report.';
comment on column stg_report_signature.band_no is 'Band of the signature, from 0.';
comment on column stg_report_signature.band_hash is 'Hash of the band (its number in the high bits): equal for reports whose band agrees.';
comment on column stg_report_signature.minhash is 'The values of the signature in this band.';
