"""The warehouse's tables, declared once: names, types, keys and the comments users read.

Everything else follows from this module:
- ``sql/tables/*.sql`` is rendered from it (``python -m transforms.schema`` rewrites the files;
  a test fails when they differ), and the DDL's COMMENTs are these comments;
- the frames `transforms.star` shapes are selected and cast with `conform`, so a frame always has
  its table's columns, in order, with the declared types;
- `tests/flows/test_schema.py` checks a built warehouse (information_schema and duckdb_columns)
  against it.

What the columns mean is explained for users in ``docs/data-contract.md``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

# SQL type -> the polars type its frames carry.
POLARS_TYPES = {
    "varchar": pl.Utf8,
    "integer": pl.Int32,
    "bigint": pl.Int64,
    "double": pl.Float64,
    "boolean": pl.Boolean,
    "date": pl.Date,
    "timestamp": pl.Datetime("us"),
    "uinteger[]": pl.List(pl.UInt32),
}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    not_null: bool
    comment: str

    @property
    def dtype(self) -> pl.DataType:
        return POLARS_TYPES[self.sql_type]


# What a load does with a table's rows (flows/load.py reads the roles, never a list of names).
ROLES = {
    "meta": "written by the load about itself (meta_run, meta_schema)",
    "quarantine": "one row per file that failed, upserted by file",
    "report": "keyed by report: a batch writes a report's rows (spooled), a reload replaces exactly them",
    "dimension": "named by the run's reports and upserted (insert or replace)",
    "rule": "rebuilt from data/rules on every load",
}


@dataclass(frozen=True)
class Reference:
    """`columns` of a table point at `target` (its key columns unless named) of table `table`."""

    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...] = ()

    @property
    def target_columns(self) -> tuple[str, ...]:
        return self.target or BY_NAME[self.table].key


def ref(columns: str, table: str, target: str = "") -> Reference:
    """A Reference written as comma-separated column names: ref("report_id, l1_ordinal", "dim_section")."""
    def split(names: str) -> tuple[str, ...]:
        return tuple(n.strip() for n in names.split(",") if n.strip())

    return Reference(split(columns), table, split(target))


@dataclass(frozen=True)
class Table:
    name: str
    order: str  # file-name prefix of its DDL: the order tables are created in
    grain: str
    comment: str
    key: tuple[str, ...] | None
    columns: tuple[Column, ...]
    role: str = "report"
    references: tuple[Reference, ...] = ()
    # False: the key is not a PRIMARY KEY index. DuckDB holds a table's index in memory to write
    # to it, and for the tables that grow with the reports (millions of rows) that alone outgrows
    # the load's memory limit; the loader checks these keys instead (flows/load.py).
    key_indexed: bool = True

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.dtype for c in self.columns}

    @property
    def file_name(self) -> str:
        return f"{self.order}_{self.name}.sql"


TABLES: tuple[Table, ...] = (
    Table('meta_run', '00',
          grain='one row per run that changed the warehouse',
          comment='Runs that built this warehouse: what each saw and changed. A run that changes nothing writes nothing.',
          key=('run_id',),
          columns=(
              Column('run_id', 'varchar', True, 'Identifier of the run (the Prefect flow run id when there is one).'),
              Column('started_at', 'timestamp', True, 'When the run started.'),
              Column('finished_at', 'timestamp', True, 'When its load was committed.'),
              Column('source', 'varchar', True, 'The --source it read (folder, URL list or fsspec URL).'),
              Column('is_rebuild', 'boolean', True, 'True when the file was rebuilt from the sources (new schema or rules).'),
              Column('files_seen', 'integer', True, 'Documents listed by the source.'),
              Column('files_new', 'integer', True, 'Documents loaded for the first time.'),
              Column('files_changed', 'integer', True, 'Documents whose content changed and were reloaded.'),
              Column('files_unchanged', 'integer', True, 'Documents skipped because their content hash was unchanged.'),
              Column('files_removed', 'integer', True, 'Reports whose file is gone from the source: kept, no longer current.'),
              Column('files_quarantined', 'integer', True, 'Documents that could not be loaded in this run.'),
              Column('reports_loaded', 'integer', True, 'Reports written by this run.'),
              Column('facts_loaded', 'integer', True, 'Quantitative facts written by this run.'),
          ),
          role='meta'),
    Table('meta_schema', '00',
          grain='one row: the schema version and rule set this warehouse file was built with',
          comment='Version of the schema and fingerprint of the rules (data/rules) this file was built with; a fazhi with another version or rule set rebuilds the file from the sources.',
          key=None,
          columns=(
              Column('schema_version', 'integer', True, 'Version of the table layout (fazhi.warehouse SCHEMA_VERSION).'),
              Column('rules_fingerprint', 'varchar', True, 'Hash of the rule files the facts were extracted with.'),
              Column('fazhi_version', 'varchar', True, 'fazhi version that built the file.'),
              Column('built_at', 'timestamp', True, 'When the file was (re)built from scratch.'),
          ),
          role='meta'),
    Table('stg_document', '01',
          grain='one row per source file that was read and normalised (the text that char spans index)',
          comment='One row per source file read and normalised; text is the normalised text that fct_quantity.char_start/char_end index.',
          key=('report_id',),
          columns=(
              Column('report_id', 'varchar', True, 'Key of the report (hash of source_file), joins dim_report.'),
              Column('source_file', 'varchar', True, 'Path of the input relative to the source folder, with /.'),
              Column('content_hash', 'varchar', True, 'SHA-256 of the raw bytes.'),
              Column('format', 'varchar', False, 'Format the text was read from: text, html, pdf, docx.'),
              Column('encoding', 'varchar', False, 'Encoding the bytes were decoded with (text and web pages).'),
              Column('n_bytes', 'bigint', False, 'Size of the raw file in bytes.'),
              Column('text', 'varchar', True, 'Normalised text: one paragraph per line, web-page furniture removed.'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"),),
          key_indexed=False),
    Table('stg_quarantine', '02',
          grain='one row per source file that could not be loaded, with the stage and reason of its last failure',
          comment='Files that could not be loaded: the stage that failed and why. A file is retried on every run and leaves this table once it loads.',
          key=('source_file',),
          columns=(
              Column('source_file', 'varchar', True, 'Path of the input relative to the source folder.'),
              Column('content_hash', 'varchar', False, 'SHA-256 of the raw bytes, NULL when they could not be read.'),
              Column('stage', 'varchar', True, 'Stage that failed: fetch, read, validate or transform.'),
              Column('reason', 'varchar', True, 'Error message of the failure.'),
              Column('first_seen', 'timestamp', True, 'First run that quarantined this file.'),
              Column('last_seen', 'timestamp', True, 'Latest run that quarantined this file.'),
          ),
          role='quarantine'),
    Table('dim_region', '03',
          grain="one row per administrative division (GB/T 2260 code) that a report's agency belongs to, plus its parents",
          comment='Administrative divisions (GB/T 2260; data/rules/divisions.csv, from the 2023 codes of the National Bureau of Statistics, with former divisions) of the reporting agencies and their parents.',
          key=('region_code',),
          columns=(
              Column('region_code', 'varchar', True, '6-digit administrative division code.'),
              Column('region_name', 'varchar', True, 'Name of the division (辽宁省, 深圳市, 龙岗区).'),
              Column('level', 'varchar', True, 'province, city, district (市辖区) or county (县, 县级市, 旗).'),
              Column('province', 'varchar', False, 'Province-level name; a 直辖市 is a province.'),
              Column('city', 'varchar', False, 'Prefecture-level city, NULL for provinces and 直辖市 districts.'),
              Column('district', 'varchar', False, 'District or county name, NULL above that level.'),
              Column('parent_code', 'varchar', False, 'Code of the enclosing division, NULL for a province.'),
          ),
          role='dimension',
          references=(ref("parent_code", "dim_region"),)),
    Table('dim_agency', '04',
          grain='one row per issuer of reports (region + department type; a township; a zone), across years and renamings',
          comment='Issuers of reports; one identity per region and department type across their names, so 市科技局, 市科学技术局 and the 市科学技术委员会 of 2017 are one agency (dim_agency_name lists the names).',
          key=('agency_id',),
          columns=(
              Column('agency_id', 'varchar', True, 'Stable key of the agency (a hash of agency_key).'),
              Column('agency_key', 'varchar', False, 'Its identity across years and renames: region code (of the division that replaced a former one) and department type (330100|科技); township:CODE for a 街道/镇/乡; the name when the region is not known (NULL).'),
              Column('agency_name', 'varchar', True, 'Full official name in its latest report; dim_agency_name lists every name it has had.'),
              Column('department_type', 'varchar', False, 'Kind of department: 科技, 司法, 教育, 生态环境, 人民政府, ...'),
              Column('admin_level', 'varchar', False, 'Level of its government: province, city, district, county.'),
              Column('region_code', 'varchar', False, 'Code of its region, joins dim_region.'),
          ),
          role='dimension',
          references=(ref("region_code", "dim_region"),)),
    Table('dim_year', '05',
          grain='one row per report year (the year a report covers)',
          comment='Years covered by reports, with the publication deadline (1 April of the following year).',
          key=('report_year',),
          columns=(
              Column('report_year', 'integer', True, 'Year the report covers.'),
              Column('deadline_on', 'date', True, 'Date by which the report must be published: 1 April of the following year.'),
          ),
          role='dimension'),
    Table('dim_indicator', '06',
          grain='one row per indicator of the taxonomy in data/rules/indicators.csv, plus `other`',
          comment='Indicator taxonomy that makes facts comparable across reports (data/rules/indicators.csv).',
          key=('indicator_code',),
          columns=(
              Column('indicator_code', 'varchar', True, 'Stable code of the indicator; other when no rule fits.'),
              Column('name_zh', 'varchar', True, 'Chinese name.'),
              Column('name_en', 'varchar', False, 'English name.'),
              Column('kind', 'varchar', False, 'Expected kind of its facts: count, money, percent, duration, rank.'),
              Column('units', 'varchar', False, 'Units its facts are counted in, separated by |.'),
          ),
          role='rule'),
    Table('dim_section_type', '07',
          grain='one row per section type of docs/data-contract.md §3',
          comment='Parts a report must have under 法治政府建设与责任落实督察工作规定; is_required marks the parts a complete report has.',
          key=('section_type',),
          columns=(
              Column('section_type', 'varchar', True, 'measures, shortcomings, leadership, plans, other.'),
              Column('name_zh', 'varchar', True, 'Chinese name of the part.'),
              Column('is_required', 'boolean', True, 'True for the parts a complete report must have (measures, shortcomings, plans).'),
              Column('description', 'varchar', False, 'What the part reports.'),
          ),
          role='rule'),
    Table('dim_report', '08',
          grain='one row per report (one source file that loaded)',
          comment='One row per report (one source file): metadata of docs/data-contract.md §2. Views export only current reports.',
          key=('report_id',),
          columns=(
              Column('report_id', 'varchar', True, 'Key of the report (hash of source_file).'),
              Column('source', 'varchar', True, 'The --source the report was read from (folder, URL list or fsspec URL).'),
              Column('source_file', 'varchar', True, 'Path of the input relative to the source folder, with /.'),
              Column('url', 'varchar', False, "Address of the page the report was read from: the URL of a URL-list source, the url column of a folder's manifest.csv, or the page's own canonical link; NULL when not known."),
              Column('content_hash', 'varchar', True, 'SHA-256 of the raw bytes that were loaded.'),
              Column('title', 'varchar', False, "The report's own title."),
              Column('agency_name', 'varchar', False, 'Full official name of the issuing department as this report gives it.'),
              Column('agency_id', 'varchar', False, 'Joins dim_agency.'),
              Column('region_code', 'varchar', False, 'Region of the agency, joins dim_region.'),
              Column('admin_level', 'varchar', False, 'Level of the agency: province, city, district, county or township (街道, 镇, 乡).'),
              Column('department_type', 'varchar', False, 'Kind of issuer (科技, 司法, 人民政府, 街道, 乡镇, 开发区 ...): with the region, its identity across years.'),
              Column('report_year', 'integer', False, 'Year the report covers (not the publish year), joins dim_year.'),
              Column('publish_date', 'date', False, 'Date the page says it was published.'),
              Column('signed_date', 'date', False, 'Date under the title or the signature.'),
              Column('title_told_by', 'varchar', False, 'Where the title was read: text (the page), page (its own title), manifest.'),
              Column('agency_told_by', 'varchar', False, 'Where the agency was read: title, page (its own title), text (opening, signature, mentions), url (the address names the department), manifest; NULL without an agency.'),
              Column('region_told_by', 'varchar', False, 'Where the region was read: title, page, text, url (the site names it), gazetteer (a township\'s county), manifest.'),
              Column('report_year_told_by', 'varchar', False, 'Where the report year was read: title or text (the opening), manifest.'),
              Column('publish_date_told_by', 'varchar', False, 'Where the publish date was read: page (its labels and meta tags), text, manifest.'),
              Column('n_chars', 'bigint', False, 'Characters of normalised text.'),
              Column('n_facts', 'integer', False, 'Quantitative facts extracted.'),
              Column('is_complete', 'boolean', False, 'True when the report has measures, shortcomings and plans sections.'),
              Column('is_current', 'boolean', True, 'False once the file is gone from its source: the report is kept as history.'),
              Column('duplicate_of', 'varchar', False, 'The report_id of the version kept when this report is the same report found again (a repost, the portal\'s copy, a PDF of a page; transforms/dedup.py); NULL for the version kept. current_report leaves duplicates out.'),
              Column('first_loaded_at', 'timestamp', True, 'When the report was first loaded.'),
              Column('loaded_at', 'timestamp', True, 'When this version of the report was loaded.'),
              Column('removed_at', 'timestamp', False, 'When a run found its file gone from the source; NULL while current.'),
          ),
          role='report',
          references=(ref("agency_id", "dim_agency"), ref("region_code", "dim_region"), ref("report_year", "dim_year"), ref("publish_date", "dim_date"), ref("signed_date", "dim_date"), ref("duplicate_of", "dim_report"),),
          key_indexed=False),
    Table('dim_section', '09',
          grain='one row per heading of a report',
          comment='Headings of each report in reading order (一、 > (一) > 1. > (1)).',
          key=('report_id', 'ordinal'),
          columns=(
              Column('report_id', 'varchar', True, 'Joins dim_report.'),
              Column('ordinal', 'integer', True, 'Position of the heading in the report, from 1.'),
              Column('level', 'integer', True, 'Heading level 1-4, from its numbering.'),
              Column('number', 'integer', False, "The heading's own number (三 in 三、)."),
              Column('heading', 'varchar', True, 'Heading text without numbering.'),
              Column('section_type', 'varchar', False, 'Type of a level-1 section (joins dim_section_type); NULL below level 1.'),
              Column('l1_ordinal', 'integer', False, 'Ordinal of the level-1 section this heading sits in.'),
              Column('l1_section_type', 'varchar', False, 'Type of that level-1 section.'),
              Column('char_start', 'integer', True, 'Start of the heading in the normalised text.'),
              Column('char_end', 'integer', True, 'End of the section (start of the next heading of the same or a higher level).'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"), ref("section_type", "dim_section_type"), ref("report_id, l1_ordinal", "dim_section", "report_id, ordinal"),),
          key_indexed=False),
    Table('fct_quantity', '10',
          grain='one row per quantitative mention (a number that measures something) in a report',
          comment='Quantitative facts: one row per mention of a number that measures something (docs/data-contract.md §4).',
          key=('report_id', 'fact_no'),
          columns=(
              Column('report_id', 'varchar', True, 'Joins dim_report.'),
              Column('fact_no', 'integer', True, 'Position of the fact in the report, from 1.'),
              Column('section_ordinal', 'integer', False, 'Innermost heading the fact sits under (dim_section.ordinal).'),
              Column('l1_ordinal', 'integer', False, 'Level-1 section the fact sits in (dim_section.ordinal).'),
              Column('indicator_code', 'varchar', True, 'Indicator of the taxonomy, joins dim_indicator; other when none fits.'),
              Column('value', 'double', True, 'The number as written, 万/亿 inside the number applied (1.2万人 -> 12000).'),
              Column('unit', 'varchar', False, 'Unit as written (件, 家, 万元, %, 个工作日, 位 ...); NULL when the source has none.'),
              Column('kind', 'varchar', True, 'count, money, percent, duration or rank.'),
              Column('qualifier', 'varchar', True, 'exact, approx, at_least or at_most.'),
              Column('value_base', 'double', True, "Value in the kind's base unit: money in 元, durations in days; else the value."),
              Column('subject', 'varchar', False, 'Phrase naming what is measured.'),
              Column('surface', 'varchar', True, 'The text of the mention.'),
              Column('sentence', 'varchar', False, 'The sentence the mention is in.'),
              Column('char_start', 'integer', True, 'Start of the mention in the normalised text (stg_document.text).'),
              Column('char_end', 'integer', True, 'End of the mention in the normalised text.'),
              Column('change_id', 'integer', False, 'Shared by the two facts of a before/after pair within a report.'),
              Column('role', 'varchar', False, 'before or after within a before/after pair.'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"), ref("indicator_code", "dim_indicator"), ref("unit", "dim_unit"), ref("report_id, section_ordinal", "dim_section", "report_id, ordinal"), ref("report_id, l1_ordinal", "dim_section", "report_id, ordinal"),),
          key_indexed=False),
    Table('dim_unit', '11',
          grain='one row per unit a fact can be written in (data/rules/units.csv)',
          comment='Units of quantitative facts, their kind and factor to the base unit (money in 元, durations in days).',
          key=('unit',),
          columns=(
              Column('unit', 'varchar', True, 'Unit as written (件, 万元, 个工作日 ...).'),
              Column('kind', 'varchar', True, 'count, money, percent, duration or rank.'),
              Column('to_base', 'double', True, 'Factor from the unit to the base unit of its kind.'),
          ),
          role='rule'),
    Table('dim_date', '12',
          grain='one row per calendar date a report was published or signed on',
          comment='Calendar dates of publication and signature, with their parts.',
          key=('date_day',),
          columns=(
              Column('date_day', 'date', True, 'The date.'),
              Column('year', 'integer', True, 'Calendar year.'),
              Column('quarter', 'integer', True, 'Quarter 1-4.'),
              Column('month', 'integer', True, 'Month 1-12.'),
              Column('day', 'integer', True, 'Day of the month.'),
              Column('weekday', 'integer', True, 'ISO weekday, 1 = Monday.'),
          ),
          role='dimension'),
    Table('dim_policy_term', '13',
          grain='one row per policy term of data/rules/policy_terms.csv',
          comment='Policy terms whose use is tracked over the years (放管服, 习近平法治思想, 合法性审查 ...).',
          key=('term_code',),
          columns=(
              Column('term_code', 'varchar', True, 'Stable code of the term.'),
              Column('term', 'varchar', True, 'Canonical Chinese term.'),
              Column('category', 'varchar', False, 'Theme of the term.'),
              Column('variants', 'varchar', True, 'Surface forms counted as the term, separated by |.'),
          ),
          role='rule'),
    Table('fct_term_mention', '14',
          grain='one row per report, level-1 section and policy term mentioned there at least once',
          comment='How often each policy term is used in each level-1 section of each report (l1_ordinal 0: before the first heading).',
          key=('report_id', 'l1_ordinal', 'term_code'),
          columns=(
              Column('report_id', 'varchar', True, 'Joins dim_report.'),
              Column('l1_ordinal', 'integer', True, 'Level-1 section (dim_section.ordinal); 0 for text before the first heading.'),
              Column('term_code', 'varchar', True, 'Joins dim_policy_term.'),
              Column('n_mentions', 'integer', True, 'Number of non-overlapping mentions of any variant of the term.'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"), ref("term_code", "dim_policy_term"),),
          key_indexed=False),
    Table('fct_report_term', '15',
          grain='one row per report and policy term it uses at least once',
          comment='Policy terms per report: fct_term_mention summed over the sections of each report.',
          key=('report_id', 'term_code'),
          columns=(
              Column('report_id', 'varchar', True, 'Joins dim_report.'),
              Column('term_code', 'varchar', True, 'Joins dim_policy_term.'),
              Column('n_mentions', 'integer', True, 'Mentions of the term in the whole report.'),
              Column('n_sections', 'integer', True, 'Level-1 sections (0: before the first heading counts as one) that mention it.'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"), ref("term_code", "dim_policy_term"),),
          key_indexed=False),
    Table('fct_report', '16',
          grain='one row per report: report-level measures',
          comment='Report-level measures: size, density of figures, completeness and timeliness.',
          key=('report_id',),
          columns=(
              Column('report_id', 'varchar', True, 'Joins dim_report.'),
              Column('agency_id', 'varchar', False, 'Joins dim_agency.'),
              Column('region_code', 'varchar', False, 'Joins dim_region.'),
              Column('report_year', 'integer', False, 'Year covered, joins dim_year.'),
              Column('publish_date', 'date', False, 'Publication date, joins dim_date.'),
              Column('n_chars', 'bigint', True, 'Characters of normalised text.'),
              Column('n_facts', 'integer', True, 'Quantitative facts extracted.'),
              Column('facts_per_1000_chars', 'double', True, 'Quantitative density: facts per 1,000 characters.'),
              Column('has_measures', 'boolean', True, 'Has a measures-and-results part.'),
              Column('has_shortcomings', 'boolean', True, 'Has a shortcomings part.'),
              Column('has_leadership', 'boolean', True, "Has a part on the leaders' duty as first responsible persons."),
              Column('has_plans', 'boolean', True, 'Has a next-year plans part.'),
              Column('is_complete', 'boolean', True, 'Has measures, shortcomings and plans.'),
              Column('missing_parts', 'varchar', False, 'Required parts it lacks, comma-separated; NULL when complete.'),
              Column('deadline_on', 'date', False, '1 April of the year after report_year.'),
              Column('days_after_deadline', 'integer', False, 'publish_date minus deadline_on in days: negative is early, positive late; NULL without a publish date.'),
              Column('is_on_time', 'boolean', False, 'Published by the deadline; NULL without a publish date.'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"), ref("agency_id", "dim_agency"), ref("region_code", "dim_region"), ref("report_year", "dim_year"), ref("publish_date", "dim_date"),),
          key_indexed=False),

    Table('stg_report_signature', '17',
          grain='one row per report and band of its MinHash signature (transforms/dedup.py)',
          comment='MinHash signatures of the reports, cut into bands: reports that share a band are compared, and one found again is marked duplicate_of the version kept.',
          key=('report_id', 'band_no'),
          columns=(
              Column('report_id', 'varchar', True, 'Joins dim_report.'),
              Column('band_no', 'integer', True, 'Band of the signature, from 0.'),
              Column('band_hash', 'bigint', True, 'Hash of the band (its number in the high bits): equal for reports whose band agrees.'),
              Column('minhash', 'uinteger[]', True, 'The values of the signature in this band.'),
          ),
          role='report',
          references=(ref("report_id", "dim_report"),),
          key_indexed=False),
)
BY_NAME = {t.name: t for t in TABLES}
assert all(t.role in ROLES for t in TABLES), "every table has one of the ROLES"


def tables_of(role: str) -> tuple[str, ...]:
    """The names of the tables of one role, in creation order."""
    return tuple(t.name for t in TABLES if t.role == role)


def table(name: str) -> Table:
    return BY_NAME[name]


def conform(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with exactly the columns of table `name`, in order, cast to the declared types."""
    return frame.select([pl.col(c.name).cast(c.dtype) for c in BY_NAME[name].columns])


