"""The corpus: which agency reports for which year, the files and gold answers written, and a summary."""
from __future__ import annotations

import json
import math
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fazhi.synth.agencies import Agency, agencies
from fazhi.synth.compose import compose
from fazhi.synth.pages import render_report

FORMATS = ("txt", "html", "docx", "pdf")
LATE_SHARE = 0.15
INCOMPLETE_SHARE = 0.10


@dataclass
class SynthSummary:
    out_dir: str
    gold_dir: str
    files: int = 0
    bytes: int = 0
    facts: int = 0
    agencies: int = 0
    years: tuple[int, int] = (0, 0)
    per_format: dict = field(default_factory=dict)
    late: int = 0
    incomplete: int = 0
    missing_part: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        fmts = ", ".join(f"{k} {v}" for k, v in sorted(self.per_format.items()))
        rate = self.files / self.seconds if self.seconds else float("inf")
        return (f"fazhi synth: {self.files} reports written to {self.out_dir}\n"
                f"  formats          {fmts}\n"
                f"  agencies         {self.agencies} over {self.years[0]}-{self.years[1]}\n"
                f"  facts labelled   {self.facts}\n"
                f"  published late   {self.late}\n"
                f"  missing a part   {self.missing_part} ({self.incomplete} incomplete)\n"
                f"  bytes            {self.bytes:,}\n"
                f"  gold             {self.gold_dir}\n"
                f"  time taken       {self.seconds:.1f} s ({rate:,.0f} reports/s)")


def gold_json(gold: dict) -> str:
    """A gold answer as JSON, one section or fact per line (json's C encoder: fast for large corpora)."""
    def dump(v) -> str:
        return json.dumps(v, ensure_ascii=False)

    def rows(items):
        return "[\n" + ",\n".join("  " + dump(i) for i in items) + "\n ]" if items else "[]"

    return ("{\n" f' "file": {dump(gold["file"])},\n "metadata": {dump(gold["metadata"])},\n'
            f' "sections": {rows(gold["sections"])},\n "facts": {rows(gold["facts"])}\n}}\n')


def plan(n: int, seed: int, years: tuple[int, int]) -> list[tuple[Agency, int]]:
    """(agency, year) of each report: about n/len(years) agencies, each reporting once a year."""
    y0, y1 = years
    if y1 < y0:
        raise ValueError(f"years must run forward: {years}")
    span = y1 - y0 + 1
    count = max(min(n, 3), math.ceil(n / span))
    chosen = agencies(count, random.Random(f"fazhi-synth-agencies|{seed}"))
    if len(chosen) < count:
        raise ValueError(f"cannot make {count} distinct agencies")
    return [(chosen[i % count], y0 + i // count) for i in range(n)]


def generate(out_dir: str | Path, n: int, seed: int = 0, formats: tuple[str, ...] = ("txt", "html", "docx"),
             gold_dir: str | Path | None = None, years: tuple[int, int] = (2016, 2025)) -> SynthSummary:
    """Write `n` synthetic reports into `out_dir` and one gold JSON per report into `gold_dir`.

    Formats are assigned round-robin over `formats`; gold_dir defaults to a folder next to
    out_dir named `<out_dir name>-gold` (never inside out_dir, which is the source fazhi reads).
    The same arguments always give the same bytes.
    """
    started = time.perf_counter()
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    if n < 0:
        raise ValueError("n must be >= 0")
    out = Path(out_dir)
    gold = Path(gold_dir) if gold_dir is not None else out.parent / f"{out.name}-gold"
    if gold.resolve() == out.resolve() or out.resolve() in gold.resolve().parents:
        raise ValueError("gold_dir must not be inside out_dir: fazhi would read the gold files as reports")
    out.mkdir(parents=True, exist_ok=True)
    gold.mkdir(parents=True, exist_ok=True)
    years = (int(years[0]), int(years[1]))
    summary = SynthSummary(str(out), str(gold), years=years)
    per_format: Counter = Counter()
    pairs = plan(n, seed, years) if n else []
    fate = random.Random(f"fazhi-synth-fate|{seed}")
    for i, (agency, year) in enumerate(pairs):
        fmt = formats[i % len(formats)]
        late = fate.random() < LATE_SHARE
        missing = None
        if fate.random() < INCOMPLETE_SHARE:
            missing = fate.choice(("shortcomings", "leadership"))
        report = compose(i, agency, year, year - years[0], fmt, seed, late, missing)
        data = render_report(report, seed, i)
        (out / report.file).write_bytes(data)
        (gold / (Path(report.file).stem + ".json")).write_text(gold_json(report.gold()), encoding="utf-8")
        per_format[fmt] += 1
        summary.files += 1
        summary.bytes += len(data)
        summary.facts += len(report.facts)
        summary.late += report.publish_date is not None and report.late
        summary.missing_part += missing is not None
        summary.incomplete += not report.complete
    summary.agencies = len({a.name for a, _ in pairs})
    summary.per_format = dict(per_format)
    summary.seconds = time.perf_counter() - started
    return summary
