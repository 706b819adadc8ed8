"""Which list-page titles are annual reports on law-based government, and the year each is about.

A report's title names its subject (法治政府建设, 依法行政, 法治建设), says it is a report (报告) and
carries the year it covers. Other items of the same columns are skipped: the open-government
annual reports (政府信息公开工作年度报告), the notices that ask for the reports (关于报送…的通知),
news of meetings and training, and the illustrated read-outs of a report (图解, 解读).

Examples
--------
>>> report_year("某某市司法局2023年度法治政府建设情况报告")
2023
>>> report_year("关于二〇二二年依法行政工作的报告")
2022
>>> report_year("2023年政府信息公开工作年度报告") is None
True
>>> report_year("法治政府建设情况报告") is None  # no year: not taken
True
"""
from __future__ import annotations

import re

SUBJECT = re.compile(r"法治政府建设|依法行政|法治建设|法治[\u4e00-\u9fff]{0,4}建设")
REPORT = re.compile(r"报告")
# Items of the same columns that are not the report itself.
EXCLUDE = re.compile(
    r"政府信息公开|信息公开工作|通知|通报|征求意见|图解|解读|一图读懂|会议|召开|座谈|培训|学习|部署|推进会|述职|"
    r"专题|动态|简报|考核|评估|督察|调研")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
YEAR_ZH = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年")
_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def title_year(title: str) -> int | None:
    """The first year written in the title (2023年, 二〇二三年), or None."""
    m = YEAR.search(title)
    if m:
        return int(m.group(1))
    m = YEAR_ZH.search(title)
    if m:
        year = int("".join(_DIGITS[c] for c in m.group(1)))
        return year if 1990 <= year <= 2100 else None
    return None


def clean_title(title: str) -> str:
    """Whitespace collapsed, the list's ellipsis and brackets of a 'new' badge removed."""
    title = re.sub(r"\s+", "", title or "")
    return title.rstrip(".…").strip()


def report_year(title: str) -> int | None:
    """The year a report title is about, or None when the title is not a report's (or has no year)."""
    title = clean_title(title)
    if not (SUBJECT.search(title) and REPORT.search(title)) or EXCLUDE.search(title):
        return None
    return title_year(title)
