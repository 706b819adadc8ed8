"""Per-core throughput of the whole transform of a document against jieba.cut, on the same text, in one run.

`transforms.pipeline.process_document` (read, normalise, metadata, sections, facts, terms, signature)
runs on one core over two corpora: the seeds-like one (the sample reports of data/raw, as text, web
page and Word file, repeated) and a `fazhi synth` corpus; jieba.cut (precise mode) runs over the same
normalised texts right after. Both are timed with the same clock in the same process, and the result
is their ratio (a busy machine slows both). The stages are timed apart too, with the share of each.

    .venv/bin/python benchmarks/bench_transform.py                 # writes benchmarks/results/transform-DATE.json
    .venv/bin/python benchmarks/bench_transform.py --synth 600 --repeat 40
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from results_file import results_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.pipeline import RawDocument, process_document  # noqa: E402


def seeds_like(repeat: int) -> list[RawDocument]:
    """The sample reports as text, web page and Word file, `repeat` times."""
    from tests.make_files import make_docx, make_html

    docs = []
    for path in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0]
        docs += [RawDocument(path.name, text.encode("utf-8")),
                 RawDocument(path.stem + ".html", make_html(text, title, "2024-03-01", "某某局")),
                 RawDocument(path.stem + ".docx", make_docx(text))]
    return docs * repeat


def synth(n: int, folder: Path) -> list[RawDocument]:
    from fazhi.synth import generate

    generate(folder, n, seed=1, formats=("txt", "html", "docx"))
    return [RawDocument(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]


def stages(docs: list[RawDocument]) -> dict[str, float]:
    """Seconds per stage over `docs` (one pass, outside process_document's own loop)."""
    from transforms.dedup import signature
    from transforms.facts import fact_rows
    from transforms.metadata import extract_metadata
    from transforms.normalise import clean_lines, normalise
    from transforms.readers import read_document
    from transforms.sections import section_rows
    from transforms.terms import term_rows

    spent: dict[str, float] = defaultdict(float)
    for doc in docs:
        t = time.perf_counter()
        page = read_document(doc.source_file, doc.data)
        spent["read"] += (u := time.perf_counter()) - t
        cleaned = clean_lines(page.text)
        body = normalise(page.text, cleaned)
        spent["normalise"] += (t := time.perf_counter()) - u
        extract_metadata(page.text, body, page, cleaned=cleaned)
        spent["metadata"] += (u := time.perf_counter()) - t
        sections = section_rows(body)
        spent["sections"] += (t := time.perf_counter()) - u
        fact_rows(body)
        spent["facts"] += (u := time.perf_counter()) - t
        term_rows(body, [(r["char_start"], r["ordinal"]) for r in sections if r["level"] == 1])
        spent["terms"] += (t := time.perf_counter()) - u
        signature(body)
        spent["signature"] += time.perf_counter() - t
    return dict(spent)


def measure(name: str, docs: list[RawDocument]) -> dict:
    import jieba

    for doc in docs[:3]:
        process_document(doc)  # loads the rules, the gazetteer and the readers' libraries
    start = time.perf_counter()
    texts = [process_document(doc)[0]["text"] for doc in docs]
    seconds = time.perf_counter() - start
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.lcut("预热")
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    jieba_seconds = time.perf_counter() - start
    spent = stages(docs)
    total = sum(spent.values())
    result = {
        "corpus": name, "documents": len(docs), "text_mb": round(megabytes, 3),
        "ms_per_document": round(seconds / len(docs) * 1000, 3),
        "transform_mb_per_s": round(megabytes / seconds, 3),
        "jieba_mb_per_s": round(megabytes / jieba_seconds, 3),
        "ratio_to_jieba": round(jieba_seconds / seconds, 3),
        "stages_ms_per_document": {k: round(v / len(docs) * 1000, 3) for k, v in spent.items()},
        "stages_share": {k: round(v / total, 3) for k, v in spent.items()},
    }
    print(f"{name}: {len(docs)} documents, {megabytes:.2f} MB of text: transform {result['transform_mb_per_s']} MB/s "
          f"({result['ms_per_document']} ms a document), jieba.cut {result['jieba_mb_per_s']} MB/s: "
          f"ratio {result['ratio_to_jieba']}")
    print("  stages (ms a document): " + ", ".join(f"{k} {v}" for k, v in result["stages_ms_per_document"].items()))
    return result


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=30, help="times the seeds-like corpus repeats (default 30)")
    ap.add_argument("--synth", type=int, default=600, help="synthetic reports (default 600)")
    ap.add_argument("--out", type=Path, default=None, help="JSON file to write (default benchmarks/results/...)")
    args = ap.parse_args(argv)
    import jieba

    jieba.setLogLevel(60)
    with tempfile.TemporaryDirectory() as tmp:
        results = {"when": dt.datetime.now().isoformat(timespec="seconds"),
                   "corpora": [measure("seeds-like", seeds_like(args.repeat)),
                               measure("synth", synth(args.synth, Path(tmp) / "synth"))]}
    out = args.out or results_file("transform")
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
