"""The `fazhi` command line: run, serve, query, export, indicators, terms.

Exit status: 0 done; 1 the run failed (warehouse unchanged) or a query parameter names
nothing the warehouse knows; 2 an option or file cannot be used (checked before Prefect
starts); 3 another run is writing the warehouse.
"""
from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import signal
import sys
import time
from pathlib import Path

from fazhi.config import CLI_ONLY, RUN_OPTIONS, SERVE_OPTIONS, ConfigError, default_log_file, load_file, option, resolve

EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 1, 2, 3

# Prefect reads its settings when first imported: quiet, offline-friendly defaults
# for the embedded temporary server, each overridable from the environment.
_PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # the client side of "no telemetry": without it Prefect prints its usage-data notice
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
# Libraries that log every oddity of a damaged input file; the quarantine table says what matters.
_NOISY_LOGGERS = ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "courlan", "charset_normalizer", "jieba",
                  "distributed", "bokeh")
_LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def _quiet_libraries() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def _configure_prefect(verbose: bool, console: bool = True) -> None:
    """Prefect's environment; with `console` false its log lines (tracebacks too) go only to the log file."""
    for key, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ.pop("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", None)
    elif not console:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "CRITICAL"


def _log_to_file(path: Path) -> None:
    """Every log line of the run (Prefect's, with tracebacks, and fazhi's) into `path`."""
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)


def _print_summary(summary: dict, out=None) -> None:
    out = out or sys.stdout
    out.write(
        f"fazhi: {summary['files']} files read from {summary['source']}\n"
        f"  new / changed    {summary['new']} / {summary['changed']}\n"
        f"  unchanged        {summary['unchanged']}\n"
        f"  removed          {summary['removed']}\n"
        f"  reports loaded   {summary['reports']}\n"
        f"  facts loaded     {summary['facts']}\n"
        f"  quarantined      {summary['quarantined']}\n"
        f"  time taken       {summary['seconds']:.1f} s " + (
            f"(nothing changed: checked in {summary['flow_seconds']:.1f} s, Prefect not started)\n"
            if summary["runner"].startswith("none") else f"(flow {summary['flow_seconds']:.1f} s, {summary['runner']})\n")
    )
    if summary["rebuild_reason"]:
        out.write(f"  rebuilt          {summary['rebuild_reason']}\n")
    out.write(f"  warehouse        {summary['db']}{'' if summary['wrote'] else ' (no changes, not written)'}\n")
    for q in summary["quarantine"]:
        out.write(f"  quarantined: {q['source_file']} [{q['stage']}] {q['reason']}\n")
    db = summary["db"]
    db_flag = "" if str(db) == option("db").default else f" --db {db}"
    steps = [(f"fazhi query{db_flag}", "the questions it answers (coverage, timeliness ...)"),
             (f"fazhi query coverage{db_flag}", "which agencies reported in which years"),
             (f"fazhi report{db_flag} --out report.html", "charts and every fact in one HTML file")]
    width = max(len(cmd) for cmd, _ in steps)
    out.write("next:\n" + "".join(f"  {cmd.ljust(width)}   {what}\n" for cmd, what in steps))


def _config_table(args: argparse.Namespace, table: str) -> dict:
    return load_file(args.config).get(table, {})


def _settings(args: argparse.Namespace, options, table: str) -> dict:
    return resolve(options, vars(args), _config_table(args, table))


def _fail(message: str, status: int) -> int:
    sys.stderr.write(f"fazhi: {message}\n")
    return status


def _checked_run_options(args: argparse.Namespace) -> tuple[dict, Path] | int:
    """The run options and log file, or an exit status after saying what is wrong (no Prefect yet)."""
    from fazhi.checks import run_problems

    opts = _settings(args, RUN_OPTIONS, "run")
    log_file = Path(opts.pop("log_file") or default_log_file(opts["db"]))
    problems = run_problems(opts, log_file)
    if problems:
        return _fail("; ".join(problems), EXIT_USAGE)
    return opts, log_file


