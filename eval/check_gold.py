#!/usr/bin/env python3
"""Check the dev-set gold files against their texts, and fill in `sha256`, `chars` and `line_sha256`.

    python eval/check_gold.py                 # check every eval/dev/gold/*.json
    python eval/check_gold.py --fill ID ...   # also (re)write sha256/chars/line hashes from eval/dev/texts/ID.txt
    python eval/check_gold.py --set hard      # another labelled set: eval/hard/gold against eval/hard/texts

A gold file follows the format of the seed answers (`file`, `metadata`,
`sections`, `facts`), plus `url`, `query` (the search that finds the page),
`department_type`, `sha256` and `chars` of the text labelled, and
`line_sha256` (one short hash per line, so a rebuilt text that differs can be
mended line by line). Exit status 1 when a file has a problem.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "dev" / "gold"
TEXTS = HERE / "dev" / "texts"
META = ("agency", "admin_level", "province", "city", "district", "region_code", "report_year", "publish_date",
        "signed_date", "title")
KINDS = {"count", "money", "percent", "duration", "rank"}
QUALIFIERS = {"exact", "approx", "at_least", "at_most"}
LEVELS = {"province", "city", "district", "county", "township", None}
SECTION_TYPES = {"measures", "shortcomings", "leadership", "plans", "other"}


def line_hashes(text: str) -> list[str]:
    return [hashlib.sha256(line.encode("utf-8")).hexdigest()[:12] for line in text.split("\n")]


def fill(gold: dict, text: str) -> dict:
    gold["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    gold["chars"] = len(text)
    gold["line_sha256"] = line_hashes(text)
    return gold


def problems(gold: dict, text: str | None) -> list[str]:
    out = []
    for key in ("file", "url", "query", "department_type", "metadata", "sections", "facts"):
        if key not in gold:
            out.append(f"missing key {key!r}")
    meta = gold.get("metadata") or {}
    out += [f"metadata lacks {f!r}" for f in META if f not in meta]
    if meta.get("admin_level") not in LEVELS:
        out.append(f"admin_level {meta.get('admin_level')!r} not one of {sorted(level for level in LEVELS if level)}")
    for s in gold.get("sections", []):
        if s.get("section_type") not in SECTION_TYPES:
            out.append(f"section {s.get('heading')!r}: section_type {s.get('section_type')!r}")
        if text is not None and s.get("heading") and s["heading"] not in text:
            out.append(f"section heading not in text: {s['heading']!r}")
    for i, f in enumerate(gold.get("facts", [])):
        where = f"fact {i} ({f.get('text')!r})"
        if f.get("kind") not in KINDS:
            out.append(f"{where}: kind {f.get('kind')!r}")
        if f.get("qualifier") not in QUALIFIERS:
            out.append(f"{where}: qualifier {f.get('qualifier')!r}")
        if not isinstance(f.get("value"), (int, float)) or not isinstance(f.get("value_base"), (int, float)):
            out.append(f"{where}: value and value_base must be numbers")
        if not f.get("subject"):
            out.append(f"{where}: no subject")
        if f.get("role") not in (None, "before", "after"):
            out.append(f"{where}: role {f.get('role')!r}")
        if text is not None and (not f.get("text") or f["text"] not in text):
            out.append(f"{where}: 'text' is not a verbatim part of the page text")
    if text is not None and "sha256" in gold:
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != gold["sha256"]:
            bad = [i + 1 for i, (a, b) in enumerate(zip(line_hashes(text), gold.get("line_sha256", []), strict=False)) if a != b]
            out.append(f"text differs from the one labelled (sha256); lines differing: {bad[:20] or 'count differs'}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fill", nargs="*", default=None, help="ids whose sha256/chars/line hashes to (re)write")
    ap.add_argument("--set", default="dev", help="the labelled set: a folder of eval/ (dev, hard, validation)")
    args = ap.parse_args(argv)
    global GOLD, TEXTS
    GOLD, TEXTS = HERE / args.set / "gold", HERE / args.set / "texts"
    bad = 0
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = TEXTS / gold.get("file", path.stem + ".txt")
        text = text_path.read_text(encoding="utf-8") if text_path.exists() else None
        if args.fill is not None and (path.stem in args.fill or not args.fill) and text is not None:
            gold = fill(gold, text)
            path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        found = problems(gold, text)
        if text is None:
            found.append(f"no text at {text_path} (rebuild it: eval/README.md)")
        for p in found:
            print(f"{path.name}: {p}")
        bad += bool(found)
    print(f"{len(list(GOLD.glob('*.json')))} gold files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
