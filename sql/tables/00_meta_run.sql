-- grain: one row per run that changed the warehouse
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists meta_run (
    run_id            varchar primary key,
    started_at        timestamp not null,
    finished_at       timestamp not null,
    source            varchar not null,
    is_rebuild        boolean not null,
    files_seen        integer not null,
    files_new         integer not null,
    files_changed     integer not null,
    files_unchanged   integer not null,
    files_removed     integer not null,
    files_quarantined integer not null,
    reports_loaded    integer not null,
    facts_loaded      integer not null
);
comment on table meta_run is 'Runs that built this warehouse: what each saw and changed. A run that changes nothing writes nothing.';
comment on column meta_run.run_id is 'Identifier of the run (the Prefect flow run id when there is one).';
comment on column meta_run.started_at is 'When the run started.';
comment on column meta_run.finished_at is 'When its load was committed.';
comment on column meta_run.source is 'The --source it read (folder, URL list or fsspec URL).';
comment on column meta_run.is_rebuild is 'True when the file was rebuilt from the sources (new schema or rules).';
comment on column meta_run.files_seen is 'Documents listed by the source.';
comment on column meta_run.files_new is 'Documents loaded for the first time.';
comment on column meta_run.files_changed is 'Documents whose content changed and were reloaded.';
comment on column meta_run.files_unchanged is 'Documents skipped because their content hash was unchanged.';
comment on column meta_run.files_removed is 'Reports whose file is gone from the source: kept, no longer current.';
comment on column meta_run.files_quarantined is 'Documents that could not be loaded in this run.';
comment on column meta_run.reports_loaded is 'Reports written by this run.';
comment on column meta_run.facts_loaded is 'Quantitative facts written by this run.';
