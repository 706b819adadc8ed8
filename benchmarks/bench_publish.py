#!/usr/bin/env python3
"""Memory of the publish step (the one DuckDB writer) as the number of reports grows.

    .venv/bin/python benchmarks/bench_publish.py --warehouse /tmp/bench/run-20000.duckdb
    .venv/bin/python benchmarks/bench_publish.py --warehouse W --copies 1,5 --memory 128MB,256MB

The report tables of a built warehouse (e.g. the 20,000-document run of bench_pipeline.py) are
written `copies` times under new report keys as Parquet parts, as a run's batches spool them, and a
fresh process loads them with `flows.warehouse.publish` under each FAZHI_LOAD_MEMORY. It reports the
process's memory before the load and at its peak (sampled every 20 ms), the seconds, and whether
the load succeeded. Then, as a later run would, the smallest spool is loaded again into the largest
warehouse (its reports replaced in place). Writes benchmarks/results/publish-memory-DATE.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from results_file import results_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTS_PER_COPY = 200  # about what a 20,000-document run spools (batches of 100)


def make_spool(warehouse: Path, copies: int, spool: Path) -> dict:
    import duckdb

    from flows.spool import SPOOLED_TABLES

    spool.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        n_reports = con.execute("select count(*) from dim_report").fetchone()[0]
        for table in SPOOLED_TABLES:
            for k in range(copies):
                # each copy is its reports under new keys; parts split by a hash of the key, as batches would
                con.execute(
                    f"copy (select * replace (report_id || '-{k}' as report_id), "
                    f"hash(report_id) % {PARTS_PER_COPY} as part from {table}) "
                    f"to '{spool / table}-{k}' (format parquet, compression zstd, partition_by (part))")
                # flat part files, as the spool has them (a part=N folder would read as a column)
                for i, part in enumerate(sorted((spool / f"{table}-{k}").glob("part=*/*.parquet"))):
                    part.rename(spool / f"{table}-{k}-{i:04d}.parquet")
                shutil.rmtree(spool / f"{table}-{k}")
        n_facts = con.execute("select count(*) from fct_quantity").fetchone()[0]
    finally:
        con.close()
    return {"reports": n_reports * copies, "facts": n_facts * copies}


def child(spool: str, db: str, mode: str = "rebuild") -> None:
    """Load the spool into warehouse `db` (a new one, or `mode` "incremental": into the existing one) in
    this process; print one JSON line of what it cost."""
    import threading
    import time

    def rss_mb() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") >> 20

    import polars as pl

    from flows.spool import SPOOLED_TABLES
    from flows.warehouse import publish
    from transforms.schema import stage_schema

    peak = [rss_mb()]
    base = peak[0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], rss_mb())

    threading.Thread(target=sample, daemon=True).start()
    tables = {t: sorted(str(p) for p in Path(spool).glob(f"{t}-*.parquet")) for t in SPOOLED_TABLES}
    now = dt.datetime.now()
    run = {"run_id": f"bench-{mode}-{os.getpid()}", "started_at": now, "source": spool, "files_seen": 0, "files_new": 0,
           "files_changed": 0, "files_unchanged": 0, "files_removed": 0, "files_quarantined": 0,
           "reports_loaded": 0, "facts_loaded": 0}
    quarantine = pl.DataFrame(schema=stage_schema("stg_quarantine", drop=("first_seen", "last_seen")))
    started = time.perf_counter()
    error = None
    try:
        publish(db, tables, quarantine, [], spool, run, rebuild=mode == "rebuild")
    except Exception as exc:  # noqa: BLE001 - reported, not raised: an out-of-memory load is a result
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    seconds = time.perf_counter() - started
    done.set()
    peak[0] = max(peak[0], rss_mb())
    print(json.dumps({"base_mb": base, "peak_mb": peak[0], "added_mb": peak[0] - base,
                      "seconds": round(seconds, 2), "error": error}))


def load(spool: Path, db: Path, memory: str, mode: str, size: dict) -> dict:
    """Run one load in a fresh process and print its line."""
    env = {**os.environ, "FAZHI_LOAD_MEMORY": memory}
    out = subprocess.run([sys.executable, __file__, "--child", str(spool), str(db), mode], env=env,
                         capture_output=True, text=True, cwd=ROOT, check=True)
    row = {**size, "load_memory": memory, "mode": mode, **json.loads(out.stdout.strip().splitlines()[-1])}
    print(f"{row['reports']:>8,} reports {row['facts']:>10,} facts  {memory:>6} {mode:>11}: "
          f"+{row['added_mb']} MB (peak {row['peak_mb']} MB) {row['seconds']} s"
          + (f"  FAILED {row['error']}" if row["error"] else ""), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warehouse", help="a built warehouse whose report tables are copied")
    ap.add_argument("--copies", default="1,5", help="how many times its reports are loaded, comma-separated")
    ap.add_argument("--memory", default="128MB,256MB", help="FAZHI_LOAD_MEMORY values, comma-separated")
    ap.add_argument("--child", nargs=3, metavar=("SPOOL", "DB", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if not args.warehouse:
        ap.error("--warehouse is required")
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "warehouse": args.warehouse,
               "machine": {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()}, "loads": []}
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-publish-") as work:
        spools = {}
        for copies in [int(c) for c in args.copies.split(",")]:
            spools[copies] = spool = Path(work) / f"spool-{copies}"
            size = make_spool(Path(args.warehouse), copies, spool)
            for memory in args.memory.split(","):
                db = Path(work) / f"w-{copies}-{memory}.duckdb"
                results["loads"].append(load(spool, db, memory, "rebuild", size))
        # A later run into the largest warehouse: the smallest spool's reports replaced (their keys are
        # the first copy's), under the first memory setting.
        smallest, largest, memory = min(spools), max(spools), args.memory.split(",")[0]
        if smallest != largest:
            size = {"reports": results["loads"][0]["reports"], "facts": results["loads"][0]["facts"]}
            results["incremental"] = load(spools[smallest], Path(work) / f"w-{largest}-{memory}.duckdb", memory,
                                          "incremental", size)
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = results_file("publish-memory", out_dir)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
