"""Calendar dates and the labelled lines of a page (发布时间, 来源 ...), in one place.

2022-01-03, 2024/2/20, 2024.12.01, 2024年02月20日, 二〇二一年十二月二十三日 and the compact
2025212 (2025-02-12) all parse to a `datetime.date`; what does not name a real day is None.

The labels a government page writes around a report (its publication date, its source, its hit
counter ...) are defined here too, for the readers (which move them into fields) and for
metadata (which reads dates and agency names from them).
"""
from __future__ import annotations

import datetime as dt
import re

from transforms.numerals import parse_zh
from transforms.rules import lexicon, lexicon_values

DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
DATE_ZH = re.compile(r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
DATE_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{3,4})")


def make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(s: str | None, *, within: bool = False) -> dt.date | None:
    """A calendar date written as 2022-01-03, 2024年02月20日, 二〇二一年十二月二十三日 or 2025212.

    By default `s` is the date and nothing else (spaces aside), in any of these forms.
    With ``within=True`` `s` is any text (a page's ``2024-02-20 14:34``, ``发布时间：2024年2月20日``,
    or None) and the date is its first numeric one (2024-02-20, 2024年2月20日, 2024/2/20 ...):
    Chinese-numeral and compact dates are not looked for inside text, and when that first
    numeric date names no real day the answer is None (later dates are not tried).

    Examples
    --------
    >>> parse_date("2024年2月20日"), parse_date("2025212"), parse_date("2025-13-01")
    (datetime.date(2024, 2, 20), datetime.date(2025, 2, 12), None)
    >>> parse_date("2024-02-20 14:34"), parse_date("2024-02-20 14:34", within=True)
    (None, datetime.date(2024, 2, 20))
    >>> parse_date("二〇二一年十二月二十三日", within=True), parse_date(None, within=True)
    (None, None)
    """
    if within:
        m = DATE_ISO.search(s or "")
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
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


# ---------------------------------------------------------------- page labels

def _any(labels: tuple[str, ...]) -> str:
    return "(?:" + "|".join(labels) + ")"


# The labels, from data/rules/lexicon.csv: of the date a page was published (as the readers take it);
PUBLISHED_LABELS = lexicon("published_label")
# of that date for metadata, strongest tier first (成文日期 and 生成日期 are not publication);
PUBLISHED_LABEL_TIERS = tuple(
    tuple(label for label, t in lexicon_values("published_label_tier").items() if t == tier)
    for tier in dict.fromkeys(lexicon_values("published_label_tier").values()))
# of the page's source (as the readers take it);
SOURCE_LABELS = lexicon("source_label")
# after which metadata reads an agency name (more of them, and looser: no colon needed);
ISSUER_LABELS = lexicon("issuer_label")
# of the lines of an article's header or footer: date, source, hits, font size, editor.
INFO_LABELS = (*PUBLISHED_LABELS, *SOURCE_LABELS, *lexicon("info_label"))

# 发布时间：2024-02-20 (the readers' publish date; groups as in DATE_ISO).
LABELLED_DATE = re.compile(_any(PUBLISHED_LABELS) + r"\s*[:：]\s*" + DATE_ISO.pattern)
# 来源：XX局 (the readers' source; group 1 is the name).
LABELLED_SOURCE = re.compile(
    _any(SOURCE_LABELS) + r"\s*[:：]\s*([\u4e00-\u9fff（）()·]{2,40}?)"
    r"(?=\s|发布|浏览|时间|日期|作者|阅读|点击|字号|】|\]|[|｜]|$)"
)
# A header or footer line the readers move into fields (or drop), when near an end of the article.
INFO_LINE = re.compile(r"^[【\[\s]*" + _any(INFO_LABELS) + r"\s*[:：]")
# 来源 | XX局, 【发布机构】XX局 ... (metadata's agency name from a source line; group 1 is the name).
ISSUER_LINE = re.compile(_any(ISSUER_LABELS) + r"\s*[\]】]?\s*[:：|｜]?\s*[|｜]?\s*"
                         r"([\u4e00-\u9fff（）()]{3,30}?)(?=发布|浏览|时间|日期|生成|成文|\s|】|\]|$|[|｜])")
# What follows a date label in metadata: separators, then a numeric date (group 1).
DATE_AFTER_LABEL = r"[\s:：\]】|｜]{0,6}((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
# A page clock (今天是2024年3月1日), not a publication date.
PAGE_CLOCK = re.compile(_any(lexicon("page_clock")))
