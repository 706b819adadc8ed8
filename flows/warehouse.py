"""DuckDB side of the flow: read the warehouse's state, and publish a new state atomically.

A run never writes the warehouse file in place. It copies it (or starts empty
when the file must be rebuilt), applies the changes to the copy in one
transaction, CHECKPOINTs, and renames the copy over the original. Readers that
hold the file open read-only (BI tools) keep their snapshot until they
reconnect and never see half a load. One run writes at a time (`flows.lock`).

**`kill -9` at any moment leaves the old warehouse or the new one, never both, never a part of a
run.** What a warehouse is, on disk, is two names: `WAREHOUSE` and, when a writer other than fazhi
(a BI tool or a DuckDB shell opened read-write, then killed) left committed changes that were not
checkpointed, `WAREHOUSE.wal`, which DuckDB replays onto whatever file has the name when it next
opens it, read-only or not, with no check that the log belongs to that file. fazhi itself never
leaves one: it writes only its copy, and its connection to the copy checkpoints and closes, so the
copy has no WAL of its own (checked before the rename: `.TAG.tmp.wal` must be gone). The publish:

1. copy `WAREHOUSE` (and `WAREHOUSE.wal`, if any) to `.WAREHOUSE.TAG.tmp`; load the copy in one
   transaction; CHECKPOINT; close; fsync the copy. The old WAL's changes are now in the copy too.
   A kill up to here leaves the old file untouched; the next publish deletes the copy.
2. the commit (a critical section SIGTERM/SIGINT wait for, `cancel.commit_point`):
   a. only when there is a `WAREHOUSE.wal`: rename it to `.WAREHOUSE.TAG.wal-aside`, fsync the folder;
   b. rename the copy over `WAREHOUSE`, fsync the folder;
   c. delete the WAL put aside, fsync the folder.
   The rename (b) is the one atomic step. Before it the old WAL was moved away (a), so the new file
   can never be opened with it: the old order (rename, then unlink the old WAL) left, when killed
   between the two, the new file beside the old file's WAL, and the next open replayed the old
   file's last transactions onto the new file (rows twice; tested with a WAL that a killed
   read-write session left). A kill between (a) and (b) leaves the old file without its WAL for a
   moment: its fazhi content is the old content exactly (fazhi's own changes are never in that WAL),
   and the next run puts the WAL back first (`recover`: a `.wal-aside` whose copy is still there
   belongs to the file at `WAREHOUSE`; one whose copy was renamed belonged to the replaced file and
   goes). The name of the aside file ties it to its copy, so no journal is needed.
3. what is left to tidy (the spool, the lock file) is removed by the run, or by the next one:
   `recover` runs with the writer lock held at the start of every flow and of every no-change check
   (`fazhi run` that finds nothing to do would otherwise never clean a spool left by a run killed
   after its rename), before any stale copy, spill folder or spool is deleted.

fsync is for power loss, not for `kill -9` (the kernel's page cache survives a killed process): the
copy is fsynced before the rename and the folder after each rename, so after a crash the folder
holds the old name or the new one with complete contents. Tested by killing the whole process group
of `fazhi run` at every stage its log shows, at a sweep of delays, and at the fault points
(`flows.faults`) of each step above (tests/flows/test_kill_anywhere.py).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

import duckdb
import polars as pl

from flows import cancel
from flows.faults import fault
from flows.lock import writer_lock
from transforms import dedup
from transforms.rules import fingerprint
from transforms.schema import TABLES, tables_of

SQL_DIR = Path(str(files("fazhi.sql")))  # sql/ of the repository, shipped in the wheel
# Version of the table layout in sql/tables; a file with another version is rebuilt from the sources.
SCHEMA_VERSION = 5
# What the load does with each table follows from its role (transforms/schema.py): tables keyed by
# report are spooled by the batches and a reloaded report replaces exactly its own rows; dimensions
# are upserted; rule tables are rebuilt whole from data/rules.
REPORT_TABLES = tables_of("report")
RULE_TABLES = tables_of("rule")
UPSERT_TABLES = tables_of("dimension")


@dataclass
class WarehouseState:
    """What the current warehouse file holds for one source, or why it must be rebuilt."""

    rebuild_reason: str | None
    hashes: dict[str, str] = field(default_factory=dict)
    quarantined: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadStats:
    reports: int
    sections: int
    facts: int
    quarantined: int


def _fazhi_version() -> str:
    """The installed fazhi's version (pyproject.toml), recorded in meta_schema."""
    try:
        return version("fazhi")
    except PackageNotFoundError:
        return "0+unknown"


