"""Tests for transforms.sections: heading hierarchy (docs/data-contract.md §3) and section types."""
from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.normalise import normalise
from transforms.sections import classify_section, split_sections

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
# Hand-made answers for the seeds, copied from ../shared/gold so the suite runs anywhere.
GOLD = ROOT / "tests" / "fixtures" / "gold"
SEEDS = sorted(RAW.glob("*.txt"))


def _gold(seed: Path) -> dict:
    return json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))


def _scorer_key(heading: str) -> str:
    """A heading as the scorer compares it: no numbering, whitespace or punctuation ,，。.:：;；、"“”."""
    text = re.sub(r"^[#\s]+", "", heading)
    text = re.sub(r"^[一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十]+[)）]|^\d+[.、．]", "", text)
    return re.sub(r"[\s\u3000,，。.:：;；、\"“”]", "", text)


def _sections(seed: Path) -> tuple[str, pl.DataFrame]:
    text = normalise(seed.read_text(encoding="utf-8"))
    return text, split_sections(text)


# --- classify_section ------------------------------------------------------------

CLASSIFY_GOLD = [  # level-1 headings of the seed gold files
    ("一、加强组织领导,不断提升依法行政能力", "measures"),
    ("二、狠抓工作落实,全面提升重点工作实效", "measures"),
    ("三、存在的问题", "shortcomings"),
    ("四、下一步努力方向", "plans"),
    ("一、2023年法治政府建设情况", "measures"),
    ("二、2024年工作打算", "plans"),
    ("二、蹄疾步稳推出规范性文件,以法治助力科技防疫", "measures"),
    ("一、深入学习宣传贯彻习近平法治思想情况,全面提升对法治政府建设思想认识。", "measures"),
    ("二、2021年度推进法治政府建设的主要举措和成效。", "measures"),
    ("三、推进法治政府建设的不足", "shortcomings"),
    ("四、2022 年度推进法治政府建设的工作思路和打算", "plans"),
    ("五、党政主要负责人切实履行推进法治建设第一责任人职责,加强法治政府建设的有关情况。", "leadership"),
    ("一、主要负责人履行推进法治政府建设工作第一责任人职责情况", "leadership"),
    ("二、推进法治建设工作的举措成效", "measures"),
    ("三、问题和不足", "shortcomings"),
    ("四、2025年工作打算", "plans"),
]
CLASSIFY_NATIONAL_RULE = [  # the five parts as 法治政府建设与责任落实督察工作规定 words them
    ("上一年度推进法治政府建设的主要举措和成效", "measures"),
    ("上一年度推进法治政府建设存在的不足和原因", "shortcomings"),
    ("上一年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况", "leadership"),
    ("下一年度推进法治政府建设的主要安排", "plans"),
    ("其他需要报告的情况", "other"),
]
CLASSIFY_OTHER_DEPARTMENTS = [
    ("存在的问题和不足", "shortcomings"),
    ("存在的不足及原因", "shortcomings"),
    ("法治政府建设存在的短板和薄弱环节", "shortcomings"),
    ("与上级要求相比存在的差距", "shortcomings"),
    ("存在的困难和问题", "shortcomings"),
    ("下一步工作打算", "plans"),
    ("2025年工作思路", "plans"),
    ("二〇二五年工作思路", "plans"),
    ("下一年度工作计划", "plans"),
    ("明年工作打算", "plans"),
    ("党政主要负责人履行推进法治建设第一责任人职责情况", "leadership"),
    ("区长履行推进法治建设第一责任人职责情况", "leadership"),
    ("局主要负责人履行法治建设第一责任人职责情况", "leadership"),
    ("主要举措和成效", "measures"),
    ("2023年度法治政府建设工作开展情况", "measures"),
    ("推进法治政府建设的主要做法", "measures"),
    ("坚持党的领导,健全法治建设工作机制", "measures"),
    ("深化“放管服”改革,优化法治化营商环境", "measures"),
    ("严格规范公正文明执法", "measures"),
    ("坚持问题导向,着力解决群众急难愁盼问题", "measures"),
    ("其他需要报告的事项", "other"),
    ("需要报告的其他事项", "other"),
    ("2024年度推进法治政府建设的主要安排", "plans"),
    ("补齐短板弱项,提升行政执法水平", "measures"),
]


