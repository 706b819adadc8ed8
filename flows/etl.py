"""The fazhi ETL flow: discover report files, transform the new and changed ones in batches, publish DuckDB.

Tasks are thin: I/O at the edges, the work in `transforms`. Documents are
processed in batches (one task run per batch) because a task run costs 10-30 ms.
A run reads only new or changed documents (by content hash); a document gone
from the source stops being current; a run that changes nothing writes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from flows import cancel
from flows.faults import fault
from flows.lock import writer_lock
from flows.options import DEFAULTS as D
from flows.progress import progress_bar
from flows.runners import make_task_runner, runner_for
from flows.sandbox import Limits, close_all, sandbox, stop_all
from flows.sources import FetchError, open_source
from flows.spool import SPOOLED_TABLES, drop_spool, new_spool, write_parts
from flows.summary import RunSummary
from flows.warehouse import WarehouseState, publish, read_state, recover
from transforms import star
from transforms.pipeline import QUARANTINE_SCHEMA, BatchResult, RawDocument, content_hash, process_batch

BATCH_TIMEOUT_SECONDS = 1800


@task(name="read-warehouse-state", retries=2, retry_delay_seconds=[1, 4], cache_policy=NO_CACHE)
def warehouse_state(db: str, source: str) -> WarehouseState:
    """Content hashes already loaded from this source, or why the warehouse must be rebuilt; first,
    what a publish killed in its commit left is put right (the flow holds the writer lock)."""
    for warning in recover(db):
        get_run_logger().warning("%s", warning)
    return read_state(db, source)


@task(name="discover-files", retries=2, retry_delay_seconds=[1, 4], cache_policy=NO_CACHE)
def discover(source: str) -> list[str]:
    """List the documents of the source: folder, URL list or fsspec path (a folder's manifest is checked)."""
    fault("discover")
    src = open_source(source)
    names = src.list()
    for warning in src.manifest_warnings(names):
        get_run_logger().warning("%s", warning)
    return names


@dataclass
class SpooledBatch:
    """What a batch leaves in memory once its tables are in the spool: the columns of its report rows
    the run's dimensions and counts need (star.RUN_TABLE_COLUMNS), the quarantine, the unchanged names,
    and the Parquet parts it wrote (table -> file).

    The publish loads exactly the parts its batches' results name, never whatever lies in the spool:
    a batch run twice (a Prefect retry after its parts were written, or Dask running it again when
    the worker that ran it died or was lost) leaves the first attempt's parts behind, and only the
    attempt whose result came back counts."""

    reports: pl.DataFrame
    quarantine: pl.DataFrame
    unchanged: list[str] = field(default_factory=list)
    n_sections: int = 0
    n_facts: int = 0
    parts: dict[str, str] = field(default_factory=dict)


@task(name="transform-batch", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def transform_batch(source: str, names: list[str], known: dict[str, str] | None = None,
                    limits: Limits | None = Limits(), spool: str | None = None,
                    run_at: dt.datetime | None = None) -> BatchResult | SpooledBatch:
    """Fetch a batch of documents and transform those whose content is not already known.

    Documents are processed in reused worker processes under `limits` (time and memory per document;
    None: in this process). With `spool`, the batch's report tables go to Parquet parts there at once
    and only a SpooledBatch comes back, so memory does not grow with the number of documents.
    """
    fault("transform")
    src = open_source(source)
    known = known or {}
    docs, unreadable, unchanged = [], [], []
    for name in names:
        try:
            data = src.fetch(name)
        except FetchError as exc:
            unreadable.append((name, str(exc)))
            continue
        described = src.describe(name)
        if known.get(name) == content_hash(data, described["url"], described["given"]):
            unchanged.append(name)
        else:
            docs.append(RawDocument(name, data, **described))
    result = process_batch(docs, process=sandbox(limits).process if limits else None,
                           unreadable=unreadable, unchanged=unchanged)
    del docs
    if spool is None:
        return result
    parts = {}
    if result.reports.height:
        parts = write_parts(spool, star.report_tables(result.reports, result.sections, result.facts, result.terms,
                                                      run_at, source))
    fault("batch-written")
    return SpooledBatch(reports=result.reports.select(star.RUN_TABLE_COLUMNS), quarantine=result.quarantine,
                        unchanged=unchanged,
                        n_sections=result.sections.height, n_facts=result.facts.height, parts=parts)


def failed_batch(names: list[str], error: BaseException) -> SpooledBatch:
    """A batch that kept failing: every document of it quarantined with the error."""
    return SpooledBatch(
        reports=BatchResult.empty().reports.select(star.RUN_TABLE_COLUMNS),
        quarantine=pl.DataFrame(
            [{"source_file": n, "content_hash": None, "stage": "transform",
              "reason": f"batch failed after retries: {type(error).__name__}: {error}"} for n in names],
            schema=QUARANTINE_SCHEMA),
    )


@flow(name="transform-documents", log_prints=False)
def transform_documents(source: str, plan: str, show_progress: bool = False, timeout_seconds: float | None = None,
                        limits: Limits | None = Limits(), spool: str | None = None,
                        run_at: dt.datetime | None = None) -> list[SpooledBatch]:
    """Transform the batches of the plan file on this flow's task runner into the spool; a batch that
    keeps failing is quarantined.

    The batches and the known hashes come in a file (`write_plan`), not as parameters: Prefect refuses
    a flow run whose parameters pass 512 KB, which the names of some 18,000 documents do.
    """
    batches, known = read_plan(plan)
    batch_task = transform_batch.with_options(timeout_seconds=timeout_seconds) if timeout_seconds else transform_batch
    # Each batch gets the hashes of its own documents only (a task's arguments travel to its worker).
    futures = batch_task.map(source=unmapped(source), names=batches,
                             known=[{n: known[n] for n in b if n in known} for b in batches],
                             limits=unmapped(limits), spool=unmapped(spool), run_at=unmapped(run_at))
    batch_of = {id(f): b for f, b in zip(futures, batches, strict=True)}
    done: dict[int, SpooledBatch] = {}
    try:
        with progress_bar(sum(len(b) for b in batches), enabled=show_progress) as advance:
            for future in as_completed(futures):
                try:
                    outcome = future.result(raise_on_failure=False)
                except Exception as exc:  # noqa: BLE001 - Dask's KilledWorker: the batch killed worker after worker
                    outcome = exc
                names = batch_of[id(future)]
                done[id(future)] = failed_batch(names, outcome) if isinstance(outcome, BaseException) else outcome
                advance(len(names))
    except BaseException:
        # Cancelled (SIGTERM, Ctrl-C, Prefect's cancellation): stop the readers now, so that the batches
        # still running end at once instead of the task runner waiting for them.
        stop_all()
        raise
    return [done[id(f)] for f in futures]


def write_plan(path: Path, batches: list[list[str]], known: dict[str, str]) -> Path:
    path.write_text(json.dumps({"batches": batches, "known": known}, ensure_ascii=False), encoding="utf-8")
    return path


def read_plan(path: str) -> tuple[list[list[str]], dict[str, str]]:
    plan = json.loads(Path(path).read_text(encoding="utf-8"))
    return plan["batches"], plan["known"]


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]


def spooled_tables(results: list[SpooledBatch], spool: str) -> tuple[dict[str, pl.DataFrame | list[str]], pl.DataFrame]:
    """The tables of a spooled run: dimensions from the batches' report rows, the rest as the Parquet
    parts the batches' results name (one set per batch, whatever else an earlier attempt left in the
    spool). A part that is not there, or not in `spool`, is an error, never an empty table."""
    reports = _concat([r.reports for r in results])
    parts: dict[str, list[str]] = {name: [] for name in SPOOLED_TABLES}
    for r in results:
        if r.reports.height and set(r.parts) != set(SPOOLED_TABLES):
            raise RuntimeError(f"a batch of {r.reports.height} reports names the parts of "
                               f"{sorted(r.parts)}, not of every report table")
        for name, path in r.parts.items():
            part = Path(path)
            if part.parent.resolve() != Path(spool).resolve() or not part.is_file():
                raise FileNotFoundError(f"a batch's spooled part is missing from {spool}: {part.name}")
            parts[name].append(str(part))
    return {**star.run_tables(reports), **parts}, _concat([r.quarantine for r in results])


@task(name="publish-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def publish_warehouse(db: str, results: list[SpooledBatch], spool: str, removed: list[str], source: str, run: dict,
         rebuild: bool):
    """Publish the run's tables (dimensions in memory, report tables from the spool) atomically."""
    tables, quarantine = spooled_tables(results, spool)
    return publish(db, tables, quarantine, removed, source, run, rebuild), quarantine


def _run_id() -> str:
    try:
        from prefect.runtime import flow_run

        return str(flow_run.id or uuid.uuid4())
    except Exception:  # noqa: BLE001 - outside a flow run there is no Prefect id
        return str(uuid.uuid4())


@flow(name="fazhi-etl", log_prints=False)
def etl_flow(source: str = D.source, db: str = D.db, batch_size: int = D.batch_size,
             full_refresh: bool = D.full_refresh, runner: str = D.runner, workers: int = D.workers,
             dask_address: str = D.dask_address, lock_timeout: float = D.lock_timeout,
             reader_timeout: float = D.reader_timeout, reader_memory: int = D.reader_memory,
             collect: str = D.collect, collect_delay: float = D.collect_delay,
             show_progress: bool = False) -> dict:
    """Read new and changed reports under `source` and publish the warehouse `db` (the options of
    `flows.options.RunOptions`); returns the run's summary as a dict.

    The warehouse's writer lock is held from reading its state until the publish ends, so two
    runs never build on the same old state (the second waits up to `lock_timeout` seconds).
    With `collect` (a column list), the portals' columns are crawled into the folder `source` first
    (the subflow fazhi-collect); the crawl's failures are recorded there and do not stop the run.
    """
    collected = _collect(collect, source, collect_delay) if collect else None
    with writer_lock(db, lock_timeout) as lock:
        if lock.warning:
            get_run_logger().warning("%s", lock.warning)
        summary = _run(source, db, batch_size, full_refresh, runner, workers, dask_address,
                       Limits(reader_timeout, reader_memory), show_progress)
        if lock.warning:
            summary.warnings.append(lock.warning)
        if collected is not None and collected["failures"]:
            summary.warnings.append(
                f"collect: {len(collected['failures'])} pages could not be fetched or read "
                f"(table failures of {Path(source) / '.fazhi-crawl' / 'state.sqlite'})")
        publish_artifacts(summary)
        return summary.as_dict()


def _collect(columns_file: str, source: str, delay: float) -> dict:
    """Crawl the columns listed in `columns_file` into the folder `source` (flows/collect.py)."""
    from flows.collect import collect_flow

    collected = collect_flow(columns_file=str(Path(columns_file).resolve()), out=str(Path(source).resolve()),
                             delay=delay)
    get_run_logger().info("collected %d files into %s (%d failures)", collected["files"], source,
                          len(collected["failures"]))
    return collected


def _run(source: str, db: str, batch_size: int, full_refresh: bool, runner: str, workers: int, dask_address: str,
         limits: Limits, show_progress: bool) -> RunSummary:
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = dt.datetime.now().replace(microsecond=0)
    stages: dict[str, float] = {}

    tick = time.perf_counter()
    cancel.stage("reading the warehouse's state")
    state = warehouse_state(db, source)
    rebuild_reason = "full refresh asked for" if full_refresh else state.rebuild_reason
    known = {} if rebuild_reason else {**state.quarantined, **state.hashes}
    cancel.stage("discover")
    names = discover(source)
    stages["discover"] = time.perf_counter() - tick
    logger.info("discover: %d documents in %s (%.1f s)%s", len(names), source, stages["discover"],
                f"; rebuilding: {rebuild_reason}" if rebuild_reason else "")

    tick = time.perf_counter()
    cancel.stage("transform")
    kind = runner_for(runner, len(names))
    batches = [names[i:i + batch_size] for i in range(0, len(names), batch_size)] or [[]]
    transform = transform_documents.with_options(task_runner=make_task_runner(kind, workers, dask_address))
    # Batches write their report tables to Parquet parts in the spool as they finish (flat memory);
    # the publish step, the one writer, loads them. The spool goes when the run ends, however it ends.
    spool = new_spool(db)
    try:
        # A timeout can stop a batch in a worker process; in a worker thread it cannot, so none is set there
        # (a Dask worker runs its tasks in threads too). The readers' own limits bound each document.
        plan = write_plan(spool / "plan.json", batches, known)
        results = transform(source, str(plan), show_progress,
                            BATCH_TIMEOUT_SECONDS if kind == "processes" else None, limits, str(spool), started_at)
        # The readers' workers are idle from here on: stopped before the load, which is the run's
        # memory peak (a later run in this process, as under `fazhi serve`, starts them again in ~1 s).
        close_all()
        summary = _publish(source, db, state, names, results, rebuild_reason, kind, len(batches), str(spool),
                           started_at, stages, tick)
    finally:
        drop_spool(spool)
    summary.flow_seconds = round(time.perf_counter() - started, 2)
    summary.stage_seconds = {k: round(v, 2) for k, v in stages.items()}
    return summary


def _publish(source: str, db: str, state: WarehouseState, names: list[str], results: list[SpooledBatch],
             rebuild_reason: str | None, kind: str, n_batches: int, spool: str, started_at: dt.datetime,
             stages: dict, tick: float) -> RunSummary:
    logger = get_run_logger()
    stages["transform"] = time.perf_counter() - tick
    unchanged = [n for r in results for n in r.unchanged]
    loaded = [n for r in results for n in r.reports["source_file"].to_list()]
    removed = [] if rebuild_reason else sorted(set(state.hashes) - set(names))
    quarantined = sum(r.quarantine.height for r in results)
    summary = RunSummary(
        source=source, db=db, files=len(names), unchanged=len(unchanged), removed=len(removed),
        new=sum(1 for n in loaded if n not in state.hashes), changed=sum(1 for n in loaded if n in state.hashes),
        rebuild_reason=rebuild_reason, runner=kind,
    )
    logger.info("transform: %d new, %d changed, %d unchanged, %d quarantined, %d batches on %s (%.1f s)",
                summary.new, summary.changed, summary.unchanged, quarantined, n_batches, kind,
                stages["transform"])

    tick = time.perf_counter()
    cancel.stage("publish")
    if rebuild_reason or loaded or removed or quarantined:
        run = summary.meta_run_row(_run_id(), started_at, quarantined, len(loaded), sum(r.n_facts for r in results))
        stats, quarantine = publish_warehouse(db, results, spool, removed, source, run, bool(rebuild_reason))
        summary.wrote = True
        summary.reports, summary.sections, summary.facts = stats.reports, stats.sections, stats.facts
        summary.quarantined = stats.quarantined
        summary.quarantine = quarantine.select("source_file", "stage", "reason").to_dicts()
    stages["publish"] = time.perf_counter() - tick
    logger.info("publish: %s (%.1f s)", f"{summary.reports} reports, {summary.facts} facts into {db}"
                if summary.wrote else f"no changes, {db} left as it was", stages["publish"])
    return summary


def publish_artifacts(summary: RunSummary) -> None:
    """A table and a markdown artifact summarising the run, shown in the Prefect UI."""
    create_table_artifact(summary.table_rows(), key="fazhi-run-counts", description=f"fazhi run into {summary.db}")
    create_markdown_artifact(summary.markdown(), key="fazhi-run-summary", description="fazhi run summary")
