#!/usr/bin/env python3
"""One Dask worker against two: `fazhi run --runner dask --dask-address` on a loopback cluster.

    .venv/bin/python benchmarks/bench_dask.py --n 200 --repeats 2

Writes N synthetic reports (`fazhi synth`), starts `dask scheduler` and 1, then 2, `dask worker`s
(one thread each) on 127.0.0.1, and builds a fresh warehouse from them each time. It reports the
transform stage's seconds (from the run's log: the batches on the workers, without Prefect's and the
cluster's start-up), the run's seconds, the best of `repeats`, and the ratio 1 worker / 2 workers
measured in the same run. The warehouses are compared (same reports, same facts). Writes
benchmarks/results/dask-workers-DATE.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_file import results_file

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster(work: Path, n_workers: int) -> tuple[str, list[subprocess.Popen]]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)]
    for i in range(n_workers):
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                       "--no-dashboard", "--local-directory", str(work / f"w{i}")],
                                      env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True))
    from distributed import Client

    client = Client(address, timeout=60)
    client.wait_for_workers(n_workers, timeout=120)
    client.close()
    return address, procs


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def one_run(src: Path, db: Path, address: str, batch_size: int) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "run", "--source", str(src), "--db", str(db),
                           "--runner", "dask", "--dask-address", address, "--batch-size", str(batch_size)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    log = db.with_suffix(".log").read_text()
    transform = float(re.findall(r"transform: .*\(([\d.]+) s\)", log)[-1])
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("dim_report", "fct_quantity")}
    con.close()
    return {"run_seconds": round(seconds, 2), "transform_seconds": transform, **counts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--batch-size", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "reports": args.n,
               "batch_size": args.batch_size, "cpus": os.cpu_count(), "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = work / "src"
        subprocess.run([sys.executable, "-m", "fazhi.cli", "synth", "--out", str(src), "--n", str(args.n),
                        "--formats", "txt,html,docx"], check=True, capture_output=True, cwd=ROOT)
        for n_workers in (1, 2):
            address, procs = start_cluster(work / f"c{n_workers}", n_workers)
            try:
                runs = [one_run(src, work / f"wh-{n_workers}-{i}.duckdb", address, args.batch_size)
                        for i in range(args.repeats)]
            finally:
                stop(procs)
            results["runs"][f"{n_workers}_worker"] = runs
            print(n_workers, runs, flush=True)
    one, two = results["runs"]["1_worker"], results["runs"]["2_worker"]
    assert {(r["dim_report"], r["fct_quantity"]) for r in one + two} == {(one[0]["dim_report"], one[0]["fct_quantity"])}
    results["best_transform_seconds"] = {"1": min(r["transform_seconds"] for r in one),
                                         "2": min(r["transform_seconds"] for r in two)}
    results["transform_ratio_1_over_2"] = round(results["best_transform_seconds"]["1"]
                                                / results["best_transform_seconds"]["2"], 2)
    results["run_ratio_1_over_2"] = round(min(r["run_seconds"] for r in one) / min(r["run_seconds"] for r in two), 2)
    out = results_file("dask-workers")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()
