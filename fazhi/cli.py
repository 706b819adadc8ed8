"""The `fazhi` command line."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

# Prefect reads its settings when first imported: quiet, offline-friendly defaults
# for the embedded temporary server, each overridable from the environment.
_PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


# Libraries that log every oddity of a damaged input file; the quarantine table says what matters.
_NOISY_LOGGERS = ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "courlan", "charset_normalizer", "jieba")


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
        f"  time taken       {summary['seconds']:.1f} s (flow {summary['flow_seconds']:.1f} s)\n"
    )
    if summary["rebuild_reason"]:
        out.write(f"  rebuilt          {summary['rebuild_reason']}\n")
    out.write(f"  warehouse        {summary['db']}{'' if summary['wrote'] else ' (no changes, not written)'}\n")
    for q in summary["quarantine"]:
        out.write(f"  quarantined: {q['source_file']} [{q['stage']}] {q['reason']}\n")


def cmd_run(args: argparse.Namespace) -> int:
    _configure_prefect(args.verbose)
    source = args.source
    if "://" not in source and not Path(source).exists():
        sys.stderr.write(f"fazhi: source not found: {source}\n")
        return 2
    started = time.perf_counter()
    from flows.etl import etl_flow

    try:
        summary = etl_flow(source=source, db=str(args.db), batch_size=args.batch_size, full_refresh=args.full_refresh)
    except Exception as exc:  # noqa: BLE001 - the user gets one clear line, the warehouse is unchanged
        sys.stderr.write(f"fazhi: run failed, warehouse left unchanged: {type(exc).__name__}: {exc}\n")
        return 1
    summary["seconds"] = round(time.perf_counter() - started, 2)
    _print_summary(summary)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from fazhi.analysis import AnalysisError, analyses, describe, flatten_lists, run_analysis

    if args.name in (None, "list"):
        for name in analyses():
            sys.stdout.write(f"{name:28s} {describe(name)}\n")
        return 0
    params = {k: getattr(args, k) for k in ("indicator", "city", "agency", "year", "level", "term")}
    try:
        frame = run_analysis(args.db, args.name, params)
    except (AnalysisError, duckdb_errors()) as exc:
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
    from fazhi.analysis import export_views

    try:
        written = export_views(args.db, args.dir, args.format)
    except duckdb_errors() as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return 2
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    return 0


def duckdb_errors() -> type[Exception]:
    import duckdb

    return duckdb.Error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the ETL flow on a folder of reports into a DuckDB file")
    run.add_argument("--source", default=os.environ.get("FAZHI_SOURCE", "data/raw"),
                     help="folder of reports (read recursively), a .urls/.txt file listing http(s) URLs, "
                          "or an fsspec URL such as s3://bucket/reports (env FAZHI_SOURCE; default data/raw)")
    run.add_argument("--db", default=os.environ.get("FAZHI_DB", "data/warehouse.duckdb"),
                     help="DuckDB warehouse file (env FAZHI_DB; default data/warehouse.duckdb)")
    run.add_argument("--batch-size", type=int, default=int(os.environ.get("FAZHI_BATCH_SIZE", "100")),
                     help="documents per task run (env FAZHI_BATCH_SIZE; default 100)")
    run.add_argument("--full-refresh", action="store_true", default=os.environ.get("FAZHI_FULL_REFRESH") == "1",
                     help="rebuild the warehouse from all files, not only new and changed ones (env FAZHI_FULL_REFRESH=1)")
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs")
    run.set_defaults(func=cmd_run)

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
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
