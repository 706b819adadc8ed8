"""Wall-clock linearity of fact extraction: ratios measured in one run, never asserted in the test suite.

For random dense chunks of digits, numerals, units and punctuation, extraction time on the
chunk repeated to N characters is compared with the time at N/2 (linear: about 2x) and with
ordinary report text of the same length. A regular expression that backtracks shows here
as a ratio far above 2. The suite counts calls instead (tests/transforms/test_facts_linear.py).

    .venv/bin/python benchmarks/bench_linear.py --chars 200000 --chunks 20
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.facts import extract_facts  # noqa: E402
from transforms.normalise import normalise  # noqa: E402

ALPHABET = list("0123456789,.一二两三四五六七八九十百千万亿零〇第%个件家人次年月日元至-《》“”，。\n")


def seconds(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract_facts(text)
        best = min(best, time.perf_counter() - start)
    return best


def fill(chunk: str, size: int) -> str:
    return (chunk * (size // len(chunk) + 1))[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=200_000)
    ap.add_argument("--chunks", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ordinary = fill("\n".join(normalise(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "raw").glob("*.txt"))),
                    args.chars)
    extract_facts(ordinary[:2000])
    base = seconds(ordinary)
    print(f"ordinary report text, {args.chars:,} chars: {base * 1000:.0f} ms")
    print(f"{'chunk':32s} {'N/2 ms':>8s} {'N ms':>8s} {'N / (N/2)':>10s} {'N / ordinary':>13s}")
    worst = 0.0
    for _ in range(args.chunks):
        chunk = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        half, full = seconds(fill(chunk, args.chars // 2)), seconds(fill(chunk, args.chars))
        worst = max(worst, full / half)
        print(f"{chunk!r:32.32s} {half * 1000:8.0f} {full * 1000:8.0f} {full / half:10.2f} {full / base:13.2f}")
    print(f"worst doubling ratio: {worst:.2f} (linear: about 2)")


if __name__ == "__main__":
    main()
