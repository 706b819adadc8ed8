"""The `fazhi` command line: run, serve, query, export, indicators, terms.

Exit status: 0 done; 1 the run failed (warehouse unchanged) or a query parameter names
nothing the warehouse knows; 2 an option or file cannot be used (checked before Prefect
starts); 3 another run is writing the warehouse.
"""
from __future__ import annotations

import argparse
import logging
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
from flows.run import quiet_libraries

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
                             f"default {DEFAULTS.db})")


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
    _add_options(serve, [o for o in RUN_OPTIONS if o.flow])
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

    config = sub.add_parser("config", help="show every option's value and where it comes from "
                                           "(flag, environment, config file or default)")
    config.add_argument("--get", metavar="NAME", help="print only this option's value (e.g. db)")
    _add_config(config)
    config.set_defaults(func=cmd_config)

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
    quiet_libraries()
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
