#!/usr/bin/env python3
"""Rebuild eval/dev/texts/ from saved answers of the search tool, checking each text against its gold file.

The texts of the development set are third-party pages and are not in the repository;
each gold file keeps the page's `url`, the `query` that finds it, and the `sha256`,
`chars` and per-line hashes of the exact excerpt that was labelled. Save the search
tool's JSON answers (corpus `pages`, one file per query, as the tool returns them) into a
folder, then

    python eval/rebuild_texts.py ANSWERS_DIR          # writes eval/dev/texts/<id>.txt
    python eval/rebuild_texts.py --queries            # prints the queries to run, one per line
    python eval/rebuild_texts.py --set validation ANSWERS_DIR   # the validation set
    python eval/rebuild_texts.py --set hard --check    # check texts already written (by hand) against the gold

Every result whose url is in a gold file is written to that gold file's text, and checked:
`ok`, or the lines that differ from what was labelled (mend those by hand from the answer).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_gold import line_hashes  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("answers", nargs="?", type=Path, help="folder of saved search answers (*.json)")
    ap.add_argument("--queries", action="store_true", help="print the distinct queries of the gold files")
    ap.add_argument("--set", default="dev", help="the labelled set: a folder of eval/ (dev, hard, validation)")
    ap.add_argument("--check", action="store_true", help="check the texts in eval/SET/texts/ against the gold's hashes")
    args = ap.parse_args()
    GOLD, TEXTS = HERE / args.set / "gold", HERE / args.set / "texts"
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    if args.check:
        return check(gold, TEXTS)
    if args.queries:
        for q in dict.fromkeys(g["query"] for g in gold):
            print(q)
        return 0
    if args.answers is None:
        ap.error("give the folder of saved answers, or --queries")
    by_url = {g["url"]: g for g in gold}
    TEXTS.mkdir(parents=True, exist_ok=True)
    seen, bad = set(), 0
    for path in sorted(args.answers.glob("*.json")):
        answer = json.loads(path.read_text(encoding="utf-8"))
        for result in answer.get("results", []):
            g = by_url.get(result.get("url"))
            if g is None or g["file"] in seen:
                continue
            text = result["excerpt"]
            (TEXTS / g["file"]).write_text(text, encoding="utf-8")
            seen.add(g["file"])
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == g["sha256"]:
                print(f"ok       {g['file']}")
            else:
                bad += 1
                diff = [i + 1 for i, (a, b) in enumerate(zip(line_hashes(text), g["line_sha256"], strict=False)) if a != b]
                print(f"DIFFERS  {g['file']}: lines {diff or 'count differs'} ({len(text)} chars, labelled {g['chars']})")
    missing = [g["file"] for g in gold if g["file"] not in seen]
    print(f"{len(seen)} texts written, {bad} differ from the labelled text, {len(missing)} not in the answers")
    return 1 if bad or missing else 0


def check(gold: list[dict], texts: Path) -> int:
    """Each gold file's text: ok, DIFFERS (with the lines that differ) or MISSING."""
    bad = missing = 0
    for g in gold:
        path = texts / g["file"]
        if not path.exists():
            missing += 1
            print(f"MISSING  {g['file']}  {g['url']}")
            continue
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == g["sha256"]:
            print(f"ok       {g['file']}")
            continue
        bad += 1
        diff = [i + 1 for i, (a, b) in enumerate(zip(line_hashes(text), g["line_sha256"], strict=False)) if a != b]
        print(f"DIFFERS  {g['file']}: lines {diff or 'count differs'} ({len(text)} chars, labelled {g['chars']})")
    print(f"{len(gold) - bad - missing} ok, {bad} differ, {missing} missing")
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main())
