"""Where a benchmark writes its results: benchmarks/results/NAME-DATE.json, or NAME-DATE-2.json,
-3 ... when a run of the same day is there already (a result is never overwritten)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def results_file(name: str, folder: Path = RESULTS) -> Path:
    """The first unused NAME-DATE[-n].json in `folder`."""
    path = folder / f"{name}-{dt.date.today().isoformat()}.json"
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate
