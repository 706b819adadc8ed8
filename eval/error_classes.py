#!/usr/bin/env python3
"""Errors on the development set by class, for two warehouses: the error-class table of the closing notes.

    .venv/bin/python eval/error_classes.py BEFORE.duckdb [AFTER.duckdb]   # AFTER defaults to eval/dev/warehouse.duckdb

Each missed or spurious fact is put in a class by the words around it (a heuristic, good
enough to count; read the facts themselves with `score_dev.py --errors`).
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "shared" / "tools"))
from score import _key, score


def contexts(db, gold_dir):
    res = score(db, Path(gold_dir))
    con = duckdb.connect(db, read_only=True)
    out = []
    for name, f in res["files"].items():
        gold = json.load(open(f"{gold_dir}/{name[:-4]}.json"))
        row = con.execute(
            "select d.text from stg_document d join dim_report r using (report_id) where r.source_file=?", [name]
        ).fetchone()
        text = row[0] if row else ""
        if not row:
            for _g in gold["facts"]:
                out.append(("missed", "report quarantined (not a report)", name))
            continue
        facts = con.execute(
            "select value, unit, char_start, char_end from export_facts where source_file=?", [name]
        ).fetchall()
        for s in f["spurious"]:
            v, u = eval(s)
            r = next(r for r in facts if _key(r[0], r[1]) == (v, u))
            out.append(("spurious", classify(text[max(0, r[2] - 20) : r[3] + 8], text[r[2] : r[3]], v, u), name))
        for m in f["missed"]:
            v, u = eval(m)
            g = next(g for g in gold["facts"] if _key(g["value"], g["unit"]) == (v, u))
            out.append(("missed", classify(g["text"], g["text"], v, u, missed=True), name))
    return out


def classify(ctx, surface, v, u, missed=False):
    if re.search(r"届[\d一二三四五六七八九十、次]*$", ctx.split(surface)[0]) or "全会" in ctx and u == "次":
        return "session ordinal (十二届五次全会)"
    if u == "日" and v > 1e6:
        return "compact date (2020215日)"
    if u in ("个", "条", "项", "类", "种") and re.search(r"方面|关系|部分|主线|导向|原则|维度|层面|“", ctx):
        return "count naming a set (五个方面, 三个“…”)"
    if "、" in ctx and u in ("个", "项", "类", "条", "次", "名", "件"):
        return "count restating a list"
    if "每" in ctx or "一年" in ctx or "百名" in ctx or "一本" in ctx:
        return "words read as numbers (每一名, 的一年, 百名…百场)"
    if "免签" in ctx or "禁捕" in ctx:
        return "number inside a policy name"
    if u in ("元", "亿元", "万元"):
        return "money unit after 亿余/万余"
    if u and "/" in u:
        return "unit per unit (个/件)"
    if u == "分" or (u in (None, "") and re.search(r"分|指数", ctx)):
        return "scores and index values"
    if u == "位":
        return "ranks and placings"
    if u in ("辆次", "艘次", "枚", "票", "副", "门", "笔", "台", "套", "例", "公里"):
        return "units of vehicles, equipment, votes ..."
    if u in ("期", "次"):
        return "frequencies and clause-final counts (一期, 每月一次)"
    return "other"


BEFORE, AFTER = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "eval/dev/warehouse.duckdb"
before = contexts(BEFORE, "eval/dev/gold")
after = contexts(AFTER, "eval/dev/gold")
cb = Counter((k, c) for k, c, _ in before)
ca = Counter((k, c) for k, c, _ in after)
keys = sorted(set(cb) | set(ca), key=lambda x: (-cb[x], x))
print(f"{'error':8s} {'class':55s} before after")
for k in keys:
    print(f"{k[0]:8s} {k[1]:55s} {cb[k]:6d} {ca[k]:5d}")
print("total", sum(cb.values()), sum(ca.values()))
