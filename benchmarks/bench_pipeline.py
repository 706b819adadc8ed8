#!/usr/bin/env python3
"""Throughput, memory and query latency of the whole pipeline on a synthetic corpus, in one run.

    .venv/bin/python benchmarks/bench_pipeline.py                       # 2,000 and 20,000 documents
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 2000 --no-dask  # quicker

For each size N, on a corpus that `fazhi.synth` writes (seed 1; text, web pages and Word
files; gold answers beside it):

- `fazhi run` as a user starts it (the CLI, Prefect's temporary server included): wall time,
  MB/s of report text (the UTF-8 bytes of the normalised text the warehouse stores) and of
  input files, and the peak memory of the whole process tree (the CLI, Prefect's server, the
  worker processes), sampled every 0.1 s as the sum of RSS and of PSS (PSS shares pages that
  processes share, so it does not count them twice);
- the same command again on the unchanged folder;
- the warehouse file's size, and accuracy against the gold (../shared/tools/score.py);
- `jieba.cut` (precise mode) in one process on the same text (the first --jieba-mb MB of it):
  the reference the run's speed is a ratio to, measured in the same run on the same machine;
- `process_batch` in one process (one core), on --batch-sample documents of the corpus;
- with --dask: the same run with `--runner dask` on a local cluster of 2 workers.

Then a warehouse of at least --facts facts is made from the largest run by copying its
reports under new keys, and every question of sql/analysis is timed on it (median of 5,
after one warm-up run). One table is printed; the figures go to benchmarks/results/ as JSON.
Nothing here asserts a time: it is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from results_file import results_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FAZHI = [sys.executable, "-m", "fazhi.cli"]
SCORE = ROOT.parent / "shared" / "tools" / "score.py"


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.1):
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = self.peak_pss = 0
        self.peak_parts: list[tuple[int, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            rss = pss = 0
            parts = []
            for p in procs:
                try:
                    info = p.memory_full_info()
                    name = " ".join(p.cmdline()[1:4])[:70]
                except psutil.Error:  # ended (or a zombie) between the listing and the reading
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                parts.append((info.rss, name))
            if rss > self.peak_rss:
                self.peak_rss, self.peak_parts = rss, sorted(parts, reverse=True)
            self.peak_pss = max(self.peak_pss, pss)
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(args: list[str], env: dict) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(FAZHI + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    memory.stop()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"fazhi {' '.join(args)} failed ({proc.returncode}):\n{out}\n{err}")
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(memory.peak_rss / 2**20),
            "peak_pss_mb": round(memory.peak_pss / 2**20),
            "peak_processes": [f"{r / 2**20:.0f} MB {c}" for r, c in memory.peak_parts], "stdout": out}


def text_bytes(db: Path) -> tuple[int, int, int]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select sum(strlen(text)), count(*), (select count(*) from fct_quantity) "
                           "from stg_document").fetchone()
    finally:
        con.close()


def jieba_mbps(db: Path, limit_mb: float) -> float:
    import duckdb
    import jieba

    con = duckdb.connect(str(db), read_only=True)
    texts, size = [], 0
    for (text,) in con.execute("select text from stg_document order by report_id").fetchall():
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= limit_mb * 1e6:
            break
    con.close()
    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    return size / 1e6 / (time.perf_counter() - started)


def batch_mbps(corpus: Path, sample: int) -> dict:
    from transforms.pipeline import RawDocument, process_batch

    files = sorted(corpus.iterdir())[:sample]
    docs = [RawDocument(f.name, f.read_bytes()) for f in files]
    process_batch(docs[:3])  # imports, jieba's dictionary
    started = time.perf_counter()
    result = process_batch(docs)
    seconds = time.perf_counter() - started
    text = sum(len(t.encode("utf-8")) for t in result.reports["text"].to_list())
    return {"documents": len(docs), "seconds": round(seconds, 2), "text_mb_per_s": round(text / 1e6 / seconds, 2),
            "input_mb_per_s": round(sum(len(d.data) for d in docs) / 1e6 / seconds, 2),
            "ms_per_document": round(1000 * seconds / len(docs), 2)}


def score(db: Path, gold: Path) -> dict:
    if not SCORE.exists():
        return {}
    sys.path.insert(0, str(SCORE.parent))
    from score import score as score_fn

    res = score_fn(str(db), gold)
    return {"facts_f1": res["facts"]["f1"], "metadata": res["metadata_overall"],
            "qualifier": res["facts"]["qualifier_accuracy"]}


def enlarge(db: Path, out: Path, min_facts: int) -> int:
    """A copy of `db` with its reports copied under new keys until it holds `min_facts` facts."""
    import duckdb

    shutil.copy(db, out)
    con = duckdb.connect(str(out))
    try:
        base = con.execute("select count(*) from fct_quantity").fetchone()[0]
        copies = max(0, -(-min_facts // max(base, 1)) - 1)
        from flows.spool import SPOOLED_TABLES as keyed  # every table keyed by report
        for k in range(1, copies + 1):
            con.execute("begin transaction")
            for table in keyed:
                cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
                select = ", ".join(
                    f"report_id || '~{k}' as report_id" if c == "report_id"
                    else f"'copy{k}/' || source_file as source_file" if c == "source_file"
                    else f"report_year - {k % 3} as report_year" if c == "report_year" and table != "dim_year"
                    else c for c in cols)
                con.execute(f"insert into {table} select {select} from {table} where report_id not like '%~%'")
            con.execute("commit")
        con.execute("checkpoint")
        return con.execute("select count(*) from fct_quantity").fetchone()[0]
    finally:
        con.close()


def analysis_latency(db: Path, repeats: int = 5) -> dict[str, float]:
    import duckdb

    from fazhi.analysis import AnalysisError, analyses, analysis_frame

    con = duckdb.connect(str(db), read_only=True)
    indicator = con.execute("select indicator_code from fct_quantity where indicator_code <> 'other' "
                            "group by 1 order by count(*) desc limit 1").fetchone()[0]
    out = {}
    try:
        for name in analyses():
            params = {"indicator": indicator} if "indicator" in name else {}
            try:
                analysis_frame(con, name, params)
            except AnalysisError as exc:
                out[name] = f"not timed: {exc}"  # `missing` needs the portals' column list (fazhi collect)
                continue
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                analysis_frame(con, name, params)
                times.append(time.perf_counter() - started)
            out[name] = round(1000 * statistics.median(times), 1)
    finally:
        con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jieba-mb", type=float, default=8.0)
    ap.add_argument("--batch-sample", type=int, default=600)
    ap.add_argument("--facts", type=int, default=1_000_000)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--work", default=None, help="folder for corpora and warehouses (default: a temporary one)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = ap.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="fazhi-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    from fazhi.synth import generate

    # Prefect creates its database on the first run with a new PREFECT_HOME (tens of seconds once
    # per machine): a warm-up run pays that, so the measured runs pay what a user's runs pay.
    warm = work / "warm-up"
    if not warm.exists():
        generate(warm, 3, seed=args.seed)
    run_cli(["run", "--source", str(warm), "--db", str(work / "warm-up.duckdb"), "--full-refresh"], env)

    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "load_at_start": os.getloadavg()}, "runs": []}
    largest = None
    for n in [int(x) for x in args.sizes.split(",")]:
        corpus, gold = work / f"corpus-{n}", work / f"corpus-{n}-gold"
        if not corpus.exists():
            generate(corpus, n, seed=args.seed, gold_dir=gold)
        db = work / f"run-{n}.duckdb"
        for stale in work.glob(f"run-{n}.duckdb*"):
            stale.unlink()
        print(f"[{n}] fazhi run ...", flush=True)
        first = run_cli(["run", "--source", str(corpus), "--db", str(db)], env)
        again = run_cli(["run", "--source", str(corpus), "--db", str(db)], env)
        text, reports, facts = text_bytes(db)
        input_bytes = sum(p.stat().st_size for p in corpus.iterdir())
        jieba = jieba_mbps(db, args.jieba_mb)
        row = {
            "documents": n, "reports": reports, "facts": facts, "text_mb": round(text / 1e6, 1),
            "input_mb": round(input_bytes / 1e6, 1),
            "run_wall_s": first["wall_s"], "run_text_mb_per_s": round(text / 1e6 / first["wall_s"], 2),
            "run_input_mb_per_s": round(input_bytes / 1e6 / first["wall_s"], 2),
            "jieba_cut_mb_per_s": round(jieba, 2),
            "ratio_to_jieba": round(text / 1e6 / first["wall_s"] / jieba, 2),
            "peak_rss_mb": first["peak_rss_mb"], "peak_pss_mb": first["peak_pss_mb"],
            "peak_processes": first["peak_processes"],
            "rerun_wall_s": again["wall_s"], "rerun_share": round(again["wall_s"] / first["wall_s"], 3),
            "warehouse_mb": round(db.stat().st_size / 1e6, 1),
            **score(db, gold),
        }
        if not args.no_dask and n == min(int(x) for x in args.sizes.split(",")):
            dask_db = work / f"dask-{n}.duckdb"
            for stale in work.glob(f"dask-{n}.duckdb*"):
                stale.unlink()
            print(f"[{n}] fazhi run --runner dask ...", flush=True)
            dask = run_cli(["run", "--source", str(corpus), "--db", str(dask_db), "--runner", "dask",
                            "--workers", "2"], env)
            row.update(dask_wall_s=dask["wall_s"], dask_text_mb_per_s=round(text / 1e6 / dask["wall_s"], 2),
                       dask_peak_rss_mb=dask["peak_rss_mb"], dask_peak_pss_mb=dask["peak_pss_mb"])
        results["runs"].append(row)
        largest = (db, facts)
        print(json.dumps(row, ensure_ascii=False), flush=True)

    sample_corpus = work / f"corpus-{results['runs'][0]['documents']}"
    results["process_batch_one_core"] = batch_mbps(sample_corpus, args.batch_sample)
    big = work / "enlarged.duckdb"
    results["analysis_warehouse_facts"] = enlarge(largest[0], big, args.facts)
    results["analysis_ms"] = analysis_latency(big)

    print_table(results)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = results_file("pipeline", out)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")
    return 0


def print_table(results: dict) -> None:
    keys = [("documents", "documents"), ("text_mb", "report text MB"), ("input_mb", "input files MB"),
            ("facts", "facts"), ("run_wall_s", "fazhi run, wall s"), ("run_text_mb_per_s", "  text MB/s"),
            ("run_input_mb_per_s", "  input MB/s"), ("jieba_cut_mb_per_s", "jieba.cut MB/s (1 process)"),
            ("ratio_to_jieba", "run / jieba.cut"), ("peak_rss_mb", "peak RSS MB, tree (sum)"),
            ("peak_pss_mb", "peak PSS MB, tree (sum)"), ("rerun_wall_s", "no-change re-run, s"),
            ("rerun_share", "  share of first run"), ("warehouse_mb", "warehouse MB"),
            ("facts_f1", "facts F1 vs gold"), ("metadata", "metadata vs gold"),
            ("dask_wall_s", "--runner dask (2 workers), s"), ("dask_text_mb_per_s", "  text MB/s"),
            ("dask_peak_rss_mb", "  peak RSS MB")]
    runs = results["runs"]
    print()
    print(f"{'':34}" + "".join(f"{r['documents']:>14,}" for r in runs))
    for key, label in keys[1:]:
        if any(key in r for r in runs):
            print(f"{label:34}" + "".join(f"{r.get(key, ''):>14}" for r in runs))
    pb = results["process_batch_one_core"]
    print(f"\nprocess_batch, one core: {pb['text_mb_per_s']} MB/s of text ({pb['input_mb_per_s']} MB/s of input, "
          f"{pb['ms_per_document']} ms per document, {pb['documents']} documents)")
    print(f"\nsql/analysis on {results['analysis_warehouse_facts']:,} facts (median of 5, ms):")
    for name, ms in results["analysis_ms"].items():
        print(f"  {name:30} {ms:8.1f}" if isinstance(ms, float) else f"  {name:30} {ms}")


if __name__ == "__main__":
    sys.exit(main())
