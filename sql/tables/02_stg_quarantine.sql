-- grain: one row per source file that could not be loaded, with the stage and reason of its last failure
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists stg_quarantine (
    source_file  varchar primary key,
    content_hash varchar,
    stage        varchar not null,
    reason       varchar not null,
    first_seen   timestamp not null,
    last_seen    timestamp not null
);
comment on table stg_quarantine is 'Files that could not be loaded: the stage that failed and why. A file is retried on every run and leaves this table once it loads.';
comment on column stg_quarantine.source_file is 'Path of the input relative to the source folder.';
comment on column stg_quarantine.content_hash is 'SHA-256 of the raw bytes, NULL when they could not be read.';
comment on column stg_quarantine.stage is 'Stage that failed: fetch, read, validate or transform.';
comment on column stg_quarantine.reason is 'Error message of the failure.';
comment on column stg_quarantine.first_seen is 'First run that quarantined this file.';
comment on column stg_quarantine.last_seen is 'Latest run that quarantined this file.';
