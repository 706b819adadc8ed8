"""The scan of a text for facts: candidate numbers in reading order, each read by `read_candidate`.

One regex pass (patterns.candidate_regex) finds the numbers that can start a fact; those inside
titles 《…》, short quoted labels and fixed phrases (``data/rules/exclusions.txt``), and numeric
dates and clock times, are dropped. Before/after pairs (由…压缩到…) get a shared ``change_id``.

A page in traditional characters is read through its simplified copy (transforms.script: same
length, so every span is a span of the page), because the rules are written in simplified
characters; a fact's unit is then given as the page writes it (10條, 3個).
"""
from __future__ import annotations

import bisect
from itertools import pairwise

from transforms.facts import patterns as P
from transforms.facts.candidate import Fact, read_candidate
from transforms.script import simplified


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans where no fact may start: titles 《…》, short quoted labels, fixed phrases."""
    spans = [m.span() for m in P.TITLE_SPAN.finditer(text)]
    spans.extend(m.span() for m in P.LABEL_SPAN.finditer(text))
    spans.extend(m.span() for m in P.exclusion_regex().finditer(text))
    return sorted(spans)


def _in_date_time(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is part of a numeric date or clock time (checked in a small window)."""
    lo = max(0, start - 11)
    window = text[lo:end + 11]
    if "-" not in window and "/" not in window and "." not in window and ":" not in window:
        return False  # every date or time has one of these: most numbers are told so without the regex
    return any(m.start() + lo < end and m.end() + lo > start for m in P.DATE_TIME.finditer(window))


def _inside(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    i = bisect.bisect_right(starts, a) - 1
    while i >= 0:
        s, e = spans[i]
        if e > a and s < b:
            return True
        if s < a - 400:
            break
        i -= 1
    return False


def _pair_changes(text: str, facts: list[Fact]) -> None:
    change = 0
    for a, b in pairwise(facts):
        if a.role or a.kind != b.kind or b.start - a.end > 12:
            continue
        if not P.CHANGE_BETWEEN.fullmatch(text[a.end:b.start]):
            continue
        if not P.CHANGE_BEFORE.search(text[max(0, a.number_start - 14):a.number_start]):
            continue
        change += 1
        a.change_id, a.role = change, "before"
        b.change_id, b.role = change, "after"


# How far after the lower bound of a range (3至5條) its borrowed unit may stand.
_RANGE_REACH = 24


def _unit_as_written(page: str, text: str, fact: Fact) -> str | None:
    """The unit of `fact` (read in the simplified copy `text`) in the characters of `page`.

    The unit's characters are looked for from the end of the mention backwards (a qualifier may
    follow them: 3次以上; a bracket may split them: 3場(次)), or, for the lower bound of a range
    that borrows its unit (3至5條), after the mention.
    """
    unit = fact.unit
    if unit is None or fact.kind == "rank":
        return unit
    at, i = [], fact.end - 1
    for ch in reversed(unit):
        while i >= fact.number_start and text[i] != ch:
            i -= 1
        if i < fact.number_start:
            break
        at.append(i)
        i -= 1
    else:
        return "".join(page[j] for j in reversed(at))
    j = text.find(unit, fact.end, fact.end + _RANGE_REACH)
    return page[j:j + len(unit)] if j >= 0 else unit


def find_facts(text: str) -> list[Fact]:
    """Facts in `text` in reading order, without subject or indicator."""
    return facts_of(text, simplified(text))


def facts_of(page: str, text: str) -> list[Fact]:
    """`find_facts` of `page`, given its simplified copy `text` (`page` itself when it is simplified)."""
    facts = _find_facts(text)
    if text is not page:
        for fact in facts:
            fact.unit = _unit_as_written(page, text, fact)
    return facts


def _find_facts(text: str) -> list[Fact]:
    spans = _blocked_spans(text)
    span_starts = [s for s, _ in spans]
    facts: list[Fact] = []
    last_end = 0
    for m in P.candidate_regex().finditer(text):
        if m.start() < last_end:
            continue  # inside the previous fact (千 of 3千余份)
        fact = read_candidate(text, m)
        if fact is None or _inside(spans, span_starts, fact.number_start, m.end()):
            continue
        if m.lastgroup == "ar" and _in_date_time(text, m.start(), m.end()):
            continue
        if facts and facts[-1].extra.get("range_lower") and fact.start == facts[-1].end + 1 and fact.qualifier == "exact":
            fact.qualifier = "at_most"  # upper bound of 3至5家
        facts.append(fact)
        last_end = fact.end
    _pair_changes(text, facts)
    return facts
