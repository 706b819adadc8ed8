"""`fazhi collect` as a Prefect flow: one task per host (hosts crawled side by side, each host's
columns one after another, one request at a time), then the manifest. The work is in flows/crawl;
this module only wires it into Prefect.

flows.crawl.crawl.collect_with_prefect is what the command line calls: it configures Prefect and starts
its temporary server before Prefect is imported, as `fazhi run` does, unless PREFECT_API_URL names one.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.crawl import DEFAULT_BUDGET
from flows.crawl.crawl import by_host, crawl_host, finish, read_columns
from flows.crawl.fetch import USER_AGENT, Fetcher, Politeness
from flows.crawl.state import CrawlState
from flows.crawl.walk import Column, ColumnResult

# The open crawl of each output folder, for the tasks of its flow (a state and a fetcher are not parameters).
_OPEN: dict[str, tuple[CrawlState, Fetcher]] = {}


@task(name="crawl-host", cache_policy=NO_CACHE)
def crawl_host_task(out: str, host: str, columns: list[dict], budget: int) -> list[dict]:
    state, fetcher = _OPEN[out]
    results = crawl_host(fetcher, state, Path(out), [Column(**c) for c in columns], budget)
    return [asdict(r) for r in results]


@flow(name="fazhi-collect", validate_parameters=False)
def collect_flow(columns_file: str, out: str, delay: float = 1.0, timeout: float = 30.0, retries: int = 3,
                 budget: int = DEFAULT_BUDGET, user_agent: str = USER_AGENT) -> dict:
    """Crawl the columns listed in `columns_file` into `out` (files, manifest.csv, .fazhi-crawl/)."""
    columns = read_columns(columns_file)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    state = CrawlState(folder)
    polite = Politeness.of(delay, timeout, retries, user_agent)
    fetcher = Fetcher(state, polite)
    _OPEN[str(folder)] = (state, fetcher)
    try:
        futures = [crawl_host_task.submit(str(folder), host, [asdict(c) for c in cols], budget)
                   for host, cols in by_host(columns).items()]
        results = [r for f in futures for r in f.result()]
        summary = finish(state, folder, [ColumnResult(**r) for r in results], fetcher.requests)
        return asdict(summary)
    finally:
        _OPEN.pop(str(folder), None)
        fetcher.close()
        state.close()
