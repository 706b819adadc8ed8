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

The load itself (what the transaction writes) is flows.load; the Parquet parts the batches spool,
flows.spool.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import duckdb
import polars as pl

from flows import cancel
from flows.faults import fault
from flows.load import LoadStats, height, load_memory_limit, write_tables
from flows.lock import writer_lock
from flows.spool import TEMPORARIES, remove_stale_spools
from transforms.rules import fingerprint

SQL_DIR = Path(str(files("fazhi.sql")))  # sql/ of the repository, shipped in the wheel
# Version of the table layout in sql/tables; a file with another version is rebuilt from the sources.
SCHEMA_VERSION = 5


@dataclass
class WarehouseState:
    """What the current warehouse file holds for one source, or why it must be rebuilt."""

    rebuild_reason: str | None
    hashes: dict[str, str] = field(default_factory=dict)
    quarantined: dict[str, str] = field(default_factory=dict)


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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tidy(db_path: str | Path) -> list[str]:
    """What a killed run left, put right or removed (call with the writer lock held, when no run of
    this process is writing): an interrupted commit (`recover`), copies, spill folders and spools.
    Returns warnings to show."""
    db = Path(db_path)
    warnings = recover(db)
    if db.parent.is_dir():
        remove_stale_spools(db)
    return warnings


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
        if stale in TEMPORARIES:
            continue
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    return warnings


def _discard_copy(tmp: Path) -> None:
    """Delete a copy that will not be published, with its WAL and DuckDB's spill folder (`COPY.tmp`)."""
    for path in (tmp, _wal_of(tmp), tmp.with_name(tmp.name + ".tmp")):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        TEMPORARIES.discard(path)


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
        TEMPORARIES.update({tmp, _wal_of(tmp)})
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
                write_tables(con, tables, quarantine, removed, source, run, rebuild, SCHEMA_VERSION)
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
            TEMPORARIES.difference_update({tmp, _wal_of(tmp)})
        fault("after-rename")
    return LoadStats(
        reports=height(tables["dim_report"]),
        sections=height(tables["dim_section"]),
        facts=height(tables["fct_quantity"]),
        quarantined=quarantine.height,
    )
