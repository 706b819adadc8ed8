"""One run, from start to summary: the one owner of what a run does around its flow.

`run(options)` is what `fazhi run` calls (the command line only parses and prints):

1. says at once when another run holds the warehouse (`--lock-timeout 0`), before Prefect starts;
2. skips Prefect altogether when nothing in a local folder is new, changed or removed (flows.quick);
3. starts Prefect's temporary server while it imports Prefect (flows.server), unless
   PREFECT_API_URL names one;
4. runs the flow (`flows.etl.etl_flow`), which holds the warehouse's writer lock from reading its
   state to the end of its publish: the flow is the lock's one holder, for `fazhi run` and for a
   served deployment alike;
5. turns SIGTERM/SIGINT at any stage into `RunCancelled` after cleaning up (flows.cancel), and a
   failed flow into `RunFailed` with one line to show.

`serve(options, schedule)` serves the flow as a scheduled deployment. Stdlib only at import:
Prefect is imported when a run needs it.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import time
from pathlib import Path

from flows import cancel, lock
from flows.options import RunOptions, ServeOptions
from flows.summary import RunSummary

# Prefect reads its settings when first imported: quiet, offline-friendly defaults
# for the embedded temporary server, each overridable from the environment.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # the client side of "no telemetry": without it Prefect prints its usage-data notice
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
# Libraries that log every oddity of a damaged input file; the quarantine table says what matters.
NOISY_LOGGERS = ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "courlan", "charset_normalizer", "jieba",
                 "distributed", "bokeh")
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
log = logging.getLogger("fazhi")


class RunFailed(RuntimeError):
    """The flow failed; the warehouse is as it was. `str()` is the one line to show."""


class RunCancelled(BaseException):
    """The run was stopped by a signal and cleaned up; `line` says so, `signum` gives the exit status."""

    def __init__(self, signum: int, line: str):
        super().__init__(line)
        self.signum, self.line = signum, line


def quiet_libraries() -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def configure_prefect(verbose: bool, console: bool = True) -> None:
    """Prefect's environment; with `console` false its log lines (tracebacks too) go only to the log file."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ.pop("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", None)
    elif not console:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "CRITICAL"


def log_file_of(opts: RunOptions) -> Path:
    """The run's log file: --log-file, else beside the warehouse (data/warehouse.duckdb -> data/warehouse.log)."""
    return Path(opts.log_file or Path(opts.db).with_suffix(".log"))


def _log_to_file(path: Path) -> None:
    """Every log line of the run (Prefect's, with tracebacks, and fazhi's) into `path`."""
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)


def cancelled_line(signum: int, db: str) -> str:
    return (f"fazhi: cancelled by {signal.Signals(signum).name} during {cancel.STAGE['name']}; "
            f"warehouse {db} left as it was, temporary files and lock removed")


