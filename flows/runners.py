"""Task runners for the CPU-bound transforms: threads, processes, or Dask (local cluster or existing scheduler).

Measured here on 2 cores (seeds repeated; see README): 1,000 documents took
9.8 s on threads and 13.5 s on processes, 5,000 took 51.6 s and 38.8 s. A
process pool costs about 7 s to start (every worker imports Prefect, polars,
jieba and the readers) and then runs about 1.6x faster, so `auto` uses threads
below `PROCESS_THRESHOLD` documents and processes from there on. The DuckDB load always runs in the flow's
own process: one writer.
"""
from __future__ import annotations

import os

RUNNERS = ("auto", "threads", "processes", "dask")
PROCESS_THRESHOLD = 2000


def choose(kind: str, n_documents: int) -> str:
    """The runner `auto` stands for with this many documents to read."""
    if kind != "auto":
        return kind
    return "processes" if n_documents >= PROCESS_THRESHOLD else "threads"


def make_task_runner(kind: str, workers: int = 0, dask_address: str = ""):
    """A Prefect task runner of the given kind with `workers` workers (0: one per core)."""
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    n = workers or os.cpu_count() or 1
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=n)
    if kind == "processes":
        return ProcessPoolTaskRunner(max_workers=n)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": n, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    raise ValueError(f"unknown runner {kind!r}: one of {', '.join(RUNNERS)}")
