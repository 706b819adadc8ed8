"""The `fazhi` command line: run, serve, query, export."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from fazhi.config import RUN_OPTIONS, SERVE_OPTIONS, load_file, resolve

# Prefect reads its settings when first imported: quiet, offline-friendly defaults
# for the embedded temporary server, each overridable from the environment.
_PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
# Libraries that log every oddity of a damaged input file; the quarantine table says what matters.
_NOISY_LOGGERS = ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "courlan", "charset_normalizer", "jieba",
                  "distributed", "bokeh")


def _quiet_libraries() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def _configure_prefect(verbose: bool) -> None:
    for key, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


def _print_summary(summary: dict, out=sys.stdout) -> None:
    out.write(
        f"fazhi: {summary['files']} files read from {summary['source']}\n"
        f"  new / changed    {summary['new']} / {summary['changed']}\n"
        f"  unchanged        {summary['unchanged']}\n"
        f"  removed          {summary['removed']}\n"
        f"  reports loaded   {summary['reports']}\n"
        f"  facts loaded     {summary['facts']}\n"
        f"  quarantined      {summary['quarantined']}\n"
        f"  time taken       {summary['seconds']:.1f} s (flow {summary['flow_seconds']:.1f} s, {summary['runner']})\n"
    )
    if summary["rebuild_reason"]:
        out.write(f"  rebuilt          {summary['rebuild_reason']}\n")
    out.write(f"  warehouse        {summary['db']}{'' if summary['wrote'] else ' (no changes, not written)'}\n")
    for q in summary["quarantine"]:
        out.write(f"  quarantined: {q['source_file']} [{q['stage']}] {q['reason']}\n")


def _settings(args: argparse.Namespace, options) -> dict:
    table = "run" if options is RUN_OPTIONS else "serve"
    return resolve(options, vars(args), load_file(args.config).get(table, {}))


def _check_source(source: str) -> str | None:
    if "://" not in source and not Path(source).exists():
        return f"source not found: {source}"
    return None


def cmd_run(args: argparse.Namespace) -> int:
    _configure_prefect(args.verbose)
    opts = _settings(args, RUN_OPTIONS)
    problem = _check_source(opts["source"])
    if problem:
        sys.stderr.write(f"fazhi: {problem}\n")
        return 2
    started = time.perf_counter()
    from flows.etl import etl_flow

    try:
        summary = etl_flow(**opts, show_progress=True)
    except Exception as exc:  # noqa: BLE001 - the user gets one clear line, the warehouse is unchanged
        sys.stderr.write(f"fazhi: run failed, warehouse left unchanged: {type(exc).__name__}: {exc}\n")
        return 1
    summary["seconds"] = round(time.perf_counter() - started, 2)
    _print_summary(summary)
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
    _configure_prefect(args.verbose)
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        sys.stderr.write(NO_SERVER)
        return 2
    run_opts = _settings(args, RUN_OPTIONS)
    serve_opts = _settings(args, SERVE_OPTIONS)
    problem = _check_source(run_opts["source"])
    if problem:
        sys.stderr.write(f"fazhi: {problem}\n")
        return 2
    from flows.etl import etl_flow

    sys.stdout.write(f"fazhi: serving deployment fazhi-etl/{serve_opts['name']} on cron {serve_opts['cron']!r} "
                     f"at {PREFECT_API_URL.value()} (Ctrl-C to stop)\n")
    sys.stdout.flush()
    etl_flow.serve(name=serve_opts["name"], cron=serve_opts["cron"], parameters=run_opts,
                   description="Scheduled fazhi ETL run", tags=["fazhi"])
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from fazhi.analysis import AnalysisError, analyses, describe, flatten_lists, run_analysis

    if args.name in (None, "list"):
        for name in analyses():
            sys.stdout.write(f"{name:28s} {describe(name)}\n")
        return 0
    params = {k: getattr(args, k) for k in ("indicator", "city", "agency", "year", "level", "term")}
    try:
        frame = run_analysis(args.db, args.name, params)
    except (AnalysisError, duckdb.Error) as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return 2
    if args.format == "csv":
        sys.stdout.write(flatten_lists(frame).write_csv())
    elif args.format == "json":
        sys.stdout.write(frame.write_json() + "\n")
    else:
        import polars as pl

        with pl.Config(tbl_rows=args.limit, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=200):
            sys.stdout.write(f"{frame}\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import duckdb

    from fazhi.analysis import AnalysisError, export_views

    try:
        written = export_views(args.db, args.dir, args.format)
    except (AnalysisError, duckdb.Error) as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return 2
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    return 0


def _add_options(parser: argparse.ArgumentParser, options) -> None:
    for opt in options:
        flag = "--" + opt.name.replace("_", "-")
        help_text = f"{opt.help} (env {opt.env}; default {opt.default!r})"
        if opt.kind is bool:
            parser.add_argument(flag, action="store_true", default=None, help=help_text)
        else:
            parser.add_argument(flag, type=opt.kind, default=None, help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description=__doc__)
    parser.add_argument("--config", help="TOML config file with [run] and [serve] tables (env FAZHI_CONFIG; "
                                         "default ./fazhi.toml when it exists)")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the ETL flow on a source of reports into a DuckDB file")
    _add_options(run, RUN_OPTIONS)
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", help="serve a scheduled deployment of the flow (needs a Prefect server)")
    _add_options(serve, RUN_OPTIONS)
    _add_options(serve, SERVE_OPTIONS)
    serve.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs")
    serve.set_defaults(func=cmd_serve)

    default_db = os.environ.get("FAZHI_DB", "data/warehouse.duckdb")
    query = sub.add_parser("query", help="answer a question of sql/analysis on the warehouse (read-only)")
    query.add_argument("name", nargs="?", help="analysis to run; omit or 'list' to list them")
    query.add_argument("--db", default=default_db, help="DuckDB warehouse file (env FAZHI_DB)")
    query.add_argument("--indicator", help="indicator code (see dim_indicator)")
    query.add_argument("--city", help="city or province name (苏州市, 辽宁省)")
    query.add_argument("--agency", help="part of an agency name (科学技术局)")
    query.add_argument("--year", type=int, help="report year")
    query.add_argument("--level", choices=["province", "city", "district", "county"], help="admin level")
    query.add_argument("--term", help="policy term code or Chinese term (see dim_policy_term)")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.add_argument("--limit", type=int, default=50, help="rows shown in table format (default 50)")
    query.set_defaults(func=cmd_query)

    export = sub.add_parser("export", help="write the export views as parquet or csv files")
    export.add_argument("dir", help="folder to write export_reports/sections/facts into")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    export.add_argument("--db", default=default_db, help="DuckDB warehouse file (env FAZHI_DB)")
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.captureWarnings(True)
    _quiet_libraries()
    try:
        return args.func(args)
    except FileNotFoundError as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return 2
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
