#!/usr/bin/env python3
"""Agreement of two labellers: eval/dev/check/*.json (labelled blind, by a second person) against the
gold files of the same pages, with the measures of ../shared/tools/score.py.

    python eval/agreement.py
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "shared" / "tools"))
from score import META_FIELDS, _exactness, _key, _norm_value, _overlaps, _pairs  # noqa: E402


def main() -> int:
    tot, meta_ok, meta_n = Counter(), Counter(), Counter()
    sec_ok = sec_n = 0
    disagreements = []
    for check_path in sorted((HERE / "dev" / "check").glob("*.json")):
        check = json.loads(check_path.read_text(encoding="utf-8"))
        gold = json.loads((HERE / "dev" / "gold" / check_path.name).read_text(encoding="utf-8"))
        a, b = gold["facts"], check["facts"]
        ka, kb = Counter(_key(f["value"], f["unit"]) for f in a), Counter(_key(f["value"], f["unit"]) for f in b)
        tot.update(first=sum(ka.values()), second=sum(kb.values()), both=sum((ka & kb).values()))
        for g, e in _pairs(a, b):
            tot["qual_n"] += 1
            tot["qual_ok"] += _exactness(g.get("qualifier")) == _exactness(e.get("qualifier"))
            tot["subj_n"] += 1
            tot["subj_ok"] += _overlaps(g.get("subject") or "", e.get("subject"))
        for k in (ka - kb).elements():
            disagreements.append(f"{check_path.stem}: only the first labeller: {k}")
        for k in (kb - ka).elements():
            disagreements.append(f"{check_path.stem}: only the second labeller: {k}")
        for field in META_FIELDS:
            meta_n[field] += 1
            same = str(_norm_value(gold["metadata"].get(field))) == str(_norm_value(check["metadata"].get(field)))
            meta_ok[field] += same
            if not same:
                disagreements.append(f"{check_path.stem}: {field}: {gold['metadata'].get(field)!r} vs "
                                     f"{check['metadata'].get(field)!r}")
        types = {s["heading"]: s["section_type"] for s in check.get("sections", [])}
        for s in gold.get("sections", []):
            sec_n += 1
            sec_ok += types.get(s["heading"]) == s["section_type"]
    p = tot["both"] / tot["second"] if tot["second"] else 0
    r = tot["both"] / tot["first"] if tot["first"] else 0
    print(f"pages: {len(list((HERE / 'dev' / 'check').glob('*.json')))}; facts: first {tot['first']}, "
          f"second {tot['second']}, both {tot['both']}")
    print(f"facts agreement F1 {2 * p * r / (p + r) if p + r else 0:.3f} (first as reference: precision {p:.3f}, "
          f"recall {r:.3f}); qualifier {tot['qual_ok']}/{tot['qual_n']}, subject {tot['subj_ok']}/{tot['subj_n']}")
    print(f"metadata agreement {sum(meta_ok.values()) / sum(meta_n.values()):.3f}: "
          + ", ".join(f"{f} {meta_ok[f]}/{meta_n[f]}" for f in META_FIELDS))
    print(f"section types {sec_ok}/{sec_n}")
    print("\n".join(disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
