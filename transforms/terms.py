"""Count mentions of the policy terms of ``data/rules/policy_terms.csv`` per level-1 section.

One regex of every variant, longest first, scans the normalised text once;
mentions do not overlap, so 法治化营商环境 counts once, for the term it
belongs to.
"""
from __future__ import annotations

import bisect
import re
from functools import cache

import polars as pl

from transforms.rules import policy_terms
from transforms.schema import stage_schema

TERM_SCHEMA = stage_schema("fct_term_mention", drop=("report_id",))  # the pipeline adds report_id


@cache
def _scanner() -> tuple[re.Pattern, dict[str, str]]:
    code_of = {}
    for t in policy_terms():
        for v in t.variants:
            code_of.setdefault(v, t.code)
    variants = sorted(code_of, key=len, reverse=True)
    return re.compile("|".join(re.escape(v) for v in variants)), code_of


def count_terms(text: str, sections: pl.DataFrame) -> pl.DataFrame:
    """Mentions per (level-1 section ordinal, term); ordinal 0 is the text before the first heading.

    Examples
    --------
    >>> secs = pl.DataFrame({"ordinal": [1], "level": [1], "char_start": [4]})
    >>> count_terms("深化放管服改革。\\n一、深化“放管服”改革", secs).rows()
    [(0, 'fangguanfu', 1), (1, 'fangguanfu', 1)]
    """
    l1 = sections.filter(pl.col("level") == 1).select("char_start", "ordinal").rows()
    return pl.DataFrame(term_rows(text, l1), schema=TERM_SCHEMA)


def term_rows(text: str, l1: list[tuple[int, int]]) -> list[dict]:
    """The rows of `count_terms` as dicts, given the (char_start, ordinal) of the level-1 sections."""
    pattern, code_of = _scanner()
    starts = [s for s, _ in l1]
    counts: dict[tuple[int, str], int] = {}
    for m in pattern.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        key = (l1[i][1] if i >= 0 else 0, code_of[m.group(0)])
        counts[key] = counts.get(key, 0) + 1
    return [{"l1_ordinal": o, "term_code": c, "n_mentions": n} for (o, c), n in sorted(counts.items())]
