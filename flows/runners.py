"""Task runners for the batches: threads (the default), processes, or Dask (local cluster or existing scheduler).

Each document is read and transformed in a reused worker process of `flows.sandbox`
(started in about a second, with time and memory limits), so the task runner's threads
only fetch, dispatch and write Parquet parts: with one thread per core, every core works.
A process pool adds about 7 s of start-up (each pool process imports Prefect, polars and
the readers) for no gain here, so `auto` is threads; `processes` and `dask` remain for
runs spread over machines (Dask) or where worker processes cannot be started. The DuckDB
load always runs in the flow's own process: one writer.
"""
from __future__ import annotations

import os

RUNNERS = ("auto", "threads", "processes", "dask")


def runner_for(kind: str, n_documents: int) -> str:
    """The runner `auto` stands for (threads, whatever the number of documents: see the module's note)."""
    return "threads" if kind == "auto" else kind


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
