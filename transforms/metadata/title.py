"""The report's own title: an early line naming a report on law-based government."""
from __future__ import annotations

import re
from functools import lru_cache

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
_REPORT_WORDS = ("报告", "汇报", "总结")  # what _REPORT_WORD_END and _REPORT_WORD_AND_REST need
_REPORT_WORD_AND_REST = re.compile(r"^(.*(?:报告|汇报|总结))(.+)$")
_SPACES = re.compile(r"[\s\u3000]+")
_TITLE_LEAD = re.compile(r"关于|(?:19|20)\d{2}|[二〇]{2}")  # the start of a title's second half
_DATE_AND_REST = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?.*$")


@lru_cache(maxsize=4096)
def _clean_title_line(raw: str) -> str:
    """A head line as a title is compared: without tags, spaces and what follows a report word (remembered:
    a site's pages share their banner and header lines)."""
    line = raw.strip()
    line = line[_TAG.match(line).end():].rstrip("|｜ ")  # _TAG matches at the start only, always
    cut = _REPORT_WORD_END.match(line) if any(w in line for w in _REPORT_WORDS) else None
    if cut:
        line = cut.group(1)
    return _cut_after_report_word(_SPACES.sub("", line))


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
    titles = [_is_title(line) for line in head] + [False]  # the last line's next is "", not a title
    found = []
    for i, line in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        fragment = bool(TITLE_TOPIC.search(line)) and not titles[i + 1] and not is_agency_line(line)
        if fragment and nxt and len(nxt) <= 24 and (not TITLE_WORDS.search(line) or line.endswith(("和", "及", "与", "暨"))) \
                and _is_title(line + nxt):
            line = line + nxt  # a title cut by the page width
        elif not titles[i]:
            continue
        prev = head[i - 1] if i else ""
        if prev and _TITLE_LEAD.match(line) and is_agency_line(prev):
            found.append(prev + line)
            break
        found.append(line)
    joined = [t for t in found if not _TITLE_LEAD.match(t)]
    return (joined or found or [None])[0]


def _cut_after_report_word(line: str) -> str:
    """A title without what a page header put after it on its line: the source, a date."""
    m = _REPORT_WORD_AND_REST.match(line) if any(w in line for w in _REPORT_WORDS) else None
    if m:
        rest = m.group(2)
        bare = _DATE_AND_REST.sub("", rest)
        if parse_date(rest, within=True) or (bare and is_agency_line(bare)):
            return m.group(1)
    return line
