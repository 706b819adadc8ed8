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
        f"  reports loaded   {summary['reports']}\n"
        f"  sections         {summary['sections']}\n"
        f"  facts loaded     {summary['facts']}\n"
        f"  quarantined      {summary['quarantined']}\n"
        f"  time taken       {summary['seconds']:.1f} s (flow {summary['flow_seconds']:.1f} s)\n"
        f"  warehouse        {summary['db']}\n"
    )
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
        summary = etl_flow(source=source, db=str(args.db), batch_size=args.batch_size)
    except Exception as exc:  # noqa: BLE001 - the user gets one clear line, the warehouse is unchanged
        sys.stderr.write(f"fazhi: run failed, warehouse left unchanged: {type(exc).__name__}: {exc}\n")
        return 1
    summary["seconds"] = round(time.perf_counter() - started, 2)
    _print_summary(summary)
    return 0


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
    run.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.captureWarnings(True)
    _quiet_libraries()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
