#!/usr/bin/env python3
"""Score fazhi on the development set of real reports: overall, per department type and per level.

    python eval/score_dev.py                 # run fazhi on eval/dev/texts, then score
    python eval/score_dev.py --no-run        # score the warehouse of the last run again
    python eval/score_dev.py --errors        # also list every missed and spurious fact, per page
    python eval/score_dev.py --set validation   # the validation set (eval/validation): scored, never tuned on

The texts are rebuilt first (eval/README.md). They are copied with a manifest.csv
(file,url) into a source folder, `fazhi run` loads them into eval/dev/warehouse.duckdb,
and ../shared/tools/score.py compares the warehouse with eval/dev/gold, on the whole set and
on the pages of each department type and each administrative level.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEV = HERE / "dev"
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))


def _use(name: str) -> None:
    global DEV, WAREHOUSE
    DEV = HERE / name
    WAREHOUSE = DEV / "warehouse.duckdb"


_use("dev")


def golds() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((DEV / "gold").glob("*.json"))}


def run_fazhi(gold: dict[str, dict]) -> None:
    missing = [g["file"] for g in gold.values() if not (DEV / "texts" / g["file"]).exists()]
    if missing:
        sys.exit(f"{len(missing)} texts are missing from eval/dev/texts (rebuild them: eval/README.md)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dev"
        src.mkdir()
        with open(src / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["file", "url"])
            for g in gold.values():
                shutil.copy(DEV / "texts" / g["file"], src / g["file"])
                out.writerow([g["file"], g["url"]])
        fazhi = ROOT / ".venv" / "bin" / "fazhi"
        proc = subprocess.run([str(fazhi), "run", "--source", str(src), "--db", str(WAREHOUSE), "--full-refresh"],
                              capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        if proc.returncode != 0:
            sys.exit(proc.stderr)


def score_group(names: list[str]) -> dict:
    from score import score

    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            shutil.copy(DEV / "gold" / name, Path(tmp) / name)
        return score(str(WAREHOUSE), Path(tmp))


def line(label: str, n: int, res: dict) -> str:
    f = res["facts"]
    q, s = f["qualifier_accuracy"], f["subject_agreement"]
    return (f"{label:14s} {n:4d} {f['gold']:5d} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f} "
            f"{q if q is not None else float('nan'):6.3f} {s if s is not None else float('nan'):6.3f} "
            f"{res['metadata_overall']:6.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-run", action="store_true", help="score the existing eval/dev/warehouse.duckdb")
    ap.add_argument("--errors", action="store_true", help="list the missed and spurious facts of every page")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--set", default="dev", help="the labelled set: a folder of eval/ (dev, hard, validation)")
    ap.add_argument("--skip-missing", action="store_true",
                    help="score only the pages whose text was rebuilt (a page the search no longer returns)")
    args = ap.parse_args()
    _use(args.set)
    gold = golds()
    if args.skip_missing:
        absent = [name for name, g in gold.items() if not (DEV / "texts" / g["file"]).exists()]
        for name in absent:
            print(f"skipped, no text: {gold.pop(name)['url']}")
    if not args.no_run:
        run_fazhi(gold)
    groups: dict[str, list[str]] = defaultdict(list)
    for name, g in gold.items():
        groups[f"dept:{g['department_type']}"].append(name)
        groups[f"level:{g['metadata'].get('admin_level')}"].append(name)
    overall = score_group(list(gold))
    header = f"{'group':14s} {'pages':>4s} {'facts':>5s} {'prec':>6s} {'rec':>6s} {'F1':>6s} {'qual':>6s} {'subj':>6s} {'meta':>6s}"
    print(header)
    print(line("all", len(gold), overall))
    results = {"all": overall}
    for key in sorted(groups, key=lambda k: (not k.startswith("level"), k)):
        res = score_group(groups[key])
        results[key] = res
        print(line(key.split(":", 1)[1], len(groups[key]), res))
    print("metadata per field:", json.dumps(overall["metadata"], ensure_ascii=False))
    print("sections:", overall["sections"])
    if args.errors:
        for name, f in overall["files"].items():
            if f["missed"] or f["spurious"] or f["metadata_wrong"]:
                print(f"{name} [{gold[name.replace('.txt', '.json')]['department_type']}]: missed {f['missed']} "
                      f"spurious {f['spurious']} metadata {f['metadata_wrong']}")
    if args.json:
        summary = {k: {"facts": {m: v["facts"][m] for m in ("precision", "recall", "f1", "qualifier_accuracy",
                                                          "subject_agreement", "gold", "got", "matched")},
                       "metadata": v["metadata_overall"]} for k, v in results.items()}
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
