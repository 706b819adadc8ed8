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


@cache
def _any_first(kind: str, unit: str | None) -> re.Pattern | None:
    """A regex of the first parts of every keyword alternative of `_candidates`: a text it does not find
    a part in is hit by none of them (one search, not one per indicator)."""
    firsts = [first.pattern for _ind, first, _exclude in _candidates(kind, unit) if first is not None]
    return re.compile("|".join(firsts)) if firsts else None


def _hits(ind: Indicator, first: re.Pattern | None, exclude: re.Pattern | None, text: str) -> bool:
    if not text or first is None or not first.search(text) or (exclude is not None and exclude.search(text)):
        return False
    return any(all(part in text for part in alt) for alt in ind.keywords)


def _first_hit(kind: str, unit: str | None, text: str) -> str | None:
    """The code of the first of `_candidates` that `_hits` `text`; None when none does."""
    if not text:
        return None
    any_first = _any_first(kind, unit)
    if any_first is None or not any_first.search(text):
        return None
    chars = set(text)
    for ind, first, exclude, first_chars, one_part in _tries(kind, unit):
        # `_hits`, written out, after a test of the first characters of the first parts.
        if first_chars.isdisjoint(chars) or not first.search(text) or (exclude is not None and exclude.search(text)):
            continue
        # When every alternative is one word, the first part `first` found is a whole alternative.
        if one_part or any(all(part in text for part in alt) for alt in ind.keywords):
            return ind.code
    return None


@cache
def _tries(kind: str, unit: str | None) -> tuple:
    """(indicator, first, exclude, first characters of the first parts, whether every keyword alternative
    is one word) of the `_candidates` with a first part."""
    return tuple((ind, first, exclude, frozenset(alt[0][0] for alt in ind.keywords if alt),
                  all(len(alt) == 1 for alt in ind.keywords))
                 for ind, first, exclude in _candidates(kind, unit) if first is not None)


def match_indicator(kind: str, unit: str | None, subject: str, clause: str) -> str:
    """Indicator code for a fact, `other` when no rule fits.

    Examples
    --------
    >>> match_indicator("count", "件", "备案行政规范性文件", "向省司法厅备案行政规范性文件4件")
    'normative_docs_filed'
    """
    code = _first_hit(kind, unit, subject)
    if code is None:
        code = _first_hit(kind, unit, clause)
    return OTHER if code is None else code
