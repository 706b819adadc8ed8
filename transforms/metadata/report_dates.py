"""When: the year a report covers, the day its page says it was published, and the day it was signed."""
from __future__ import annotations

import datetime as dt
import re

from transforms.dates import DATE_AFTER_LABEL, PAGE_CLOCK, PUBLISHED_LABEL_TIERS, parse_date
from transforms.metadata.agency import HEAD_LINES, MENTION_CHARS, TAIL_LINES
from transforms.numerals import parse_zh

_YEAR = re.compile(r"((?:19|20)\d{2}|[二〇○零一三四五六七八九]{4})\s*年")
# Where the year a report covers is written in its opening (2023年,XX局... / 现将2022年度...).
_YEAR_OPENING = (
    re.compile(r"^\s*((?:19|20)\d{2})\s*年(?:度|以来)?\s*[,，]"),
    re.compile(r"现将[^。]{0,12}?((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年度?(?:[\u4e00-\u9fff]{0,6})?(?:法治政府|依法行政|法治建设)"),
)
# The labelled dates of each tier of PUBLISHED_LABEL_TIERS, strongest first.
_PUBLISHED_TIERS = tuple(re.compile(rf"(?:{'|'.join(labels)}){DATE_AFTER_LABEL}") for labels in PUBLISHED_LABEL_TIERS)
_NOT_PUBLISHED = re.compile(r"(?:成文|生成)$")
# A line of the page's header that is only a date and a clock time (2024年02月23日 04时37分,
# 2023-03-01 10:15:02; normalising may have taken the space out): the page's time stamp. A report's own date (its signature) has no clock time.
_STAMP_LINE = re.compile(r"^\s*((?:19|20)\d{2}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?)\s*"
                         r"\d{1,2}\s*(?::|时)\s*\d{1,2}\s*分?(?:\s*:?\s*\d{1,2}\s*秒?)?\s*$")
_IN_BRACKETS = re.compile(r"《[^》]*》|(?:19|20)\d{2}\s*[-—–~～至]\s*(?:19|20)\d{2}\s*年")


def find_report_year(title: str | None, body: str) -> int | None:
    """Year the report covers: from the title, else from the report's opening, never from its publication."""
    for text in (title or "",):
        m = _YEAR.search(text)
        if m:
            y = m.group(1)
            year = int(y) if y.isdigit() else parse_zh(y)
            if year and 1990 <= year <= 2100:
                return int(year)
    opening = _IN_BRACKETS.sub("", body[:600])
    for rx in _YEAR_OPENING:
        for line in opening.split("\n"):
            m = rx.search(line)
            if m and 1990 <= int(m.group(1)) <= 2100:
                return int(m.group(1))
    first_para = next((p for p in _IN_BRACKETS.sub("", body).split("\n") if len(p) > 40), "")
    m = _YEAR.search(first_para[:120])
    if m:
        y = m.group(1)
        year = int(y) if y.isdigit() else parse_zh(y)
        if year and 1990 <= year <= 2100:
            return int(year)
    # No title and no year in the opening: the year the text speaks of, when one clearly dominates.
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", _IN_BRACKETS.sub("", body[:MENTION_CHARS]))]
    counts = {y: years.count(y) for y in set(years)}
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def find_publish_date(lines: list[str]) -> dt.date | None:
    """Date the page says the report was published (发布日期 first, then 时间/日期 lines), ignoring page clocks."""
    usable = [ln for ln in lines if not PAGE_CLOCK.search(ln)]
    for rx in _PUBLISHED_TIERS:
        for line in usable:
            for m in rx.finditer(line):
                if _NOT_PUBLISHED.search(line[:m.start()]):
                    continue
                d = parse_date(m.group(1))
                if d:
                    return d
    for line in usable[:HEAD_LINES]:
        m = _STAMP_LINE.match(line)
        if m and (d := parse_date(m.group(1))):
            return d
    return None


def find_signed_date(lines: list[str], report_year: int | None) -> dt.date | None:
    """Date on a line of its own next to the title or the signature: 2024年1月25日, (2024年1月31日)."""
    for line in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        line = line.strip().strip("()（）")
        if len(line) > 16 or re.search(r"(?:日期|时间)\s*[:：]", line):
            continue
        d = parse_date(line)
        if d and (report_year is None or report_year <= d.year <= report_year + 2):
            return d
    return None


def title_line_date(lines: list[str], title: str | None) -> dt.date | None:
    """A date that follows the title on its line (上海市统计局2019年度……报告 上海市统计局 2020-06-08)."""
    for line in lines[:HEAD_LINES] if title else ():
        flat = re.sub(r"\s+", "", line)
        if flat.startswith(title) and len(flat) > len(title):
            return parse_date(line, within=True)
    return None
