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

from flows import DEFAULT_DB, DEFAULT_SOURCE
from flows.sandbox import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS

DEFAULT_CONFIG = Path("fazhi.toml")


@dataclass(frozen=True)
class Option:
    name: str
    env: str
    default: object
    kind: type = str
    help: str = ""


RUN_OPTIONS = (
    Option("source", "FAZHI_SOURCE", DEFAULT_SOURCE, str,
           "folder of reports (read recursively), a .urls/.txt file of http(s) URLs, or an fsspec URL"),
    Option("db", "FAZHI_DB", DEFAULT_DB, str, "DuckDB warehouse file"),
    Option("batch_size", "FAZHI_BATCH_SIZE", 100, int, "documents per task run"),
    Option("runner", "FAZHI_RUNNER", "auto", str,
           "task runner: auto (threads for small runs, processes for large), threads, processes or dask"),
    Option("workers", "FAZHI_WORKERS", 0, int, "worker processes or threads (0: one per core)"),
    Option("dask_address", "FAZHI_DASK_ADDRESS", "", str, "address of an existing Dask scheduler (tcp://host:8786)"),
    Option("full_refresh", "FAZHI_FULL_REFRESH", False, bool, "reload every file, not only new and changed ones"),
    Option("lock_timeout", "FAZHI_LOCK_TIMEOUT", 0.0, float,
           "seconds to wait for another run writing the same warehouse (0: stop at once, exit 3)"),
    Option("reader_timeout", "FAZHI_READER_TIMEOUT", DEFAULT_TIMEOUT_SECONDS, float,
           "seconds one document may take to read before it is quarantined (0: no limit)"),
    Option("reader_memory", "FAZHI_READER_MEMORY", DEFAULT_MEMORY_MB, int,
           "megabytes of memory one document's reader may use before it is quarantined (0: no limit)"),
    Option("log_file", "FAZHI_LOG_FILE", "", str, "log file of the run (default: the warehouse's name with .log)"),
)
# Options that are not flow parameters.
CLI_ONLY = ("log_file",)
SERVE_OPTIONS = (
    Option("cron", "FAZHI_CRON", "0 3 * * *", str, "cron schedule of the deployment"),
    Option("name", "FAZHI_DEPLOYMENT", "scheduled", str, "name of the deployment"),
)


class ConfigError(ValueError):
    """An option's value cannot be used; the message names the option."""


def _convert(option: Option, value, origin: str):
    if option.kind is bool:
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
    try:
        return option.kind(value)
    except (TypeError, ValueError):
        kind = {int: "a whole number", float: "a number"}.get(option.kind, option.kind.__name__)
        raise ConfigError(f"{origin} must be {kind}, not {value!r}") from None


def load_file(path: str | Path | None) -> dict:
    """The tables of the config file; {} when the default file does not exist."""
    explicit = path or os.environ.get("FAZHI_CONFIG")
    file = Path(explicit) if explicit else DEFAULT_CONFIG
    if not file.exists():
        if explicit:
            raise FileNotFoundError(f"config file not found: {file}")
        return {}
    try:
        with open(file, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None


def resolve(options: tuple[Option, ...], flags: dict, file_table: dict) -> dict:
    """Each option's value from the flag, else its environment variable, else the file, else its default."""
    out = {}
    for opt in options:
        flag = "--" + opt.name.replace("_", "-")
        if flags.get(opt.name) is not None:
            out[opt.name] = _convert(opt, flags[opt.name], flag)
        elif os.environ.get(opt.env) not in (None, ""):
            out[opt.name] = _convert(opt, os.environ[opt.env], opt.env)
        elif opt.name in file_table:
            out[opt.name] = _convert(opt, file_table[opt.name], f"{opt.name} in the config file")
        else:
            out[opt.name] = opt.default
    return out


def option(name: str) -> Option:
    return next(o for o in RUN_OPTIONS + SERVE_OPTIONS if o.name == name)


def default_log_file(db: str | Path) -> Path:
    """The run's log file when none is given: beside the warehouse, data/warehouse.duckdb -> data/warehouse.log."""
    return Path(db).with_suffix(".log")
