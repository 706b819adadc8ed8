"""Time and memory that each hostile input costs, through the same path as a run.

For every case of tests/hostile.py: fetch it from the folder source, read it in a fresh
reader worker (flows/sandbox.py, with the default limits) and transform it, then report the
outcome, the wall time and the worker's peak resident memory (VmHWM). Last, one whole
`fazhi run` over the folder, with its wall time and the peak RSS of its largest process.

    .venv/bin/python benchmarks/bench_hostile.py            # needs the test extras (reportlab)
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.sandbox import Limits, ReaderSandbox  # noqa: E402
from flows.sources import FetchError, LocalFolder  # noqa: E402
from tests.hostile import CASES, write_hostile  # noqa: E402
from transforms.pipeline import RawDocument, process_document  # noqa: E402


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    seed = sorted((ROOT / "data" / "raw").glob("*.txt"))[0].read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "src"
        write_hostile(folder, seed, Path(tmp) / "outside")
        source = LocalFolder(folder)
        rows = []
        for case in CASES:
            box = ReaderSandbox(Limits())
            box.read("warm.txt", seed.encode("utf-8"))  # start the worker outside the measurement
            pid = next(iter(box._all)).proc.pid
            start = time.perf_counter()
            try:
                data = source.fetch(case.name)
                process_document(RawDocument(case.name, data), read=box.read)
                outcome = "loaded"
            except (FetchError, ValueError) as exc:
                outcome = f"quarantined: {exc}"
            seconds = time.perf_counter() - start
            alive = [w.proc.pid for w in box._all]
            rss = peak_mb(pid) if pid in alive else float("nan")
            box.close()
            rows.append({"case": case.what, "outcome": outcome, "seconds": round(seconds, 2),
                         "reader_peak_rss_mb": round(rss, 1)})
            print(f"{case.what[:52]:52s} {seconds:6.2f} s {rss:7.1f} MB  {outcome[:90]}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "run", "--source", str(folder), "--db",
                               str(Path(tmp) / "wh.duckdb")], capture_output=True, text=True)
        wall = time.perf_counter() - start
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(proc.stdout.splitlines()[0] if proc.stdout else proc.stderr[-500:])
        print(f"whole run over the folder: exit {proc.returncode}, {wall:.1f} s, "
              f"peak RSS of its largest process {children:.0f} MB")
        out = ROOT / "benchmarks" / "results"
        out.mkdir(exist_ok=True)
        (out / "hostile.json").write_text(json.dumps({"cases": rows, "run_seconds": round(wall, 1),
                                                      "run_peak_rss_mb": round(children)}, ensure_ascii=False,
                                                     indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