def one_line(exc: BaseException, limit: int = 300) -> str:
    """`Type: first line of the message`, cut at `limit` characters: an API error can quote
    megabytes of its request on one line."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first[:limit] + '…' if len(first) > limit else first}"


def run(opts: RunOptions, verbose: bool = False, progress: bool = False) -> RunSummary:
    """Run fazhi once with `opts`; raises WarehouseBusyError, RunFailed or RunCancelled."""
    from flows import sandbox
    from flows.spool import remove_temporaries

    started = time.perf_counter()
    cancel.install(lambda signum: cancelled_line(signum, opts.db))
    for cleanup in (sandbox.close_all, remove_temporaries, lock.release_all):
        cancel.on_cancel(cleanup)
    try:
        summary = _run(opts, verbose, progress)
    except BaseException as exc:  # noqa: BLE001 - SIGINT/SIGTERM (ours or Prefect's TerminationSignal)
        signum = cancel.signal_of(exc)
        if signum is None or isinstance(exc, (RunFailed, lock.WarehouseBusyError)):
            raise  # a failure (one after the publish, when a stop was asked for, included), not a stop
        cancel.cleanup()
        raise RunCancelled(signum, cancelled_line(signum, opts.db)) from None
    summary.seconds = round(time.perf_counter() - started, 2)
    if cancel.requested() is not None:
        summary.warnings.append(f"{signal.Signals(cancel.requested()).name} came after the warehouse was published: "
                                "the run completed")
    return summary


def _run(opts: RunOptions, verbose: bool, progress: bool) -> RunSummary:
    # A busy warehouse is reported at once, not after Prefect's start-up (the flow takes the lock).
    cancel.stage("waiting for the warehouse lock")
    warnings = _tidy(opts.db, busy_is_error=opts.lock_timeout == 0)
    cancel.stage("checking for changes")
    from flows.quick import unchanged_summary

    # A run that collects first may find new reports: the flow finds out.
    quick = None if opts.collect else unchanged_summary(opts.source, opts.db, opts.full_refresh)
    if quick is not None:
        quick.warnings = warnings
        return quick
    cancel.stage("starting Prefect")
    configure_prefect(verbose, console=False)
    # Prefect's temporary server starts now, in its own process, while this one imports Prefect.
    from flows.server import ServerError, start_temporary_server

    server = start_temporary_server()
    from flows.etl import etl_flow

    log_file = log_file_of(opts)
    _log_to_file(log_file)
    quiet_libraries()
    log.setLevel(logging.INFO)
    log.info("fazhi run %s", opts)
    try:
        if server is not None:
            try:
                server.wait_ready()
            except ServerError as exc:
                # Let Prefect start its own temporary server (it says why if it cannot either).
                log.warning("%s; Prefect starts its own", exc)
                os.environ.pop("PREFECT_API_URL", None)
                server.stop()
        summary = RunSummary.from_dict(etl_flow(**opts.flow_parameters(), show_progress=progress))
    except lock.WarehouseBusyError:
        raise
    except Exception as exc:  # noqa: BLE001 - the user gets one clear line, the log file the traceback
        if cancel.requested() is not None and not cancel.committed():
            raise cancel.RunCancelled(cancel.requested()) from exc
        log.exception("run failed")
        detail = "" if verbose else f" (details in {log_file})"
        if type(exc).__name__ == "OutOfMemoryException":
            from flows.load import LOAD_MEMORY_ENV, load_memory_limit

            detail += f"; DuckDB may use {load_memory_limit()} for the load: raise it with {LOAD_MEMORY_ENV}=1GB"
        raise RunFailed(f"run failed, warehouse left unchanged: {one_line(exc)}{detail}") from exc
    summary.warnings = warnings + summary.warnings
    return summary


def _tidy(db: str, busy_is_error: bool) -> list[str]:
    """Hold the writer lock for a moment to put right what a killed run left (flows.warehouse.tidy:
    an interrupted commit, copies, spools; the lock file goes as the lock is released), so that a run
    with nothing to do, which never starts the flow, cleans up too. A busy warehouse raises
    WarehouseBusyError when `busy_is_error`, else is left to the run holding it."""
    try:
        stale = lock.acquire(db, 0)
    except lock.WarehouseBusyError:
        if busy_is_error:
            raise
        return []
    try:
        from flows.warehouse import tidy

        return ([stale] if stale else []) + tidy(db)
    finally:
        lock.release(db)


def serve(opts: RunOptions, schedule: ServeOptions, verbose: bool = False, on_ready=None) -> bool:
    """Serve the flow as the deployment `fazhi-etl/NAME` on `schedule` until stopped; `on_ready(api_url)`
    is called first. False, at once, when no Prefect server is configured: a schedule needs one that
    stays up (PREFECT_API_URL), which Prefect's temporary server is not."""
    configure_prefect(verbose)
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        return False
    from flows.etl import etl_flow

    if on_ready is not None:
        on_ready(url)
    etl_flow.serve(name=schedule.name, cron=schedule.cron, parameters=opts.flow_parameters(),
                   description="Scheduled fazhi ETL run", tags=["fazhi"])
    return True