def cmd_run(args: argparse.Namespace) -> int:
    from flows import cancel, lock, sandbox
    from flows.warehouse import remove_temporaries

    checked = _checked_run_options(args)
    if isinstance(checked, int):
        return checked
    opts, log_file = checked
    started = time.perf_counter()
    db = opts["db"]
    cancel.install(lambda signum: _cancelled_line(signum, db))
    cancel.on_cancel(sandbox.close_all)
    cancel.on_cancel(remove_temporaries)
    cancel.on_cancel(lock.release_all)
    try:
        return _run(args, opts, log_file, started)
    except BaseException as exc:  # noqa: BLE001 - SIGINT/SIGTERM (ours or Prefect's TerminationSignal)
        signum = cancel.signal_of(exc)
        if signum is None:
            raise
        cancel.cleanup()
        sys.stdout.flush()
        sys.stderr.write(_cancelled_line(signum, db) + "\n")
        sys.stderr.flush()
        # Worker threads may still be computing a batch: do not wait for them.
        os._exit(128 + signum)


def one_line(exc: BaseException, limit: int = 300) -> str:
    """`Type: first line of the message`, cut at `limit` characters: an API error can quote
    megabytes of its request on one line."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first[:limit] + '…' if len(first) > limit else first}"


def _cancelled_line(signum: int, db: str) -> str:
    from flows import cancel

    return (f"fazhi: cancelled by {signal.Signals(signum).name} during {cancel.STAGE['name']}; "
            f"warehouse {db} left as it was, temporary files and lock removed")


def _run(args: argparse.Namespace, opts: dict, log_file: Path, started: float) -> int:
    from flows import cancel, lock

    # The lock before Prefect starts: a busy warehouse is reported at once, not after Prefect's start-up.
    cancel.stage("waiting for the warehouse lock")
    try:
        warning = lock.acquire(opts["db"], opts["lock_timeout"])
    except lock.WarehouseBusyError as exc:
        return _fail(f"{exc}; try again when it has finished, or wait for it with --lock-timeout SECONDS",
                     EXIT_BUSY)
    try:
        if warning:
            sys.stderr.write(f"fazhi: warning: {warning}\n")
        # Nothing new, changed or removed: say so without paying for Prefect's start-up.
        cancel.stage("checking for changes")
        from flows.quick import unchanged_summary

        quick = unchanged_summary(opts["source"], opts["db"], opts["full_refresh"])
        if quick is not None:
            quick["seconds"] = round(time.perf_counter() - started, 2)
            _print_summary(quick)
            return 0
        cancel.stage("starting Prefect")
        _configure_prefect(args.verbose, console=False)
        # Prefect's temporary server starts now, in its own process, while this one imports Prefect.
        from flows.server import ServerError, start_temporary_server

        server = start_temporary_server()
        from flows.etl import etl_flow

        _log_to_file(log_file)
        _quiet_libraries()
        logging.getLogger("fazhi").setLevel(logging.INFO)
        logging.getLogger("fazhi").info("fazhi run %s", opts)
        try:
            if server is not None:
                try:
                    server.wait_ready()
                except ServerError as exc:
                    # Let Prefect start its own temporary server (it says why if it cannot either).
                    logging.getLogger("fazhi").warning("%s; Prefect starts its own", exc)
                    os.environ.pop("PREFECT_API_URL", None)
                    server.stop()
                    server = None
            summary = etl_flow(**opts, show_progress=True)
        except Exception as exc:  # noqa: BLE001 - the user gets one clear line, the log file the traceback
            if cancel.requested() is not None and not cancel.committed():
                raise cancel.RunCancelled(cancel.requested()) from exc
            logging.getLogger("fazhi").exception("run failed")
            detail = "" if args.verbose else f" (details in {log_file})"
            if type(exc).__name__ == "OutOfMemoryException":
                from flows.warehouse import LOAD_MEMORY_ENV, load_memory_limit

                detail += f"; DuckDB may use {load_memory_limit()} for the load: raise it with {LOAD_MEMORY_ENV}=1GB"
            return _fail(f"run failed, warehouse left unchanged: {one_line(exc)}{detail}",
                         EXIT_FAILED)
    finally:
        lock.release(opts["db"])
    summary["seconds"] = round(time.perf_counter() - started, 2)
    _print_summary(summary)
    if cancel.requested() is not None:
        name = signal.Signals(cancel.requested()).name
        sys.stdout.write(f"  note             {name} came after the warehouse was published: the run completed\n")
    return 0


NO_SERVER = """fazhi: cannot schedule runs: no Prefect server is configured.
Prefect's temporary server (what `fazhi run` uses) lives only as long as one run, so it cannot
hold a schedule. Start a server and point fazhi at it:

    .venv/bin/prefect server start            # in another terminal; UI on http://127.0.0.1:4200
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    .venv/bin/fazhi serve --cron "0 3 * * *"

