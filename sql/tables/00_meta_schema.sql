-- grain: one row: the schema version and rule set this warehouse file was built with
-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.
create table if not exists meta_schema (
    schema_version    integer not null,
    rules_fingerprint varchar not null,
    fazhi_version     varchar not null,
    built_at          timestamp not null
);
comment on table meta_schema is 'Version of the schema and fingerprint of the rules (data/rules) this file was built with; a fazhi with another version or rule set rebuilds the file from the sources.';
comment on column meta_schema.schema_version is 'Version of the table layout (fazhi.warehouse SCHEMA_VERSION).';
comment on column meta_schema.rules_fingerprint is 'Hash of the rule files the facts were extracted with.';
comment on column meta_schema.fazhi_version is 'fazhi version that built the file.';
comment on column meta_schema.built_at is 'When the file was (re)built from scratch.';
