"""A crawl without Prefect: the column list read, each host's columns walked in turn (hosts side by
side), the manifest written. flows/collect.py runs the same steps as a Prefect flow.

The column list is a CSV with a `url` column and optional `agency`, `region_code` and, per column,
the overrides `family`, `items` (a selector of the list's items) and `next_page` (a page template).
"""
from __future__ import annotations

import csv
import io
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flows.crawl import DEFAULT_BUDGET
from flows.crawl.fetch import Fetcher, Politeness
from flows.crawl.state import CrawlState
from flows.crawl.walk import Column, ColumnResult, ColumnWalk
from flows.sources import MANIFEST, MANIFEST_COLUMNS

log = logging.getLogger("fazhi")
COLUMN_FIELDS = ("url", "agency", "region_code", "family", "items", "next_page")


class ColumnsError(ValueError):
    """The column list cannot be used; the message gives the line at fault."""


@dataclass
class CollectSummary:
    out: str
    run_id: int
    resumed: bool
    columns: list[dict] = field(default_factory=list)
    files: int = 0
    failures: list[dict] = field(default_factory=list)
    requests: int = 0

    def text(self) -> str:
        lines = [f"fazhi collect: {len(self.columns)} columns crawled into {self.out}"
                 + (" (an interrupted crawl resumed)" if self.resumed else ""),
                 f"  list pages       {sum(c['list_pages'] for c in self.columns)}",
                 f"  report items     {sum(c['reports'] for c in self.columns)}",
                 f"  files in manifest {self.files}",
                 f"  requests         {self.requests}",
                 f"  failures         {len(self.failures)} (in {Path(self.out) / '.fazhi-crawl' / 'state.sqlite'}, "
                 "table failures)"]
        lines += [f"    {f['status'] or '-'} {f['error']}: {f['url']}" for f in self.failures[:10]]
        lines.append(f"next: fazhi run --source {self.out}")
        return "\n".join(lines) + "\n"


def read_columns(path: str | Path) -> list[Column]:
    """The columns of the CSV at `path`; ColumnsError for a missing url column, a bad url or a repeat."""
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if "url" not in (reader.fieldnames or []):
        raise ColumnsError(f"{path}: the first line must name the columns, `url` among them (url,agency,region_code)")
    unknown = [c for c in reader.fieldnames if c not in COLUMN_FIELDS]
    if unknown:
        raise ColumnsError(f"{path}: unknown column {unknown[0]!r}; columns are {', '.join(COLUMN_FIELDS)}")
    columns, seen = [], set()
    for n, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        url = row.get("url", "")
        if not url.startswith(("http://", "https://")):
            raise ColumnsError(f"{path} line {n}: url {url!r} is not an http(s) address")
        if url in seen:
            raise ColumnsError(f"{path} line {n}: {url} is listed twice")
        seen.add(url)
        overrides = {k: row[k] for k in ("family", "items", "next_page") if row.get(k)}
        columns.append(Column(url, row.get("agency") or None, row.get("region_code") or None, overrides))
    return columns


def by_host(columns: list[Column]) -> dict[str, list[Column]]:
    """Columns grouped by host, in list order: one host's columns are crawled one after another."""
    groups: dict[str, list[Column]] = {}
    for column in columns:
        groups.setdefault(urlsplit(column.url).netloc.lower(), []).append(column)
    return groups


def crawl_host(fetcher: Fetcher, state: CrawlState, out: Path, columns: list[Column],
               budget: int = DEFAULT_BUDGET) -> list[ColumnResult]:
    """Each column walked in turn; one that fails in an unforeseen way is recorded and the next is walked."""
    results = []
    for column in columns:
        try:
            results.append(ColumnWalk(fetcher, state, out, column, budget).run())
        except Exception as exc:  # noqa: BLE001 - a column's failure, whatever it is, must not stop the others
            log.exception("crawl of %s failed", column.url)
            state.fail(column.url, column.url, None, f"{type(exc).__name__}: {exc}")
            results.append(ColumnResult(column.url, failures=1))
    return results


def write_manifest(state: CrawlState, out: Path) -> int:
    """DIR/manifest.csv from the crawl's reports (every run's, kept files only), written atomically."""
    rows = [r for r in state.reports() if (out / r["file"]).is_file()]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in MANIFEST_COLUMNS})
    path, text = out / MANIFEST, buffer.getvalue()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return len(rows)  # unchanged: left as it is (its time too), so `fazhi run` sees nothing new
    tmp = out / (MANIFEST + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return len(rows)


def crawl(columns: list[Column], out: str | Path, polite: Politeness = Politeness(), budget: int = DEFAULT_BUDGET,
          transport=None) -> CollectSummary:
    """Crawl every column into `out` in this process, hosts one after another (tests, `--runner none`)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    state = CrawlState(out)
    fetcher = Fetcher(state, polite, transport)
    try:
        results = [r for cols in by_host(columns).values() for r in crawl_host(fetcher, state, out, cols, budget)]
        return finish(state, out, results, fetcher.requests)
    finally:
        fetcher.close()
        state.close()


def finish(state: CrawlState, out: Path, results: list[ColumnResult], requests: int) -> CollectSummary:
    """The manifest written, the run marked finished, and what it did."""
    files = write_manifest(state, out)
    state.finish()
    return CollectSummary(str(out), state.run_id, state.resumed, [asdict(r) for r in results], files,
                          state.failures(state.run_id), requests)


def collect_with_prefect(columns_file: str, out: str, verbose: bool = False, **settings) -> CollectSummary:
    """The Prefect flow of flows/collect.py, run once: Prefect configured and its temporary server
    started (unless PREFECT_API_URL names a server) before Prefect is imported."""
    from flows.run import configure_prefect, quiet_libraries
    from flows.server import ServerError, start_temporary_server

    configure_prefect(verbose, console=verbose)
    server = start_temporary_server()
    from flows.collect import collect_flow

    quiet_libraries()
    if server is not None:
        try:
            server.wait_ready()
        except ServerError:
            os.environ.pop("PREFECT_API_URL", None)  # Prefect then starts a server of its own
            server.stop()
    return CollectSummary(**collect_flow(columns_file, out, **settings))