or set PREFECT_API_URL (and PREFECT_API_KEY) to a remote Prefect server or Prefect Cloud.
"""


def cmd_serve(args: argparse.Namespace) -> int:
    checked = _checked_run_options(args)
    if isinstance(checked, int):
        return checked
    run_opts, _ = checked
    serve_opts = _settings(args, SERVE_OPTIONS, "serve")
    _configure_prefect(args.verbose)
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        sys.stderr.write(NO_SERVER)
        return EXIT_USAGE
    from flows.etl import etl_flow

    sys.stdout.write(f"fazhi: serving deployment fazhi-etl/{serve_opts['name']} on cron {serve_opts['cron']!r} "
                     f"at {PREFECT_API_URL.value()} (Ctrl-C to stop)\n")
    sys.stdout.flush()
    etl_flow.serve(name=serve_opts["name"], cron=serve_opts["cron"], parameters=run_opts,
                   description="Scheduled fazhi ETL run", tags=["fazhi"])
    return 0


def _db(args: argparse.Namespace) -> str:
    """--db, else FAZHI_DB, else `db` of the config file's [run] table, else the default."""
    return resolve((option("db"),), {"db": args.db}, _config_table(args, "run"))["db"]


def _show(frame, args: argparse.Namespace) -> None:
    from fazhi.output import render

    sys.stdout.write(render(frame, args.format, limit=args.limit))


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from fazhi.analysis import AnalysisError, UnknownValueError, analyses, describe, run_analysis

    if args.name in (None, "list"):
        for name in analyses():
            sys.stdout.write(f"{name:28s} {describe(name)}\n")
        return 0
    params = {k: getattr(args, k) for k in ("indicator", "city", "agency", "year", "level", "term")}
    try:
        frame = run_analysis(_db(args), args.name, params)
    except UnknownValueError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except (AnalysisError, duckdb.Error) as exc:
        return _fail(str(exc), EXIT_USAGE)
    if frame.height == 0 and args.format == "table":
        from fazhi.analysis import explain_empty

        sys.stdout.write(explain_empty(_db(args), args.name, params) + "\n")
        return 0
    _show(frame, args)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    import duckdb

    from fazhi.analysis import AnalysisError, listing

    try:
        frame = listing(_db(args), args.command)
    except (AnalysisError, duckdb.Error) as exc:
        return _fail(str(exc), EXIT_USAGE)
    _show(frame, args)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import duckdb

    from fazhi.analysis import AnalysisError, export_views

    try:
        written = export_views(_db(args), args.dir, args.format, bom=not args.no_bom)
    except (AnalysisError, duckdb.Error) as exc:
        return _fail(str(exc), EXIT_USAGE)
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    return 0


def _filters(args: argparse.Namespace) -> dict:
    return {k: getattr(args, k, None) for k in ("city", "agency", "year", "level")}