@pytest.mark.parametrize(("heading", "expected"), CLASSIFY_GOLD + CLASSIFY_NATIONAL_RULE + CLASSIFY_OTHER_DEPARTMENTS)
def test_sections_classify_section(heading, expected):
    assert classify_section(heading) == expected


# --- split_sections on the seeds against the gold ----------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_sections_seed_level1_headings_match_gold(seed):
    _, df = _sections(seed)
    got = [_scorer_key(h) for h in df.filter(pl.col("level") == 1)["heading"]]
    assert got == [_scorer_key(s["heading"]) for s in _gold(seed)["sections"]]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_sections_seed_level1_types_match_gold(seed):
    _, df = _sections(seed)
    got = {_scorer_key(h): t for h, t in df.filter(pl.col("level") == 1).select("heading", "section_type").rows()}
    expected = {_scorer_key(s["heading"]): s["section_type"] for s in _gold(seed)["sections"]}
    assert got == expected


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_sections_seed_spans_and_parents_are_consistent(seed):
    text, df = _sections(seed)
    rows = df.rows(named=True)
    assert [r["ordinal"] for r in rows] == list(range(1, len(rows) + 1))
    by_ordinal = {r["ordinal"]: r for r in rows}
    for r in rows:
        # A heading starts a line, and its span holds its own text.
        assert r["char_start"] == 0 or text[r["char_start"] - 1] == "\n"
        assert r["heading"] in text[r["char_start"]:r["char_end"]]
        parent = by_ordinal[r["l1_ordinal"]]
        assert parent["level"] == 1
        assert r["l1_section_type"] == parent["section_type"]
        assert parent["char_start"] <= r["char_start"] < r["char_end"] <= parent["char_end"]
        assert (r["section_type"] is None) == (r["level"] != 1)
    level1 = [r for r in rows if r["level"] == 1]
    assert level1[-1]["char_end"] == len(text)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_sections_seed_run_in_enumerations_are_not_headings(seed):
    text, df = _sections(seed)
    starts, pos = [], 0
    for line in text.split("\n"):
        if re.match(r"[一二三四五六七八九十]是", line):
            starts.append(pos)
        pos += len(line) + 1
    assert set(df["char_start"]) & set(starts) == set()
    assert not any(re.search(r"[一二三四五六七八九十]是", h) for h in df["heading"])


def test_sections_seed_003_markdown_does_not_decide_level():
    # Seed 003 marks headings with #, ## and #### at random; the numbering decides.
    _, df = _sections(next(p for p in SEEDS if p.name.startswith("003")))
    levels = dict(df.select("heading", "level").rows())
    assert levels["2021年度推进法治政府建设的主要举措和成效"] == 1  # "#### 二、"
    assert levels["完善依法行政制度体系"] == 2  # "## (二)"
    assert levels["全面提高工作人员依法行政能力"] == 2  # "#### (三)"
    assert levels["推进政务公开工作"] == 2  # "# (四)"
    assert levels["做好政务公开工作"] == 3  # "- 2. "
    assert levels["推进法治政府建设的不足"] == 1  # "## 三、"
    assert levels["2022年度推进法治政府建设的工作思路和打算"] == 1  # "#### 四、"
    assert "韶关市科学技术局" not in levels  # "# 韶关市科学技术局" is the agency line


def test_sections_seed_004_run_in_cut_from_heading():
    # Seed 004: "4.加强局机关干部职工法治教育培训一是督促…" has no full stop before 一是.
    _, df = _sections(next(p for p in SEEDS if p.name.startswith("004")))
    row = df.filter((pl.col("level") == 3) & (pl.col("number") == 4) & (pl.col("l1_section_type") == "measures"))
    assert row["heading"].to_list() == ["加强局机关干部职工法治教育培训"]