def ddl_statements() -> list[str]:
    """The DDL scripts, tables first then views, in file-name order."""
    files = sorted((SQL_DIR / "tables").glob("*.sql")) + sorted((SQL_DIR / "views").glob("*.sql"))
    return [f.read_text(encoding="utf-8") for f in files]


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    for script in ddl_statements():
        con.execute(script)


def read_state(db_path: str | Path, source: str) -> WarehouseState:
    """Content hashes of the current reports and quarantined files of `source`, or why to rebuild."""
    db = Path(db_path)
    if not db.exists():
        return WarehouseState("new warehouse")
    con = duckdb.connect(str(db), read_only=True)
    try:
        try:
            meta = con.execute("select schema_version, rules_fingerprint from meta_schema").fetchone()
        except duckdb.CatalogException:
            meta = None
        if meta is None:
            return WarehouseState("the file has no schema version (built by an older fazhi)")
        if meta[0] != SCHEMA_VERSION:
            return WarehouseState(f"schema version {meta[0]} -> {SCHEMA_VERSION}")
        if meta[1] != fingerprint():
            return WarehouseState("the rules in data/rules changed")
        hashes = dict(con.execute(
            "select source_file, content_hash from dim_report where source = ? and is_current", [source]
        ).fetchall())
        quarantined = dict(con.execute(
            "select source_file, content_hash from stg_quarantine where content_hash is not null"
        ).fetchall())
        return WarehouseState(None, hashes, quarantined)
    finally:
        con.close()


# Copies being written by this process: removed if the run fails or is cancelled.
_TEMPORARIES: set[Path] = set()


def remove_temporaries() -> None:
    """Delete the warehouse copies and spool folders this process is writing (the original is never
    written in place)."""
    for path in list(_TEMPORARIES):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# Report-keyed tables whose rows a batch writes to Parquet parts in the spool as it finishes.
SPOOLED_TABLES = REPORT_TABLES


# DuckDB's memory while it loads a run (it spills beyond this to a folder beside the copy). Without a
# limit it keeps a large load's uncommitted rows in memory: 450 MB for 20,000 reports. The process
# grows by more than the limit (DuckDB's own structures and its allocator): with 128 MB by 310-440 MB
# at 20,000 and at 100,000 reports alike; with 256 MB by 430 and 580 MB; 64 MB saves 50-110 MB and
# 32 MB failed (benchmarks/bench_publish.py, results/publish-memory-2026-11-24.json).
LOAD_MEMORY_ENV = "FAZHI_LOAD_MEMORY"
DEFAULT_LOAD_MEMORY = "128MB"


def load_memory_limit() -> str:
    """DuckDB's memory_limit for the load: FAZHI_LOAD_MEMORY (e.g. 1GB), else 256MB."""
    return os.environ.get(LOAD_MEMORY_ENV, "").strip() or DEFAULT_LOAD_MEMORY


def new_spool(db_path: str | Path) -> Path:
    """A fresh folder beside the warehouse for this run's Parquet parts (call with the writer lock held:
    spools left by killed runs are removed first)."""
    db = Path(db_path)
    db.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_spools(db)
    spool = db.with_name(f".{db.name}.{uuid.uuid4().hex[:8]}.spool")
    spool.mkdir()
    _TEMPORARIES.add(spool)
    return spool


