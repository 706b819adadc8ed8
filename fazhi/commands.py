"""What each `fazhi` subcommand does, given its parsed arguments: it reads its settings, calls the
library (flows.run, fazhi.analysis, fazhi.report, fazhi.synth) and prints. The parser is in fazhi.cli.

Exit status: 0 done; 1 the run failed (warehouse unchanged) or a query parameter names nothing the
warehouse knows; 2 an option or file cannot be used (checked before Prefect starts); 3 another run
is writing the warehouse.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fazhi.config import (
    RUN_OPTIONS,
    SERVE_OPTIONS,
    ConfigError,
    config_path,
    load_file,
    resolve,
    resolved,
    run_options,
    serve_options,
)
from flows.options import DEFAULTS

EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 1, 2, 3


def _config_table(args: argparse.Namespace, table: str) -> dict:
    return load_file(args.config).get(table, {})


def _fail(message: str, status: int) -> int:
    sys.stderr.write(f"fazhi: {message}\n")
    return status


def _checked_run_options(args: argparse.Namespace):
    """The run's options, or an exit status after saying what is wrong (checked before Prefect starts)."""
    from fazhi.checks import run_problems

    opts = run_options(vars(args), _config_table(args, "run"))
    problems = run_problems(opts)
    if problems:
        return _fail("; ".join(problems), EXIT_USAGE)
    return opts


def cmd_run(args: argparse.Namespace) -> int:
    from flows.lock import WarehouseBusyError
    from flows.run import RunCancelled, RunFailed, run

    opts = _checked_run_options(args)
    if isinstance(opts, int):
        return opts
    try:
        summary = run(opts, verbose=args.verbose, progress=True)
    except WarehouseBusyError as exc:
        return _fail(f"{exc}; try again when it has finished, or wait for it with --lock-timeout SECONDS", EXIT_BUSY)
    except RunFailed as exc:
        return _fail(str(exc), EXIT_FAILED)
    except RunCancelled as exc:
        sys.stdout.flush()
        sys.stderr.write(exc.line + "\n")
        sys.stderr.flush()
        # Worker threads may still be computing a batch: do not wait for them.
        os._exit(128 + exc.signum)
    for warning in summary.warnings:
        sys.stderr.write(f"fazhi: warning: {warning}\n")
    sys.stdout.write(summary.text(DEFAULTS.db))
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    """Crawl the columns of --columns into --out; failures are recorded there and do not stop the crawl."""
    from flows.crawl.crawl import ColumnsError, crawl, read_columns
    from flows.crawl.fetch import USER_AGENT, Politeness

    try:
        columns = read_columns(args.columns)
    except ColumnsError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if args.delay < 0 or args.timeout <= 0 or args.retries < 1 or args.budget < 1:
        return _fail("--delay must be 0 or more, --timeout above 0, --retries and --budget 1 or more", EXIT_USAGE)
    settings = {"delay": args.delay, "timeout": args.timeout, "retries": args.retries, "budget": args.budget,
                "user_agent": args.user_agent or USER_AGENT}
    if args.no_prefect:
        polite = Politeness.of(args.delay, args.timeout, args.retries, settings["user_agent"])
        summary = crawl(columns, args.out, polite, args.budget)
    else:
        from flows.crawl.crawl import collect_with_prefect

        summary = collect_with_prefect(str(Path(args.columns).resolve()), str(Path(args.out).resolve()), verbose=args.verbose,
                          **settings)
    sys.stdout.write(summary.text())
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
    from flows.run import serve

    opts = _checked_run_options(args)
    if isinstance(opts, int):
        return opts
    schedule = serve_options(vars(args), _config_table(args, "serve"))

    def announce(url: str) -> None:
        sys.stdout.write(f"fazhi: serving deployment fazhi-etl/{schedule.name} on cron {schedule.cron!r} "
                         f"at {url} (Ctrl-C to stop)\n")
        sys.stdout.flush()

    if not serve(opts, schedule, verbose=args.verbose, on_ready=announce):
        sys.stderr.write(NO_SERVER)
        return EXIT_USAGE
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Each option's value and where it came from (flag, environment, config file, default)."""
    file, explicit = config_path(args.config)
    tables = load_file(args.config)
    rows = [(f"[{table}] {opt.name}", value, origin)
            for table, options in (("run", RUN_OPTIONS), ("serve", SERVE_OPTIONS))
            for opt, value, origin in resolved(options, {}, tables.get(table, {}))]
    if args.get:
        value = next((v for name, v, _ in rows if name.split()[-1] == args.get), None)
        if value is None and args.get not in {o.name for o in RUN_OPTIONS + SERVE_OPTIONS}:
            return _fail(f"no option {args.get!r}: one of {', '.join(o.name for o in RUN_OPTIONS + SERVE_OPTIONS)}",
                         EXIT_USAGE)
        sys.stdout.write(f"{value}\n")
        return 0
    found = "read" if file.exists() else ("not found" if explicit else "none (./fazhi.toml does not exist)")
    sys.stdout.write(f"config file: {file} ({found})\n")
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        sys.stdout.write(f"  {name.ljust(width)}  {value!r:32}  {origin}\n")
    return 0


def _db(args: argparse.Namespace) -> str:
    """--db, else FAZHI_DB, else `db` of the config file's [run] table, else the default."""
    db_option = next(o for o in RUN_OPTIONS if o.name == "db")
    return resolve((db_option,), {"db": args.db}, _config_table(args, "run"))["db"]


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
    params["columns"] = str(Path(args.columns).resolve()) if args.columns else None
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
    from fazhi.cli import main

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
