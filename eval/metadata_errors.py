#!/usr/bin/env python3
"""List the pages of a labelled set whose agency or region fields differ from the gold, after `score_dev.py`.

    python eval/metadata_errors.py --set hard            # the last run of eval/hard
    python eval/metadata_errors.py --set dev --wrong     # only pages whose agency is wrong (not just empty)

Each line: the page, the gold agency, what the warehouse has (with how it was told), the fields that
differ, and the page's hard_because tags and address. For error analysis on the development sets;
the validation set is scored, never analysed this way.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
FIELDS = ("agency", "admin_level", "province", "city", "district", "region_code")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="dev")
    ap.add_argument("--wrong", action="store_true", help="only pages with a wrong (not empty) agency")
    args = ap.parse_args()
    con = duckdb.connect(str(HERE / args.set / "warehouse.duckdb"), read_only=True)
    cols = ", ".join(FIELDS)
    rows = {r[0]: r[1:] for r in con.execute(
        f"select e.source_file, {', '.join('e.' + f for f in FIELDS)}, r.agency_told_by, r.region_told_by "
        "from export_reports e join current_report r using (source_file)").fetchall()}
    n_wrong = n_empty = 0
    for path in sorted((HERE / args.set / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        got = rows.get(gold["file"])
        if got is None:
            print(f"{gold['file']}: not in the warehouse")
            continue
        meta = gold["metadata"]
        diff = [f for i, f in enumerate(FIELDS) if (meta.get(f) or None) != (got[i] or None)]
        if not diff:
            continue
        wrong = got[0] is not None and got[0] != meta.get("agency")
        n_wrong += wrong
        n_empty += got[0] is None and meta.get("agency") is not None
        if args.wrong and not wrong:
            continue
        print(f"{'WRONG' if wrong else 'miss '} {gold['file'][:12]} gold={meta.get('agency')} got={got[0]} "
              f"[{got[-2]}/{got[-1]}] diff={','.join(diff)} {','.join(gold.get('hard_because', []))} {gold['url'][:80]}")
    print(f"{n_wrong} wrong agencies, {n_empty} empty where the gold has one ({cols})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