def remove_stale_spools(db: Path) -> None:
    """Delete the spools of killed runs (call with the writer lock held, before this run has one)."""
    for stale in db.parent.glob(f".{db.name}.*.spool"):
        if stale not in _TEMPORARIES:
            shutil.rmtree(stale, ignore_errors=True)


def tidy(db_path: str | Path) -> list[str]:
    """What a killed run left, put right or removed (call with the writer lock held, when no run of
    this process is writing): an interrupted commit (`recover`), copies, spill folders and spools.
    Returns warnings to show."""
    db = Path(db_path)
    warnings = recover(db)
    if db.parent.is_dir():
        remove_stale_spools(db)
    return warnings


def drop_spool(spool: str | Path) -> None:
    path = Path(spool)
    shutil.rmtree(path, ignore_errors=True)
    _TEMPORARIES.discard(path)


def write_parts(spool: str | Path, tables: dict[str, pl.DataFrame]) -> dict[str, str]:
    """Write one batch's report-keyed tables as Parquet parts of the spool; returns table -> file.

    Each attempt at a batch writes under a tag of its own, each part written under a temporary name
    and renamed: a part's name is only ever a whole file. The publish loads the parts the batch's
    result names (flows.etl.SpooledBatch), so those of an attempt that was retried are never loaded."""
    tag = uuid.uuid4().hex[:12]
    parts = {}
    for name, frame in tables.items():
        path = Path(spool) / f"{name}-{tag}.parquet"
        partial = path.with_name(path.name + ".partial")
        frame.write_parquet(partial, compression="zstd", statistics=False)
        os.replace(partial, path)
        parts[name] = str(path)
    return parts


def _height(table) -> int:
    if isinstance(table, pl.DataFrame):
        return table.height
    return pl.scan_parquet(table).select(pl.len()).collect().item() if table else 0


# Parquet parts one insert reads. DuckDB reads the files of one statement in parallel and buffers them
# to keep their order: at a thousand parts (100,000 documents in batches of 100) that alone outgrew the
# load's memory limit (with or without indexes), while a few parts at a time loaded it.
PARTS_PER_INSERT = 16


def _relations(con: duckdb.DuckDBPyConnection, name: str, table) -> list[str]:
    """Names to select `table` from, in order: a registered Arrow table (a frame), or read_parquet of
    its parts, a few at a time."""
    if isinstance(table, pl.DataFrame):
        con.register(f"new_{name}", table.to_arrow())
        return [f"new_{name}"]
    quoted = ["'" + str(p).replace("'", "''") + "'" for p in table]
    return [f"read_parquet([{', '.join(quoted[i:i + PARTS_PER_INSERT])}], union_by_name = true)"
            for i in range(0, len(quoted), PARTS_PER_INSERT)]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _upsert_quarantine(con: duckdb.DuckDBPyConnection, quarantine: pl.DataFrame, run_at: dt.datetime) -> None:
    con.register("new_quarantine", quarantine.with_columns(pl.lit(run_at).alias("seen")).to_arrow())
    con.execute(
        """
        insert into stg_quarantine by name
        select q.source_file, q.content_hash, q.stage, q.reason,
               coalesce(old.first_seen, q.seen) as first_seen, q.seen as last_seen
        from new_quarantine as q
        left join stg_quarantine as old on old.source_file = q.source_file
        on conflict (source_file) do update set
            content_hash = excluded.content_hash, stage = excluded.stage,
            reason = excluded.reason, last_seen = excluded.last_seen
        """
    )


class KeyViolation(RuntimeError):
    """A load would write two rows with the same key into a table whose key is not indexed."""