def stage_schema(name: str, drop: tuple[str, ...] = (), keep: tuple[str, ...] | None = None) -> dict:
    """The polars schema of a stage frame that becomes table `name`: its columns less `drop` (filled in
    later, like report_id) or only those in `keep`."""
    return {c.name: c.dtype for c in BY_NAME[name].columns if c.name not in drop and (keep is None or c.name in keep)}


def empty(name: str) -> pl.DataFrame:
    """A frame of no rows with the columns and types of table `name`."""
    return pl.DataFrame(schema=BY_NAME[name].polars_schema)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def render_ddl(t: Table) -> str:
    """The ``sql/tables`` file of table `t`: its create statement and comments."""
    width = max(len(c.name) for c in t.columns) + 1
    lines = []
    primary = t.key if t.key_indexed else None
    for c in t.columns:
        flags = " primary key" if primary == (c.name,) else (" not null" if c.not_null else "")
        lines.append(f"    {c.name.ljust(width)}{c.sql_type}{flags}")
    if primary and len(primary) > 1:
        lines.append(f"    primary key ({', '.join(primary)})")
    unindexed = [] if primary or not t.key else [
        f"-- key: ({', '.join(t.key)}), unique; checked by each load, not a PRIMARY KEY index "
        "(DuckDB holds an index in memory to write to its table)."]
    return "\n".join([
        f"-- grain: {t.grain}",
        *unindexed,
        "-- Rendered from transforms/schema.py (python -m transforms.schema): edit that module, not this file.",
        f"create table if not exists {t.name} (",
        ",\n".join(lines),
        ");",
        f"comment on table {t.name} is {_quote(t.comment)};",
        *(f"comment on column {t.name}.{c.name} is {_quote(c.comment)};" for c in t.columns),
    ]) + "\n"


def write_ddl(folder: Path) -> list[Path]:
    """Write every table's DDL file under `folder` (sql/tables); returns the files written."""
    written = []
    for t in TABLES:
        path = folder / t.file_name
        path.write_text(render_ddl(t), encoding="utf-8")
        written.append(path)
    return written


def render_mermaid() -> str:
    """The README's entity-relationship diagram: one line per declared reference.

    `||` on the left when the referencing columns are the table's own key (one row per row),
    `||` on the right when they are never NULL, `o|` when they may be."""
    lines = ["erDiagram"]
    for t in TABLES:
        cols = {c.name: c for c in t.columns}
        for r in t.references:
            left = "||" if r.columns == t.key else "}o"
            right = "||" if all(cols[c].not_null for c in r.columns) else "o|"
            label = ", ".join(r.columns)
            lines.append(f"    {t.name} {left}--{right} {r.table} : " + (f'"{label}"' if " " in label else label))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--mermaid"]:
        sys.stdout.write(render_mermaid())
        sys.exit(0)
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "sql" / "tables"
    for p in write_ddl(target):
        print(p)
