"""Checks of a run's options made before Prefect starts: a mistake costs one line and no waiting.

Each check returns a sentence saying what is wrong and what to do, or None.
No Prefect, DuckDB or transform import here: the checks run in well under a second.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from flows.options import RunOptions
from flows.run import log_file_of
from flows.runners import RUNNERS

# A DuckDB database file carries these bytes at offset 8 (after the checksum of its header).
DUCKDB_MAGIC = b"DUCK"


def warehouse_file_problem(db: str | Path) -> str | None:
    """Why `db` cannot be opened as a fazhi warehouse (it exists but is not a DuckDB file), or None."""
    path = Path(db)
    if not path.exists():
        return None
    if path.is_dir():
        return f"--db {db} is a folder; give the path of a warehouse file, e.g. {path / 'warehouse.duckdb'}"
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return f"cannot read the warehouse {db}: {exc.strerror or exc}"
    if head[8:12] != DUCKDB_MAGIC:
        what = "an empty file" if not head else "not a DuckDB database"
        return f"{db} is {what}, not a fazhi warehouse; give another --db, or move the file away"
    return None


def _writable_folder(folder: Path, what: str) -> str | None:
    """None when files can be created in `folder` (or in the folder it would be made in), else why not."""
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{what}: {existing} is not a folder"
    try:
        # os.access says yes to root on a read-only mount: create a file to know.
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".fazhi-check-"):
            pass
    except OSError as exc:
        return f"{what}: cannot write in {existing} ({exc.strerror or exc})"
    return None


def source_problem(source: str) -> str | None:
    if "://" in source and not source.startswith("file://"):
        import fsspec

        protocol = source.split("://", 1)[0]
        if protocol not in fsspec.available_protocols():
            return f"--source {source}: unknown protocol {protocol!r} (one of fsspec's: s3, gcs, memory, ...)"
        return None
    path = Path(source.removeprefix("file://"))
    if not path.exists():
        return f"source not found: {source}"
    mode = path.stat().st_mode
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        return f"--source {source} is neither a folder nor a list of URLs"
    if not os.access(path, os.R_OK):
        return f"--source {source} cannot be read (permissions)"
    if path.is_dir():
        from flows.sources import LocalFolder, ManifestError

        try:
            LocalFolder(path).manifest()
        except ManifestError as exc:
            return str(exc)
    return None


def collect_problem(columns: str, source: str) -> str | None:
    """Why the column list `columns` cannot be crawled into `source` before a run, or None."""
    if not Path(columns).is_file():
        return f"--collect {columns}: no such file (a CSV of report columns: url,agency,region_code)"
    if "://" in source or Path(source).is_file():
        return f"--collect crawls into a folder: --source {source} must be a folder (it is made if missing)"
    return _writable_folder(Path(source).absolute(), f"--source {source}")


def run_problems(opts: RunOptions) -> list[str]:
    """Everything wrong with the options of `fazhi run` / `fazhi serve`, one sentence each."""
    problems = []
    if opts.runner not in RUNNERS:
        problems.append(f"--runner {opts.runner!r} is not a runner: one of {', '.join(RUNNERS)}")
    if opts.batch_size < 1:
        problems.append(f"--batch-size must be at least 1, not {opts.batch_size}")
    if opts.workers < 0:
        problems.append(f"--workers must be 0 (one per core) or more, not {opts.workers}")
    if opts.lock_timeout < 0:
        problems.append(f"--lock-timeout must be 0 or more seconds, not {opts.lock_timeout}")
    if opts.reader_timeout < 0:
        problems.append(f"--reader-timeout must be 0 (no limit) or more seconds, not {opts.reader_timeout}")
    if opts.reader_memory and opts.reader_memory < 256:
        problems.append(f"--reader-memory must be 0 (no limit) or at least 256 MB, not {opts.reader_memory}")
    if opts.dask_address and opts.runner != "dask":
        problems.append(f"--dask-address is for --runner dask, not {opts.runner}")
    if opts.collect:
        problems.append(collect_problem(opts.collect, opts.source))
    if opts.collect_delay < 0:
        problems.append(f"--collect-delay must be 0 or more seconds, not {opts.collect_delay}")
    source = None if opts.collect and not Path(opts.source).exists() else source_problem(opts.source)
    for check in (source, warehouse_file_problem(opts.db)):
        if check:
            problems.append(check)
    db = Path(opts.db)
    problems.append(_writable_folder(db.absolute().parent, f"--db {opts.db}"))
    log_file = log_file_of(opts)
    log_dir = log_file.absolute().parent
    if log_dir != db.absolute().parent:
        problems.append(_writable_folder(log_dir, f"log file {log_file}"))
    return [p for p in problems if p]