def check_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Raise KeyViolation when the rows of the reports being loaded repeat a key of a table without a
    PRIMARY KEY index (transforms/schema.py: key_indexed=False). Every such key starts with report_id,
    and the reports' old rows were deleted first, so only the loaded reports' rows need checking."""
    for t in TABLES:
        if t.key_indexed or not t.key:
            continue
        assert t.key[0] == "report_id", t.name
        key = ", ".join(t.key)
        dup = con.execute(f"select {key}, count(*) from {t.name} "
                          "where report_id in (select report_id from loaded_ids) "
                          f"group by {key} having count(*) > 1 limit 1").fetchone()
        if dup:
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(t.key, dup[:-1], strict=True))
            raise KeyViolation(f"{t.name}: {dup[-1]} rows with the same key ({shown}); nothing was loaded")


def _write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame], quarantine: pl.DataFrame,
          removed: list[str], source: str, run: dict, rebuild: bool) -> None:
    run_at = run["started_at"]
    con.execute("create temp table loaded_ids (report_id varchar)")
    for ids in _relations(con, "dim_report", tables["dim_report"]):
        con.execute(f"insert into loaded_ids select report_id from {ids}")
    # A reloaded report keeps the time it was first loaded.
    con.execute("create temp table first_loaded as select report_id, first_loaded_at from dim_report "
                "where report_id in (select report_id from loaded_ids)")
    for name in REPORT_TABLES:
        con.execute(f"delete from {name} where report_id in (select report_id from loaded_ids)")
    for name in RULE_TABLES:
        con.execute(f"delete from {name}")
    for name, table in tables.items():
        verb = "insert or replace" if name in UPSERT_TABLES else "insert"
        for relation in _relations(con, name, table):
            con.execute(f"{verb} into {name} by name select * from {relation}")
            if relation == f"new_{name}":
                con.unregister(relation)
    check_keys(con)
    # An agency is named as in its latest report, whichever run loaded that one.
    con.execute("""
        update dim_agency set agency_name = latest.agency_name
        from (select agency_id, arg_max(agency_name, coalesce(report_year, 0)) as agency_name
              from dim_report where is_current and agency_id is not null group by agency_id) as latest
        where dim_agency.agency_id = latest.agency_id and dim_agency.agency_name <> latest.agency_name""")
    con.execute("update dim_report set first_loaded_at = f.first_loaded_at from first_loaded f "
                "where dim_report.report_id = f.report_id")
    if removed:
        con.register("removed_files", pl.DataFrame({"source_file": removed}).to_arrow())
        con.execute("update dim_report set is_current = false, removed_at = ? "
                    "where source = ? and source_file in (select source_file from removed_files) and is_current",
                    [run_at, source])
    mark_duplicates(con)
    con.execute("delete from stg_quarantine where source_file in "
                "(select source_file from dim_report where loaded_at = ?)", [run_at])
    _upsert_quarantine(con, quarantine, run_at)
    con.execute("delete from meta_schema")
    con.execute("insert into meta_schema values (?, ?, ?, ?)",
                [SCHEMA_VERSION, fingerprint(), _fazhi_version(), run.get("built_at") or run_at])
    row = {k: v for k, v in run.items() if k != "built_at"}
    con.register("new_run", pl.DataFrame([{**row, "finished_at": dt.datetime.now(), "is_rebuild": rebuild}]).to_arrow())
    con.execute("insert into meta_run by name select * from new_run")


def mark_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Mark the same report found again (transforms/dedup.py) among the current reports: every group that
    a report loaded now (or a copy whose kept version is gone) belongs to is decided again, and all but
    the version kept get duplicate_of. Returns the number of reports marked."""
    involved = {r[0] for r in con.execute(
        "select report_id from loaded_ids union select d.report_id from dim_report d "
        "join dim_report k on k.report_id = d.duplicate_of where not k.is_current").fetchall()}
    if not involved:
        return 0
    con.register("involved_ids", pl.DataFrame({"report_id": sorted(involved)}).to_arrow())
    pairs = con.execute("""
        select distinct least(a.report_id, b.report_id), greatest(a.report_id, b.report_id)
        from stg_report_signature as a
        join stg_report_signature as b
          on a.band_no = b.band_no and a.band_hash = b.band_hash and a.report_id <> b.report_id
        join dim_report as ra on ra.report_id = a.report_id and ra.is_current
        join dim_report as rb on rb.report_id = b.report_id and rb.is_current
        where a.report_id in (select report_id from involved_ids)""").fetchall()
    # A group is decided whole: the reports an involved one was already grouped with come too.
    linked = con.execute("""
        select report_id, duplicate_of from dim_report
        where is_current and duplicate_of is not null
          and (report_id in (select report_id from involved_ids) or duplicate_of in (select report_id from involved_ids)
               or duplicate_of in (select duplicate_of from dim_report where report_id in (select report_id from involved_ids)))
        """).fetchall()
    ids = sorted({x for pair in pairs + linked for x in pair if x})
    if not ids:
        return 0
    con.register("pair_ids", pl.DataFrame({"report_id": ids}).to_arrow())
    rows = {r["report_id"]: r for r in con.execute("""
        select r.report_id, r.report_year, r.agency_id, r.url, r.publish_date, r.n_chars, r.first_loaded_at,
               list(s.minhash order by s.band_no) as bands
        from dim_report r join stg_report_signature s using (report_id)
        where r.report_id in (select report_id from pair_ids) group by all""").pl().to_dicts()}
    same = [(a, b) for a, b in pairs if a in rows and b in rows and dedup.compatible(rows[a], rows[b])
            and dedup.similarity(_flat(rows[a]["bands"]), _flat(rows[b]["bands"])) >= dedup.DUPLICATE_SIMILARITY]
    decided = {x for pair in pairs + linked for x in pair if x}
    con.register("decided_ids", pl.DataFrame({"report_id": sorted(decided)}).to_arrow())
    con.execute("update dim_report set duplicate_of = null where report_id in (select report_id from decided_ids)")
    marks = []
    for group in dedup.groups(same):
        kept = min((rows[r] for r in group), key=dedup.keep_order)["report_id"]
        marks += [(r, kept) for r in group if r != kept]
    if marks:
        con.register("marks", pl.DataFrame(marks, schema={"report_id": pl.Utf8, "kept": pl.Utf8}, orient="row").to_arrow())
        con.execute("update dim_report set duplicate_of = m.kept from marks m where dim_report.report_id = m.report_id")
    return len(marks)


