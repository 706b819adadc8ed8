-- grain: one row per source file that was read and normalised (the text that char spans index)
-- key: (report_id), unique; checked by each load, not a PRIMARY KEY index (DuckDB holds an index in memory to write to its table).
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists stg_document (
    report_id    varchar not null,
    source_file  varchar not null,
    content_hash varchar not null,
    format       varchar,
    encoding     varchar,
    n_bytes      bigint,
    text         varchar not null
);
comment on table stg_document is 'One row per source file read and normalised; text is the normalised text that fct_quantity.char_start/char_end index.';
comment on column stg_document.report_id is 'Key of the report (hash of source_file), joins dim_report.';
comment on column stg_document.source_file is 'Path of the input relative to the source folder, with /.';
comment on column stg_document.content_hash is 'SHA-256 of the raw bytes.';
comment on column stg_document.format is 'Format the text was read from: text, html, pdf, docx.';
comment on column stg_document.encoding is 'Encoding the bytes were decoded with (text and web pages).';
comment on column stg_document.n_bytes is 'Size of the raw file in bytes.';
comment on column stg_document.text is 'Normalised text: one paragraph per line, web-page furniture removed.';
