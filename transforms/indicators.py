"""Assign a fact to an indicator of the taxonomy in ``data/rules/indicators.csv``.

An indicator matches when the fact's kind (and unit, when the indicator lists
units) agree and one keyword alternative has all its parts in the subject, or
else in the clause around the number, and no exclude word is there. Rows are
tried in file order; `other` when none fits.
"""
from __future__ import annotations

import re
from functools import cache

from transforms.rules import Indicator, indicators

OTHER = "other"


@cache
def _quick(ind: Indicator) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(regex of every keyword alternative's first part, regex of exclude words) of an indicator."""
    first = "|".join(re.escape(alt[0]) for alt in ind.keywords if alt)
    exclude = "|".join(re.escape(x) for x in ind.exclude)
    return (re.compile(first) if first else None), (re.compile(exclude) if exclude else None)


def _hits(ind: Indicator, text: str) -> bool:
    first, exclude = _quick(ind)
    if not text or first is None or not first.search(text) or (exclude is not None and exclude.search(text)):
        return False
    return any(all(part in text for part in alt) for alt in ind.keywords)


@cache
def _candidates(kind: str, unit: str | None) -> tuple[Indicator, ...]:
    return tuple(i for i in indicators() if i.kind == kind and (not i.units or (unit or "") in i.units))


def match_indicator(kind: str, unit: str | None, subject: str, clause: str) -> str:
    """Indicator code for a fact, `other` when no rule fits.

    Examples
    --------
    >>> match_indicator("count", "件", "备案行政规范性文件", "向省司法厅备案行政规范性文件4件")
    'normative_docs_filed'
    """
    candidates = _candidates(kind, unit)
    for text in (subject, clause):
        for ind in candidates:
            if _hits(ind, text):
                return ind.code
    return OTHER
