"""Does the transform still give the same rows? A snapshot of process_document's output over a corpus,
and a comparison with one taken before a change (a speed-up must not change a fact or a field).

Every document of the corpus (the seeds-like corpus of bench_transform and `fazhi synth` corpora in
every format) goes through `transforms.pipeline.process_document`; its report row (without the
text), sections, facts and terms, or the quarantine reason, are written as canonical JSON, one line
per document.

    .venv/bin/python benchmarks/same_outputs.py --write /tmp/before.jsonl     # before the change
    .venv/bin/python benchmarks/same_outputs.py --compare /tmp/before.jsonl   # after: lists every difference

The test suite holds a smaller pin: the SHA-256 of each document's rows over a `fazhi synth` corpus
(PINNED_SYNTH), in tests/fixtures/rows-synth.sha256, checked by tests/transforms/test_same_rows.py.
A change that is meant to change rows (a new rule) writes it again, and its diff names the documents:

    .venv/bin/python benchmarks/same_outputs.py --pin tests/fixtures/rows-synth.sha256
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from transforms.pipeline import RawDocument, process_document, quarantine_reason  # noqa: E402

# (seed, number of reports, formats) of the synth corpora, besides the seeds-like one.
SYNTH = ((1, 900, ("txt", "html", "docx")), (7, 300, ("txt", "html", "docx", "pdf")), (23, 600, ("txt",)))


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def output_of(doc: RawDocument) -> dict:
    """The rows of one document, or its quarantine stage and reason, as plain JSON values."""
    try:
        report, sections, facts, terms = process_document(doc)
    except Exception as exc:  # noqa: BLE001 - a quarantined document is an output too
        return {"doc": doc.source_file, "quarantine": list(quarantine_reason(exc))}
    report = {k: _plain(v) for k, v in report.items() if k != "text"}
    rows = lambda rs: [{k: _plain(v) for k, v in r.items()} for r in rs]  # noqa: E731
    return {"doc": doc.source_file, "report": report, "sections": rows(sections), "facts": rows(facts),
            "terms": rows(terms)}


def corpus(folder: Path) -> list[RawDocument]:
    from bench_transform import seeds_like

    from fazhi.synth import generate

    docs = seeds_like(1)
    for seed, n, formats in SYNTH:
        out = folder / f"synth-{seed}"
        generate(out, n, seed=seed, formats=formats)
        docs += [RawDocument(f"synth-{seed}/{p.name}", p.read_bytes()) for p in sorted(out.iterdir()) if p.is_file()]
    return docs


# (seed, number of reports, formats) of the corpus whose rows the test suite pins.
PINNED_SYNTH = (7, 120, ("txt", "html", "docx", "pdf"))


def pinned_digests(folder: Path) -> dict[str, str]:
    """{file name: SHA-256 of its rows as canonical JSON} over the PINNED_SYNTH corpus, written into `folder`."""
    from fazhi.synth import generate

    seed, n, formats = PINNED_SYNTH
    generate(folder, n, seed=seed, formats=formats, gold_dir=folder.parent / f"{folder.name}-gold")
    out = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        rows = output_of(RawDocument(path.name, path.read_bytes()))
        out[path.name] = hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return out


def snapshot() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return [output_of(doc) for doc in corpus(Path(tmp))]


def _differences(a: dict, b: dict) -> list[str]:
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            if isinstance(a.get(key), list) and isinstance(b.get(key), list):
                for i, (x, y) in enumerate(zip(a[key], b[key], strict=False)):
                    if x != y:
                        out.append(f"{key}[{i}]: {x} != {y}")
                        break
                if len(a[key]) != len(b[key]):
                    out.append(f"{key}: {len(a[key])} rows before, {len(b[key])} now")
            else:
                out.append(f"{key}: {a.get(key)!r} before, {b.get(key)!r} now")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the snapshot to this file")
    group.add_argument("--compare", type=Path, help="compare with the snapshot in this file")
    group.add_argument("--pin", type=Path, help="write the digests of the pinned synth corpus's rows to this file")
    args = ap.parse_args(argv)
    if args.pin:
        with tempfile.TemporaryDirectory() as tmp:
            digests = pinned_digests(Path(tmp) / "reports")
        args.pin.write_text("".join(f"{d}  {name}\n" for name, d in digests.items()), encoding="utf-8")
        print(f"wrote the digests of {len(digests)} documents' rows to {args.pin}")
        return 0
    outputs = snapshot()
    if args.write:
        args.write.write_text("".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in outputs),
                              encoding="utf-8")
        print(f"wrote {len(outputs)} documents' outputs to {args.write}")
        return 0
    before = {o["doc"]: o for o in map(json.loads, args.compare.read_text(encoding="utf-8").splitlines())}
    changed = 0
    for now in outputs:
        was = before.pop(now["doc"], None)
        diffs = ["not in the snapshot"] if was is None else _differences(was, json.loads(json.dumps(now)))
        if diffs:
            changed += 1
            print(f"{now['doc']}:\n  " + "\n  ".join(diffs[:6]))
    for name in before:
        changed += 1
        print(f"{name}: in the snapshot, not in the corpus")
    print(f"{len(outputs)} documents, {changed} with other outputs")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
