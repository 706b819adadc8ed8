"""The `fazhi` command line: run, collect, serve, config, query, indicators, terms, report, synth, demo, export.

This module parses; fazhi.commands does what each subcommand says and prints.

Exit status: 0 done; 1 the run failed (warehouse unchanged) or a query parameter names
nothing the warehouse knows; 2 an option or file cannot be used (checked before Prefect
starts); 3 another run is writing the warehouse.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from fazhi.commands import (
    EXIT_USAGE,
    _fail,
    cmd_collect,
    cmd_config,
    cmd_demo,
    cmd_export,
    cmd_list,
    cmd_query,
    cmd_report,
    cmd_run,
    cmd_serve,
    cmd_synth,
)
from fazhi.config import RUN_OPTIONS, SERVE_OPTIONS, ConfigError
from flows.crawl import DEFAULT_BUDGET, DEFAULT_DELAY, DEFAULT_RETRIES, DEFAULT_TIMEOUT
from flows.options import DEFAULTS
from flows.run import quiet_libraries


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

    collect = sub.add_parser("collect", help="crawl the portals' report columns into a folder that `fazhi run` reads")
    collect.add_argument("--columns", required=True,
                         help="CSV of column URLs: url, and optionally agency, region_code, family, items, next_page")
    collect.add_argument("--out", required=True, help="folder for the reports, manifest.csv and .fazhi-crawl/")
    collect.add_argument("--delay", type=float, default=DEFAULT_DELAY,
                         help="seconds between two requests to one host (default %(default)s; robots.txt may ask "
                              "for more)")
    collect.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                         help="seconds to wait for an answer (default %(default)s)")
    collect.add_argument("--retries", type=int, default=DEFAULT_RETRIES,
                         help="tries on a 5xx answer or a time-out (default %(default)s)")
    collect.add_argument("--budget", type=int, default=DEFAULT_BUDGET,
                         help="requests per column at most (default %(default)s)")
    collect.add_argument("--user-agent", default=None, help="User-Agent header (default names fazhi)")
    collect.add_argument("--no-prefect", action="store_true", help="crawl in this process, without Prefect")
    collect.add_argument("-v", "--verbose", action="store_true", help="show Prefect's log lines")
    collect.set_defaults(func=cmd_collect)

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
    query.add_argument("--columns", help="CSV of column URLs (url,agency,region_code), the expected publishers "
                                         "of `fazhi query missing`")
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
