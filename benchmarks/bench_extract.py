"""Throughput of the fact-extraction stage against jieba.cut, measured in one run on the same text.

The seed reports (normalised) are repeated to about --mb megabytes. Both the
extraction stage (transforms.facts.extract_facts: candidates, units,
qualifiers, exclusions, subjects, indicators, the polars frame) and
jieba.cut (precise mode) run over that same text; the script prints both
throughputs and their ratio. It is a benchmark, not a test: run it with

    .venv/bin/python benchmarks/bench_extract.py --mb 20
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.facts import extract_facts  # noqa: E402
from transforms.normalise import normalise  # noqa: E402
from transforms.sections import split_sections  # noqa: E402


def corpus(source: Path, megabytes: float) -> list[str]:
    """Normalised seed reports repeated until they hold about `megabytes` of UTF-8."""
    docs = [normalise(p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.txt"))]
    size = sum(len(d.encode("utf-8")) for d in docs)
    return docs * max(1, round(megabytes * 1e6 / size))


def timed(fn, docs: list[str]) -> float:
    start = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=ROOT / "data" / "raw")
    ap.add_argument("--mb", type=float, default=20.0, help="size of the repeated corpus in MB (default 20)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    docs = corpus(args.source, args.mb)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    for doc in set(docs):  # load the rule files and the subject tokenizer before timing
        extract_facts(doc)

    t_extract = timed(extract_facts, docs)
    t_sections = timed(split_sections, docs)
    t_jieba = timed(lambda d: list(jieba.cut(d)), docs)
    result = {
        "corpus_mb": round(mb, 2),
        "documents": len(docs),
        "extract_facts_mb_s": round(mb / t_extract, 2),
        "split_sections_mb_s": round(mb / t_sections, 2),
        "jieba_cut_mb_s": round(mb / t_jieba, 2),
        "extract_vs_jieba": round(t_jieba / t_extract, 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"corpus: {result['corpus_mb']} MB in {len(docs)} documents")
        print(f"extract_facts:  {result['extract_facts_mb_s']:8.2f} MB/s")
        print(f"split_sections: {result['split_sections_mb_s']:8.2f} MB/s")
        print(f"jieba.cut:      {result['jieba_cut_mb_s']:8.2f} MB/s")
        print(f"extraction is {result['extract_vs_jieba']}x jieba.cut")
    return result


if __name__ == "__main__":
    main()
