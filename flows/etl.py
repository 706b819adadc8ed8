"""The fazhi ETL flow: discover report files, transform them in batches, load DuckDB.

Tasks are thin: file I/O at the edges, the work in `transforms`. Documents are
processed in batches (one task run per batch) because a task run costs 10-30 ms.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass, field

import polars as pl
from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE

from flows.sources import FetchError, open_source
from flows.warehouse import load_tables
from transforms import star
from transforms.pipeline import QUARANTINE_SCHEMA, BatchResult, RawDocument, process_batch

DEFAULT_BATCH_SIZE = 100


@dataclass
class RunSummary:
    source: str
    db: str
    files: int = 0
    reports: int = 0
    sections: int = 0
    facts: int = 0
    quarantined: int = 0
    seconds: float = 0.0
    flow_seconds: float = 0.0
    quarantine: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@task(name="discover-files", retries=2, retry_delay_seconds=[1, 4], cache_policy=NO_CACHE)
def discover(source: str) -> list[str]:
    """List the documents of the source: folder, URL list or fsspec path."""
    return open_source(source).list()


@task(name="transform-batch", cache_policy=NO_CACHE)
def transform_batch(source: str, names: list[str]) -> BatchResult:
    """Fetch a batch of documents and run the pure transforms on them."""
    src = open_source(source)
    docs, unreadable = [], []
    for name in names:
        try:
            docs.append(RawDocument(name, src.fetch(name)))
        except FetchError as exc:
            unreadable.append({"source_file": name, "content_hash": None, "stage": "fetch", "reason": str(exc)})
    result = process_batch(docs)
    if unreadable:
        result.quarantine = pl.concat([result.quarantine, pl.DataFrame(unreadable, schema=QUARANTINE_SCHEMA)])
    return result


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]


def build_tables(results: list[BatchResult], run_at: dt.datetime) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """The star-schema frames of all batches, and the quarantine frame."""
    reports = _concat([r.reports for r in results])
    sections = _concat([r.sections for r in results])
    facts = _concat([r.facts for r in results])
    quarantine = _concat([r.quarantine for r in results])
    tables = {
        "stg_document": star.stg_document(reports),
        "dim_region": star.dim_region(reports["region_code"].drop_nulls().unique().to_list()),
        "dim_agency": star.dim_agency(reports),
        "dim_year": star.dim_year(reports["report_year"].to_list()),
        "dim_indicator": star.dim_indicator(),
        "dim_section_type": star.dim_section_type(),
        "dim_report": star.dim_report(reports, sections, facts, run_at),
        "dim_section": star.dim_section(sections),
        "fct_quantity": star.fct_quantity(facts),
    }
    return tables, quarantine


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load(db: str, results: list[BatchResult], run_at: dt.datetime):
    """Load all batches into DuckDB in one transaction."""
    tables, quarantine = build_tables(results, run_at)
    return load_tables(db, tables, quarantine, run_at), quarantine


@flow(name="fazhi-etl", log_prints=False)
def etl_flow(source: str = "data/raw", db: str = "data/warehouse.duckdb",
             batch_size: int = DEFAULT_BATCH_SIZE) -> dict:
    """Read every report under `source` and load the warehouse `db`."""
    logger = get_run_logger()
    started = time.perf_counter()
    run_at = dt.datetime.now().replace(microsecond=0)
    paths = discover(source)
    batches = [paths[i:i + batch_size] for i in range(0, len(paths), batch_size)] or [[]]
    futures = transform_batch.map(source=unmapped(source), names=batches)
    results = [f.result() for f in futures]
    logger.info("transformed %d files in %d batches", len(paths), len(batches))
    stats, quarantine = load(db, results, run_at)
    summary = RunSummary(
        source=source, db=db, files=len(paths), reports=stats.reports, sections=stats.sections,
        facts=stats.facts, quarantined=stats.quarantined, flow_seconds=round(time.perf_counter() - started, 2),
        quarantine=quarantine.select("source_file", "stage", "reason").to_dicts(),
    )
    logger.info("loaded %d reports, %d facts, %d quarantined into %s", summary.reports, summary.facts,
                summary.quarantined, db)
    return summary.as_dict()
