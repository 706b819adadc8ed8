"""Count mentions of the policy terms of ``data/rules/policy_terms.csv`` per level-1 section.

One automaton of every variant (Aho-Corasick, pyahocorasick) scans the normalised text once;
mentions do not overlap, so 法治化营商环境 counts once, for the term it belongs to: the leftmost
mention wins, and of those starting there the longest (as a regex of the variants, longest first,
would read them).
"""
from __future__ import annotations

import bisect
from functools import cache

import polars as pl

from transforms.rules import policy_terms
from transforms.schema import stage_schema

TERM_SCHEMA = stage_schema("fct_term_mention", drop=("report_id",))  # the pipeline adds report_id


@cache
def _scanner():
    """The automaton of every variant, each keyed to (its length, its term's code)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for t in policy_terms():
        for v in t.variants:
            if v not in automaton:
                automaton.add_word(v, (len(v), t.code))
    automaton.make_automaton()
    return automaton


def mentions(text: str) -> list[tuple[int, str]]:
    """(start, term code) of the mentions in `text`, in order, none overlapping another.

    Examples
    --------
    >>> mentions("推进法治化营商环境建设,深化放管服改革")
    [(2, 'yingshang_huanjing'), (14, 'fangguanfu')]
    """
    found = sorted((end - n + 1, -n, code) for end, (n, code) in _scanner().iter(text))
    out, last_end = [], 0
    for start, neg_n, code in found:
        if start >= last_end:
            out.append((start, code))
            last_end = start - neg_n
    return out


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
    starts = [s for s, _ in l1]
    counts: dict[tuple[int, str], int] = {}
    for start, code in mentions(text):
        i = bisect.bisect_right(starts, start) - 1
        key = (l1[i][1] if i >= 0 else 0, code)
        counts[key] = counts.get(key, 0) + 1
    return [{"l1_ordinal": o, "term_code": c, "n_mentions": n} for (o, c), n in sorted(counts.items())]
