"""The options of a run, declared once: name, default, environment variable, type and help.

`fazhi run`, `fazhi serve`, the flow's parameters, the config file and the README's table
all read this module: `RunOptions` holds a run's values (its defaults are the defaults
everywhere), `RUN_OPTIONS` and `SERVE_OPTIONS` describe each option for the command line
and the config file (`fazhi.config` resolves flag > environment > file > default).

Stdlib only: the command line reads it before Prefect is imported.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


def _option(default, env: str, help: str, *, flow: bool = True):
    """A dataclass field that is also an option: its environment variable, help, and whether the flow takes it."""
    return field(default=default, metadata={"env": env, "help": help, "flow": flow})


@dataclass(frozen=True)
class RunOptions:
    """The values of one run (`fazhi run`, or a served deployment's parameters)."""

    source: str = _option("data/raw", "FAZHI_SOURCE",
                          "folder of reports (read recursively), a .urls/.txt file of http(s) URLs, or an fsspec URL")
    collect: str = _option("", "FAZHI_COLLECT",
                           "CSV of report columns (as fazhi collect reads) crawled into --source, a folder, "
                           "before the run")
    collect_delay: float = _option(1.0, "FAZHI_COLLECT_DELAY",
                                   "seconds between two requests to one host while collecting")
    db: str = _option("data/warehouse.duckdb", "FAZHI_DB", "DuckDB warehouse file")
    batch_size: int = _option(100, "FAZHI_BATCH_SIZE", "documents per task run")
    runner: str = _option("auto", "FAZHI_RUNNER", "task runner: auto (= threads), threads, processes or dask")
    workers: int = _option(0, "FAZHI_WORKERS", "worker processes or threads (0: one per core)")
    dask_address: str = _option("", "FAZHI_DASK_ADDRESS", "address of an existing Dask scheduler (tcp://host:8786)")
    full_refresh: bool = _option(False, "FAZHI_FULL_REFRESH", "reload every file, not only new and changed ones")
    lock_timeout: float = _option(0.0, "FAZHI_LOCK_TIMEOUT",
                                  "seconds to wait for another run writing the same warehouse (0: stop at once, exit 3)")
    reader_timeout: float = _option(120.0, "FAZHI_READER_TIMEOUT",
                                    "seconds one document may take to read before it is quarantined (0: no limit)")
    reader_memory: int = _option(2048, "FAZHI_READER_MEMORY",
                                 "megabytes of memory one document's reader may use before it is quarantined "
                                 "(0: no limit)")
    log_file: str = _option("", "FAZHI_LOG_FILE", "log file of the run (default: the warehouse's name with .log)",
                            flow=False)

    def flow_parameters(self) -> dict:
        """The options the flow takes as parameters (all but the command line's own)."""
        return {o.name: getattr(self, o.name) for o in RUN_OPTIONS if o.flow}


@dataclass(frozen=True)
class ServeOptions:
    """The schedule of `fazhi serve`."""

    cron: str = _option("0 3 * * *", "FAZHI_CRON", "cron schedule of the deployment")
    name: str = _option("scheduled", "FAZHI_DEPLOYMENT", "name of the deployment")


@dataclass(frozen=True)
class Option:
    """One option as the command line and the config file see it."""

    name: str
    env: str
    default: object
    kind: type
    help: str
    flow: bool

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


_KINDS = {"str": str, "int": int, "float": float, "bool": bool}


def options_of(cls) -> tuple[Option, ...]:
    """The Option of every field of an options dataclass, in order."""
    return tuple(Option(f.name, f.metadata["env"], f.default, _KINDS[f.type], f.metadata["help"], f.metadata["flow"])
                 for f in dataclasses.fields(cls))


RUN_OPTIONS = options_of(RunOptions)
SERVE_OPTIONS = options_of(ServeOptions)
DEFAULTS = RunOptions()
