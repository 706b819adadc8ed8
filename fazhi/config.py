"""Settings of `fazhi run` and `fazhi serve`: command-line flag > environment variable > config file > default.

The config file is TOML (``fazhi.toml`` in the working directory, or the file
named by ``--config`` / ``FAZHI_CONFIG``) with a ``[run]`` and a ``[serve]``
table whose keys are the long option names with underscores::

    [run]
    source = "/data/reports"
    db = "/data/fazhi.duckdb"
    runner = "processes"

    [serve]
    cron = "0 3 * * *"
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONFIG = Path("fazhi.toml")


@dataclass(frozen=True)
class Option:
    name: str
    env: str
    default: object
    kind: type = str
    help: str = ""


RUN_OPTIONS = (
    Option("source", "FAZHI_SOURCE", "data/raw", str,
           "folder of reports (read recursively), a .urls/.txt file of http(s) URLs, or an fsspec URL"),
    Option("db", "FAZHI_DB", "data/warehouse.duckdb", str, "DuckDB warehouse file"),
    Option("batch_size", "FAZHI_BATCH_SIZE", 100, int, "documents per task run"),
    Option("runner", "FAZHI_RUNNER", "auto", str,
           "task runner: auto (threads for small runs, processes for large), threads, processes or dask"),
    Option("workers", "FAZHI_WORKERS", 0, int, "worker processes or threads (0: one per core)"),
    Option("dask_address", "FAZHI_DASK_ADDRESS", "", str, "address of an existing Dask scheduler (tcp://host:8786)"),
    Option("full_refresh", "FAZHI_FULL_REFRESH", False, bool, "reload every file, not only new and changed ones"),
)
SERVE_OPTIONS = (
    Option("cron", "FAZHI_CRON", "0 3 * * *", str, "cron schedule of the deployment"),
    Option("name", "FAZHI_DEPLOYMENT", "scheduled", str, "name of the deployment"),
)


def _convert(option: Option, value):
    if option.kind is bool:
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
    return option.kind(value)


def load_file(path: str | Path | None) -> dict:
    """The tables of the config file; {} when the default file does not exist."""
    explicit = path or os.environ.get("FAZHI_CONFIG")
    file = Path(explicit) if explicit else DEFAULT_CONFIG
    if not file.exists():
        if explicit:
            raise FileNotFoundError(f"config file not found: {file}")
        return {}
    with open(file, "rb") as fh:
        return tomllib.load(fh)


def resolve(options: tuple[Option, ...], flags: dict, file_table: dict) -> dict:
    """Each option's value from the flag, else its environment variable, else the file, else its default."""
    out = {}
    for opt in options:
        if flags.get(opt.name) is not None:
            out[opt.name] = _convert(opt, flags[opt.name])
        elif os.environ.get(opt.env) not in (None, ""):
            out[opt.name] = _convert(opt, os.environ[opt.env])
        elif opt.name in file_table:
            out[opt.name] = _convert(opt, file_table[opt.name])
        else:
            out[opt.name] = opt.default
    return out