def _flat(band_lists) -> list[int]:
    return [v for band in band_lists for v in band]


WAL_ASIDE = ".wal-aside"


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _copy_of(db: Path, tag: str) -> Path:
    return db.with_name(f".{db.name}.{tag}.tmp")


def _aside_of(db: Path, tag: str) -> Path:
    return db.with_name(f".{db.name}.{tag}{WAL_ASIDE}")


def _restore_wal(db: Path, aside: Path) -> str | None:
    """Put the WAL of the file at `db`, moved aside by a publish that did not rename its copy, back."""
    wal = _wal_of(db)
    if wal.exists():
        # Someone wrote the old file read-write after the kill: its new WAL is the one that belongs to
        # it now. The one put aside is kept (never deleted: it is another writer's data) under a name
        # no clean-up removes.
        kept = db.with_name(f"{db.name}.wal.orphan-{uuid.uuid4().hex[:8]}")
        os.replace(aside, kept)
        return f"{aside.name}: {wal.name} exists again, so the WAL set aside was kept as {kept.name}"
    os.replace(aside, wal)
    _fsync(db.parent)
    return None


def recover(db_path: str | Path) -> list[str]:
    """Finish what a publish killed in its commit left (call with the writer lock held, before
    anything else touches the warehouse's folder), then delete the copies and DuckDB spill folders
    killed publishes left. Returns warnings to show.

    A `.WAREHOUSE.TAG.wal-aside` is the WAL of the file at WAREHOUSE as the publish TAG found it.
    If that publish's copy `.WAREHOUSE.TAG.tmp` is still there, it was killed before its rename: the
    warehouse is the old file, and its WAL goes back beside it. If the copy is gone, the rename
    happened: the WAL belonged to the file it replaced, and is deleted."""
    db = Path(db_path)
    warnings = []
    if not db.parent.is_dir():
        return warnings
    for aside in sorted(db.parent.glob(f".{db.name}.*{WAL_ASIDE}")):
        tag = aside.name[len(db.name) + 2:-len(WAL_ASIDE)]
        if _copy_of(db, tag).exists() and db.exists():
            warning = _restore_wal(db, aside)
            warnings += [warning] if warning else []
        else:
            aside.unlink(missing_ok=True)
    for stale in db.parent.glob(f".{db.name}.*.tmp*"):
        # left by a run that was killed (a copy, its WAL, or DuckDB's spill folder beside it)
        if stale in _TEMPORARIES:
            continue
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    return warnings


