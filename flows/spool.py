"""The spool: a folder beside the warehouse where the batches write their report-keyed tables as
Parquet parts, and the temporary files (spools, warehouse copies) this process is writing.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import polars as pl

from transforms.schema import tables_of

# Copies being written by this process: removed if the run fails or is cancelled.
TEMPORARIES: set[Path] = set()


def remove_temporaries() -> None:
    """Delete the warehouse copies and spool folders this process is writing (the original is never
    written in place)."""
    for path in list(TEMPORARIES):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# Report-keyed tables whose rows a batch writes to Parquet parts in the spool as it finishes.
SPOOLED_TABLES = tables_of("report")


def new_spool(db_path: str | Path) -> Path:
    """A fresh folder beside the warehouse for this run's Parquet parts (call with the writer lock held:
    spools left by killed runs are removed first)."""
    db = Path(db_path)
    db.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_spools(db)
    spool = db.with_name(f".{db.name}.{uuid.uuid4().hex[:8]}.spool")
    spool.mkdir()
    TEMPORARIES.add(spool)
    return spool


def remove_stale_spools(db: Path) -> None:
    """Delete the spools of killed runs (call with the writer lock held, before this run has one)."""
    for stale in db.parent.glob(f".{db.name}.*.spool"):
        if stale not in TEMPORARIES:
            shutil.rmtree(stale, ignore_errors=True)


def drop_spool(spool: str | Path) -> None:
    path = Path(spool)
    shutil.rmtree(path, ignore_errors=True)
    TEMPORARIES.discard(path)


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
