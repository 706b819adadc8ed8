"""Calendar dates as reports and their pages write them, in one place.

2022-01-03, 2024/2/20, 2024.12.01, 2024年02月20日, 二〇二一年十二月二十三日 and the compact
2025212 (2025-02-12) all parse to a `datetime.date`; what does not name a real day is None.
"""
from __future__ import annotations

import datetime as dt
import re

from transforms.numerals import parse_zh

DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
DATE_ZH = re.compile(r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
DATE_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{3,4})")


def make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(s: str) -> dt.date | None:
    """A calendar date written as 2022-01-03, 2024年02月20日, 二〇二一年十二月二十三日 or 2025212.

    Examples
    --------
    >>> parse_date("2024年2月20日"), parse_date("2025212"), parse_date("2025-13-01")
    (datetime.date(2024, 2, 20), datetime.date(2025, 2, 12), None)
    """
    s = s.strip()
    m = DATE_ISO.fullmatch(s)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = DATE_ZH.fullmatch(s)
    if m:
        y, mo, d = (parse_zh(g) for g in m.groups())
        return make_date(int(y), int(mo), int(d)) if None not in (y, mo, d) else None
    m = DATE_COMPACT.fullmatch(s)
    if m:
        year, rest = int(m.group(1)), m.group(2)
        splits = [(rest[:2], rest[2:])] if len(rest) == 4 else [(rest[:1], rest[1:]), (rest[:2], rest[2:])]
        valid = {d for a, b in splits if (d := make_date(year, int(a), int(b)))}
        return valid.pop() if len(valid) == 1 else None
    return None


def find_date(s: str | None) -> dt.date | None:
    """The first numeric date inside `s` (a page's 2024-02-20 14:34, 发布时间：2024年2月20日 ...)."""
    m = DATE_ISO.search(s or "")
    return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