def _discard_copy(tmp: Path) -> None:
    """Delete a copy that will not be published, with its WAL and DuckDB's spill folder (`COPY.tmp`)."""
    for path in (tmp, _wal_of(tmp), tmp.with_name(tmp.name + ".tmp")):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        _TEMPORARIES.discard(path)


def publish(db_path: str | Path, tables: dict[str, pl.DataFrame | list[str]], quarantine: pl.DataFrame,
            removed: list[str], source: str, run: dict, rebuild: bool) -> LoadStats:
    """Write the changes into a copy of the warehouse and rename it over the original, all or nothing
    (the module's docstring says how, and why in that order).

    A table is a frame, or the list of Parquet files a run spooled it into (read by DuckDB as it
    inserts, so a large run does not hold its tables in memory)."""
    db = Path(db_path)
    db.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(db):
        recover(db)
        tag = uuid.uuid4().hex[:8]
        tmp, wal, aside = _copy_of(db, tag), _wal_of(db), _aside_of(db, tag)
        _TEMPORARIES.update({tmp, _wal_of(tmp)})
        try:
            if db.exists() and not rebuild:
                shutil.copyfile(db, tmp)
                if wal.exists():
                    shutil.copyfile(wal, _wal_of(tmp))
            if rebuild:
                run = {**run, "built_at": run["started_at"]}
            fault("after-copy")
            con = duckdb.connect(str(tmp), config={"memory_limit": load_memory_limit()})
            try:
                con.execute("begin transaction")
                apply_ddl(con)
                _write_tables(con, tables, quarantine, removed, source, run, rebuild)
                fault("before-commit")
                con.execute("commit")
                con.execute("checkpoint")
            finally:
                con.close()
            if _wal_of(tmp).exists() and _wal_of(tmp).stat().st_size:
                # The rename below publishes one file: every change must be in it, none in a WAL beside it.
                raise RuntimeError(f"{_wal_of(tmp).name} is still there after CHECKPOINT: not publishing")
            _fsync(tmp)
            fault("before-rename")
            # The commit point: a stop asked for from here on lets the run finish what is done.
            with cancel.commit_point():
                if wal.exists():
                    os.replace(wal, aside)  # (a) the old file's WAL can never be beside the new file
                    _fsync(db.parent)
                    fault("wal-aside")
                os.replace(tmp, db)  # (b) the one atomic step
                _fsync(db.parent)
                aside.unlink(missing_ok=True)  # (c)
                _fsync(db.parent)
        except BaseException:
            if aside.exists() and tmp.exists():
                _restore_wal(db, aside)  # the rename did not happen: the WAL goes back to its file
            _discard_copy(tmp)
            raise
        finally:
            _TEMPORARIES.difference_update({tmp, _wal_of(tmp)})
        fault("after-rename")
    return LoadStats(
        reports=_height(tables["dim_report"]),
        sections=_height(tables["dim_section"]),
        facts=_height(tables["fct_quantity"]),
        quarantined=quarantine.height,
    )