# --- split_sections on small texts ---------------------------------------------------

def test_sections_markdown_marks_do_not_decide_level():
    text = normalise("# 一、主要举措和成效\n#### (一)加强领导\n## 1.完善制度\n- (1)细化责任\n#### 二、存在的问题")
    df = split_sections(text)
    assert df.select("level", "number", "heading").rows() == [
        (1, 1, "主要举措和成效"),
        (2, 1, "加强领导"),
        (3, 1, "完善制度"),
        (4, 1, "细化责任"),
        (1, 2, "存在的问题"),
    ]


NOT_HEADINGS = [
    # run-in enumerations
    "一是加强组织领导。二是完善工作制度。",
    "二是健全机制,落实责任。",
    # numbers at line start
    "1.2万人次参加年度学法考试,合格率达到100%。",
    "2.5亿元专项资金全部纳入预算管理。",
    "2021年9月13日,召开党组(扩大)会。",
    "2021.9.13召开党组会议。",
    # out of sequence at its level
    "五、这一行的编号跳出了顺序",
    "一、重复的编号不是新的部分",
    "(七)二级编号跳出了顺序",
    "3.三级编号跳出了顺序",
]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_sections_line_is_not_a_heading(line):
    text = f"一、主要举措和成效\n(一)加强领导\n{line}\n二、存在的问题"
    df = split_sections(text)
    assert df.select("level", "heading").rows() == [(1, "主要举措和成效"), (2, "加强领导"), (1, "存在的问题")]


def test_sections_numbered_heading_without_text_is_not_a_heading():
    assert split_sections("一、\n正文。").height == 0


def test_sections_empty_text_gives_empty_frame_with_schema():
    df = split_sections("")
    assert df.height == 0
    assert df.schema == pl.Schema({
        "ordinal": pl.Int32, "level": pl.Int32, "number": pl.Int32, "heading": pl.Utf8,
        "section_type": pl.Utf8, "l1_ordinal": pl.Int32, "l1_section_type": pl.Utf8,
        "char_start": pl.Int32, "char_end": pl.Int32,
    })


def test_sections_split_sections_frame():
    lines = [
        "2024年,市司法局认真贯彻落实上级部署,现将有关情况报告如下:",
        "一、主要举措和成效",
        "(一)加强组织领导。全年召开专题会议6次。",
        "1.2万人次参加学法考试,合格率100%。",
        "(二)完善制度体系",
        "1.健全决策机制一是完善议事规则。二是严格合法性审查。",
        "二、存在的问题和不足",
        "一是学法用法不够深入。",
        "三、下一步工作打算",
        "继续深化依法行政。",
    ]
    text = "\n".join(lines)

    def at(line_no: int) -> int:
        return sum(len(ln) + 1 for ln in lines[:line_no])

    end = len(text)
    expected = pl.DataFrame(
        {
            "ordinal": [1, 2, 3, 4, 5, 6],
            "level": [1, 2, 2, 3, 1, 1],
            "number": [1, 1, 2, 1, 2, 3],
            "heading": ["主要举措和成效", "加强组织领导", "完善制度体系", "健全决策机制", "存在的问题和不足", "下一步工作打算"],
            "section_type": ["measures", None, None, None, "shortcomings", "plans"],
            "l1_ordinal": [1, 1, 1, 1, 5, 6],
            "l1_section_type": ["measures", "measures", "measures", "measures", "shortcomings", "plans"],
            "char_start": [at(1), at(2), at(4), at(5), at(6), at(8)],
            "char_end": [at(6), at(4), at(6), at(6), at(8), end],
        },
        schema={
            "ordinal": pl.Int32, "level": pl.Int32, "number": pl.Int32, "heading": pl.Utf8,
            "section_type": pl.Utf8, "l1_ordinal": pl.Int32, "l1_section_type": pl.Utf8,
            "char_start": pl.Int32, "char_end": pl.Int32,
        },
    )
    assert_frame_equal(split_sections(text), expected)
