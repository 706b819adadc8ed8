"""The report's own title: an early line naming a report on law-based government."""
from __future__ import annotations

import re

from transforms.dates import parse_date
from transforms.metadata.issuers import is_agency_line
from transforms.normalise import is_heading
from transforms.rules import lexicon, lexicon_numbers

TITLE_WORDS = re.compile("(" + "|".join(lexicon("title_word")) + ")")
TITLE_TOPIC = re.compile("(" + "|".join(lexicon("title_topic")) + ")")
_NOT_TITLE = re.compile(r"(如下|[，,。：:；;>]|^(当前位置|您现在的位置|网站首页|首页))")
_REPORT_WORD_END = re.compile(r"^(.*(?:报告|汇报|总结))\s+\S.*$")
_TAG = re.compile(r"^[|｜\s]*(?:【[^】]{0,12}】|\[[^\]]{0,12}\]|#+|标\s*题\s*[:：])?[|｜\s]*")
HEAD_LINES = int(lexicon_numbers("page_window")["head_lines"])  # a title is among the first lines


def _clean_title_line(raw: str) -> str:
    line = _TAG.sub("", raw.strip()).rstrip("|｜ ")
    cut = _REPORT_WORD_END.match(line)
    if cut:
        line = cut.group(1)
    return _cut_after_report_word(re.sub(r"[\s\u3000]+", "", line))


def _is_title(line: str) -> bool:
    return (8 <= len(line) <= 80 and bool(TITLE_WORDS.search(line)) and bool(TITLE_TOPIC.search(line))
            and not _NOT_TITLE.search(line) and not is_heading(line))


def find_title(lines: list[str]) -> str | None:
    """The report's own title: an early line naming a report on law-based government.

    A title split over two lines is joined: the agency, then 关于……的报告 (or the year); a line cut
    mid-title (……2025年法治政府 / 建设年度报告, ……报告和 / 2023年工作思路). Spaces, tags like
    【2022年】 and what follows the title on its line (a date, the source) are dropped. When the
    title repeats, the occurrence that names the agency wins.
    """
    head = [_clean_title_line(ln) for ln in lines[:HEAD_LINES + 4]]
    found = []
    for i, line in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        fragment = bool(TITLE_TOPIC.search(line)) and not _is_title(nxt) and not is_agency_line(line)
        if fragment and nxt and len(nxt) <= 24 and (not TITLE_WORDS.search(line) or line.endswith(("和", "及", "与", "暨"))) \
                and _is_title(line + nxt):
            line = line + nxt  # a title cut by the page width
        elif not _is_title(line):
            continue
        prev = head[i - 1] if i else ""
        if prev and re.match(r"关于|(?:19|20)\d{2}|[二〇]{2}", line) and is_agency_line(prev):
            found.append(prev + line)
            break
        found.append(line)
    joined = [t for t in found if not re.match(r"关于|(?:19|20)\d{2}|[二〇]{2}", t)]
    return (joined or found or [None])[0]


def _cut_after_report_word(line: str) -> str:
    """A title without what a page header put after it on its line: the source, a date."""
    m = re.match(r"^(.*(?:报告|汇报|总结))(.+)$", line)
    if m:
        rest = m.group(2)
        bare = re.sub(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?.*$", "", rest)
        if parse_date(rest, within=True) or (bare and is_agency_line(bare)):
            return m.group(1)
    return line