def cmd_report(args: argparse.Namespace) -> int:
    import duckdb

    from fazhi.analysis import AnalysisError, UnknownValueError
    from fazhi.report import write_report

    try:
        result = write_report(_db(args), args.out, _filters(args), max_reports=args.max_reports)
    except UnknownValueError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except (AnalysisError, duckdb.Error) as exc:
        return _fail(str(exc), EXIT_USAGE)
    sys.stdout.write(f"wrote {result.path} ({result.bytes / 1e6:.1f} MB): {result.reports} reports, "
                     f"{result.facts} facts, {len(result.charts)} charts, {result.report_pages} report pages; "
                     f"open it in a browser (it needs no network)\n")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from fazhi.synth import generate

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    try:
        summary = generate(args.out, args.n, seed=args.seed, formats=formats, gold_dir=args.gold,
                           years=_year_span(args.years))
    except (ValueError, OSError) as exc:
        return _fail(f"synth: {exc}", EXIT_USAGE)
    sys.stdout.write(f"{summary}\n")
    return 0


def _year_span(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    if not (first.isdigit() and (not last or last.isdigit())):
        raise ConfigError(f"--years takes FIRST-LAST (2016-2025), not {text!r}")
    return int(first), int(last or first)


DEMO_NOTE = ("fazhi demo: the reports in {dir} are SYNTHETIC (written by fazhi synth from templates: real region "
             "names, invented agencies' figures); use them to see what fazhi shows, not as data")


def cmd_demo(args: argparse.Namespace) -> int:
    """Synthetic reports of several agencies over several years, loaded and reported: one command."""
    from fazhi.report import write_report
    from fazhi.synth import generate

    base = Path(args.dir)
    reports, gold, db = base / "reports", base / "gold", base / "demo.duckdb"
    out = Path(args.out) if args.out else base / "report.html"
    sys.stdout.write(DEMO_NOTE.format(dir=reports) + "\n")
    summary = generate(reports, args.n, seed=args.seed, formats=("txt", "html", "docx"), gold_dir=gold,
                       years=_year_span(args.years))
    sys.stdout.write(f"{summary}\n")
    status = main(["run", "--source", str(reports), "--db", str(db), *(["-v"] if args.verbose else [])])
    if status != 0:
        return status
    result = write_report(db, out, demo=True)
    sys.stdout.write(f"fazhi demo: wrote {result.path}: {result.reports} reports, {result.facts} facts, "
                     f"{len(result.charts)} charts\n"
                     f"  open it in a browser, or ask the demo warehouse: fazhi query timeliness --db {db}\n")
    if args.open:
        import webbrowser

        webbrowser.open(result.path.resolve().as_uri())
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", help="city or province name (苏州市, 辽宁省)")
    parser.add_argument("--agency", help="part of an agency name (科学技术局)")
    parser.add_argument("--year", type=int, help="report year")
    parser.add_argument("--level", choices=["province", "city", "district", "county"], help="admin level")


def _add_options(parser: argparse.ArgumentParser, options) -> None:
    for opt in options:
        flag = "--" + opt.name.replace("_", "-")
        help_text = f"{opt.help} (env {opt.env}; default {opt.default!r})"
        if opt.kind is bool:
            parser.add_argument(flag, action="store_true", default=None, help=help_text)
        else:
            # Strings here, converted (with a clear message) once the flag/env/file layers are merged.
            parser.add_argument(flag, default=None, help=help_text)


def _add_config(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: given after the subcommand it is used, absent it leaves the one before the subcommand alone.
    parser.add_argument("--config", default=argparse.SUPPRESS,
                        help="TOML config file with [run] and [serve] tables (env FAZHI_CONFIG; "
                             "default ./fazhi.toml when it exists)")


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table",
                        help="table (fits the terminal; long text cut with …), or every row and column as "
                             "csv, json or markdown")
    parser.add_argument("--limit", type=int, default=50, help="rows shown in table format (default 50)")


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None,
                        help="DuckDB warehouse file (env FAZHI_DB; else [run] db of the config file; "
                             "default data/warehouse.duckdb)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", help="TOML config file with [run] and [serve] tables (env FAZHI_CONFIG; "
                                         "default ./fazhi.toml when it exists)")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the ETL flow on a source of reports into a DuckDB file")
    _add_options(run, RUN_OPTIONS)
    _add_config(run)
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's log lines and tracebacks")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", help="serve a scheduled deployment of the flow (needs a Prefect server)")
    _add_options(serve, [o for o in RUN_OPTIONS if o.name not in CLI_ONLY])
    _add_options(serve, SERVE_OPTIONS)
    _add_config(serve)
    serve.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs")
    serve.set_defaults(func=cmd_serve, log_file=None)

    query = sub.add_parser("query", help="answer a question of sql/analysis on the warehouse (read-only)")
    query.add_argument("name", nargs="?", help="analysis to run; omit or 'list' to list them")
    _add_db(query)
    _add_config(query)
    query.add_argument("--indicator", help="indicator code (`fazhi indicators` lists them)")
    _add_filters(query)
    query.add_argument("--term", help="policy term code or Chinese term (`fazhi terms` lists them)")
    _add_output(query)
    query.set_defaults(func=cmd_query)

    for name, what in (("indicators", "indicator codes, labels and the number of facts of each"),
                       ("terms", "policy-term codes, terms and how often the reports use them")):
        lister = sub.add_parser(name, help=f"list the {what}")
        _add_db(lister)
        _add_config(lister)
        _add_output(lister)
        lister.set_defaults(func=cmd_list)

    report = sub.add_parser("report", help="write a self-contained HTML report with charts (opens offline)")
    report.add_argument("--out", default="report.html", help="HTML file to write (default report.html)")
    report.add_argument("--max-reports", type=int, default=300,
                        help="reports given a page of their own, latest first (default 300)")
    _add_db(report)
    _add_config(report)
    _add_filters(report)
    report.set_defaults(func=cmd_report)

    synth = sub.add_parser("synth", help="write a labelled synthetic corpus of reports (for benchmarks and demos)")
    synth.add_argument("--out", required=True, help="folder for the reports (a source for `fazhi run`)")
    synth.add_argument("--n", type=int, default=200, help="number of reports (default 200)")
    synth.add_argument("--seed", type=int, default=0, help="the same seed writes the same bytes (default 0)")
    synth.add_argument("--formats", default="txt,html,docx", help="comma-separated: txt, html, docx, pdf")
    synth.add_argument("--gold", default=None, help="folder for the gold answers (default <out>-gold)")
    synth.add_argument("--years", default="2016-2025", help="report years FIRST-LAST (default 2016-2025)")
    synth.set_defaults(func=cmd_synth)

    demo = sub.add_parser("demo", help="build a clearly labelled synthetic warehouse and its HTML report")
    demo.add_argument("--dir", default="data/demo", help="folder for the demo's reports, warehouse and report "
                                                          "(default data/demo)")
    demo.add_argument("--n", type=int, default=240, help="number of synthetic reports (default 240)")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--years", default="2017-2024", help="report years FIRST-LAST (default 2017-2024)")
    demo.add_argument("--out", default=None, help="HTML report to write (default DIR/report.html)")
    demo.add_argument("--open", action="store_true", help="open the report in the default browser")
    demo.add_argument("-v", "--verbose", action="store_true")
    demo.set_defaults(func=cmd_demo)

    export = sub.add_parser("export", help="write the export views as parquet, csv or an Excel workbook")
    export.add_argument("dir", help="folder to write export_reports/sections/facts into")
    export.add_argument("--format", choices=["parquet", "csv", "xlsx"], default="parquet",
                        help="parquet or csv: a file per view; xlsx: fazhi_export.xlsx with a sheet per view "
                             "and a README sheet describing the columns")
    export.add_argument("--no-bom", action="store_true",
                        help="CSV without the UTF-8 byte-order mark (kept by default so Excel reads Chinese)")
    _add_db(export)
    _add_config(export)
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.captureWarnings(True)
    _quiet_libraries()
    try:
        return args.func(args)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except FileNotFoundError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
