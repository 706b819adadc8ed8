"""The no-change check made before Prefect starts.

A run whose folder holds exactly the files the warehouse already has (same names, same
content hashes, manifest rows included) changes nothing and writes nothing. Finding that
out costs reading and hashing the files (about a second per 300 MB here); starting
Prefect's temporary server costs about 7 s. So `fazhi run` asks this module first and
starts the flow only when there is something to do. Scheduled runs of a served deployment
(`fazhi serve`) run the flow as always: their server is already up.

Only local folders are checked this way: a URL list or an fsspec source would be fetched
twice, and their fetch (downloads, retries, the cache) belongs to the flow.
"""
from __future__ import annotations

import time

from flows.sources import FetchError, LocalFolder, open_source
from flows.summary import NOT_STARTED, RunSummary
from flows.warehouse import read_state
from transforms.pipeline import content_hash


def unchanged_summary(source: str, db: str, full_refresh: bool = False) -> RunSummary | None:
    """The run summary of a run that would change nothing, or None when the flow has work to do
    (or this check cannot tell: then the flow finds out, and reports any problem as it always does)."""
    if full_refresh:
        return None
    try:
        return _check(source, db)
    except Exception:  # noqa: BLE001 - a broken warehouse or source is the flow's to report, with its log
        return None


def _check(source: str, db: str) -> RunSummary | None:
    started = time.perf_counter()
    try:
        src = open_source(source)
    except (OSError, ValueError):
        return None
    if not isinstance(src, LocalFolder):
        return None
    state = read_state(db, source)
    if state.rebuild_reason:
        return None
    known = {**state.quarantined, **state.hashes}
    try:
        names = src.list()
    except OSError:
        return None
    if set(state.hashes) - set(names):
        return None  # files were removed: the flow marks their reports as no longer current
    for name in names:
        if name not in known:
            return None
        try:
            data = src.fetch(name)
        except (FetchError, OSError):
            return None  # the flow quarantines it again, with the reason
        described = src.describe(name)
        if content_hash(data, described["url"], described["given"]) != known[name]:
            return None
    seconds = round(time.perf_counter() - started, 2)
    return RunSummary(source=source, db=db, files=len(names), unchanged=len(names), runner=NOT_STARTED,
                      stage_seconds={"check": seconds}, flow_seconds=seconds)
