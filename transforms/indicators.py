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


def _compile(ind: Indicator) -> tuple[Indicator, re.Pattern | None, re.Pattern | None]:
    """An indicator with a regex of every keyword alternative's first part and one of its exclude words."""
    first = "|".join(re.escape(alt[0]) for alt in ind.keywords if alt)
    exclude = "|".join(re.escape(x) for x in ind.exclude)
    return ind, (re.compile(first) if first else None), (re.compile(exclude) if exclude else None)


@cache
def _candidates(kind: str, unit: str | None) -> tuple:
    """Compiled indicators a fact of this kind and unit may belong to, in matching order."""
    return tuple(_compile(i) for i in indicators() if i.kind == kind and (not i.units or (unit or "") in i.units))


def _hits(ind: Indicator, first: re.Pattern | None, exclude: re.Pattern | None, text: str) -> bool:
    if not text or first is None or not first.search(text) or (exclude is not None and exclude.search(text)):
        return False
    return any(all(part in text for part in alt) for alt in ind.keywords)


def match_indicator(kind: str, unit: str | None, subject: str, clause: str) -> str:
    """Indicator code for a fact, `other` when no rule fits.

    Examples
    --------
    >>> match_indicator("count", "件", "备案行政规范性文件", "向省司法厅备案行政规范性文件4件")
    'normative_docs_filed'
    """
    candidates = _candidates(kind, unit)
    for text in (subject, clause):
        for ind, first, exclude in candidates:
            if _hits(ind, first, exclude, text):
                return ind.code
    return OTHER
