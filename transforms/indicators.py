"""Assign a fact to an indicator of the taxonomy in ``data/rules/indicators.csv``.

An indicator matches when the fact's kind (and unit, when the indicator lists
units) agree and one keyword alternative has all its parts in the subject, or
else in the clause around the number, and no exclude word is there. Rows are
tried in file order; `other` when none fits.
"""
from __future__ import annotations

from transforms.rules import Indicator, indicators

OTHER = "other"


def _hits(ind: Indicator, text: str) -> bool:
    if not text or any(x in text for x in ind.exclude):
        return False
    return any(all(part in text for part in alt) for alt in ind.keywords)


def match_indicator(kind: str, unit: str | None, subject: str, clause: str) -> str:
    """Indicator code for a fact, `other` when no rule fits.

    Examples
    --------
    >>> match_indicator("count", "件", "备案行政规范性文件", "向省司法厅备案行政规范性文件4件")
    'normative_docs_filed'
    """
    candidates = [i for i in indicators() if i.kind == kind and (not i.units or (unit or "") in i.units)]
    for text in (subject, clause):
        for ind in candidates:
            if _hits(ind, text):
                return ind.code
    return OTHER
