#!/usr/bin/env python3
"""Write a synthetic, labelled corpus of reports (fazhi.synth) for benchmarks and demos.

    .venv/bin/python benchmarks/make_corpus.py --out /tmp/corpus --n 20000 --seed 1
    .venv/bin/python benchmarks/make_corpus.py --out /tmp/c --n 300 --formats txt,html,docx --gold /tmp/c-gold
    .venv/bin/fazhi run --source /tmp/c --db /tmp/c.duckdb
    python ../shared/tools/score.py /tmp/c.duckdb --gold /tmp/c-gold

The same arguments always write the same bytes. Gold answers (one JSON per report, in the
format of ../shared/gold) go to --gold, by default a folder next to --out named <out>-gold.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.synth import FORMATS, generate  # noqa: E402 - after the path is set


def _years(text: str) -> tuple[int, int]:
    try:
        first, _, last = text.partition("-")
        return int(first), int(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(f"years as FIRST-LAST (2016-2025), not {text!r}") from None


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"formats from {', '.join(FORMATS)}, not {text!r}")
    return formats


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder for the reports (fazhi's source folder)")
    ap.add_argument("--n", type=int, default=300, help="number of reports (default 300)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", type=_formats, default=("txt", "html", "docx"),
                    help="comma-separated, assigned round-robin: txt,html,docx (default); pdf needs reportlab")
    ap.add_argument("--gold", default=None, help="folder for the gold JSON files (default: <out>-gold next to --out)")
    ap.add_argument("--years", type=_years, default=(2016, 2025), help="FIRST-LAST report years (default 2016-2025)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("--n must be >= 0")
    summary = generate(args.out, args.n, seed=args.seed, formats=args.formats, gold_dir=args.gold, years=args.years)
    print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=1) if args.json else summary)
    return summary.as_dict()


if __name__ == "__main__":
    main()
