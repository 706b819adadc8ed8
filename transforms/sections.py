"""Find the heading hierarchy of a normalised report and type its level-1 parts.

Levels follow the numbering (docs/data-contract.md §3), never the markdown marks:
一、 > (一) > 1. > (1). A numbered line counts as a heading only when its number
continues the sequence of its level under the current parent, which keeps
stray list items and dates out of the outline.
"""
from __future__ import annotations

import re

import polars as pl

from transforms.numerals import parse_number
from transforms.rules import heading_patterns, section_type_patterns
from transforms.schema import stage_schema

SECTION_SCHEMA = stage_schema("dim_section", drop=("report_id",))  # the pipeline adds report_id
_MAX_HEADING = 60
# A heading ends at the first full stop, or where a run-in enumeration (一是) starts.
_HEADING_END = re.compile(r"[。；;]|(?<=[\u4e00-\u9fff]{4})[一二三四五六七八九十]是")
_MAX_LEVEL = 4


def classify_section(heading: str) -> str:
    """Section type of a level-1 heading (measures, shortcomings, leadership, plans, other).

    Examples
    --------
    >>> classify_section("三、存在的问题")
    'shortcomings'
    >>> classify_section("四、2025年工作打算")
    'plans'
    """
    for section_type, pattern in section_type_patterns():
        if pattern.search(heading):
            return section_type
    return "measures"


def _heading_text(rest: str) -> str:
    m = _HEADING_END.search(rest)
    text = rest[:m.start()] if m and m.start() > 0 else rest
    return text.strip()[:_MAX_HEADING].rstrip("，,:：")


def _match_heading(line: str) -> tuple[int, int, str] | None:
    for level, pattern in heading_patterns():
        m = pattern.match(line)
        if m:
            number = parse_number(m.group("num"))
            rest = line[m.end():]
            if number is None or not rest.strip():
                return None
            return level, int(number), rest
    return None


def split_sections(text: str) -> pl.DataFrame:
    """One row per heading in reading order, with level, type and character span.

    Examples
    --------
    >>> df = split_sections("前言。\\n一、主要举措和成效\\n(一)加强领导。正文\\n二、存在的问题\\n正文")
    >>> df.select("level", "heading", "section_type").rows()
    [(1, '主要举措和成效', 'measures'), (2, '加强领导', None), (1, '存在的问题', 'shortcomings')]
    """
    return pl.DataFrame(section_rows(text), schema=SECTION_SCHEMA)


def section_rows(text: str) -> list[dict]:
    """The rows of `split_sections` as dicts (the pipeline makes one frame per batch of documents)."""
    rows: list[dict] = []
    last = [0] * (_MAX_LEVEL + 1)
    pos = 0
    l1_ordinal, l1_type = None, None
    for line in text.split("\n"):
        found = _match_heading(line)
        if found:
            level, number, rest = found
            if last[level] < number <= last[level] + 2:
                for deeper in range(level + 1, _MAX_LEVEL + 1):
                    last[deeper] = 0
                last[level] = number
                heading = _heading_text(rest)
                section_type = classify_section(heading) if level == 1 else None
                if level == 1:
                    l1_ordinal, l1_type = len(rows) + 1, section_type
                rows.append({
                    "ordinal": len(rows) + 1,
                    "level": level,
                    "number": number,
                    "heading": heading,
                    "section_type": section_type,
                    "l1_ordinal": l1_ordinal,
                    "l1_section_type": l1_type,
                    "char_start": pos,
                    "char_end": None,
                })
        pos += len(line) + 1
    end = len(text)
    for i, row in enumerate(rows):
        row["char_end"] = next((r["char_start"] for r in rows[i + 1:] if r["level"] <= row["level"]), end)
    return rows


def section_at(sections: pl.DataFrame | list[dict], positions: list[int]) -> list[int | None]:
    """Ordinal of the innermost heading whose span holds each character position."""
    if isinstance(sections, pl.DataFrame):
        spans = sections.select("ordinal", "char_start", "char_end").rows()
    else:
        spans = [(r["ordinal"], r["char_start"], r["char_end"]) for r in sections]
    out = []
    for p in positions:
        best = None
        for ordinal, s, e in spans:
            if s <= p < e:
                best = ordinal
        out.append(best)
    return out
