"""Report metadata (FACTS.md section 1) from the decoded text of a report.

Reads the page lines as decoded (furniture included: publish dates and source
lines live there) and the normalised text. A field that cannot be told is None.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from transforms.normalise import clean_lines
from transforms.numerals import parse_zh
from transforms.regions import resolve_region
from transforms.rules import departments

_TITLE_WORDS = re.compile(r"(报告|汇报|总结|情况|工作要点)")
_TITLE_TOPIC = re.compile(r"(法治|依法行政|法制|依法治)")
_NOT_TITLE = re.compile(r"(如下|[，,。：:；;]|^(当前位置|您现在的位置|网站首页|首页))")
_REGION_SUFFIX = r"(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|自治旗|特别行政区)"
_DEPT_SUFFIX = r"(?:局|厅|委员会|委|办公室|政府|署|院|中心|办|部)"
AGENCY = re.compile(rf"(?:[\u4e00-\u9fff]{{1,12}}?{_REGION_SUFFIX})+[\u4e00-\u9fff]{{1,16}}?{_DEPT_SUFFIX}")
_SOURCE = re.compile(r"(?:来源|信息来源|发布机构|发布单位|主办单位)\s*[:：]\s*([\u4e00-\u9fff]{4,30}?)(?=发布|浏览|时间|日期|\s|】|$|[|｜])")
_COPYRIGHT = re.compile(r"([\u4e00-\u9fff]{4,30}?)\s*版权所有")
_YEAR = re.compile(r"((?:19|20)\d{2}|[二〇○零一三四五六七八九]{4})\s*年")
_LABELLED_DATE = re.compile(
    r"(?:发布时间|发布日期|信息时间|更新时间|发文日期|成文日期|日期|时间)\s*[:：]\s*"
    r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
_DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_ZH = re.compile(r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DATE_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{3,4})")
_STALE = re.compile(r"今天是|今日|当前时间")
_HEAD_LINES = 12
_TAIL_LINES = 8


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    department_type: str | None = None
    admin_level: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    region_code: str | None = None
    report_year: int | None = None
    publish_date: dt.date | None = None
    signed_date: dt.date | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(s: str) -> dt.date | None:
    """A calendar date written as 2022-01-03, 2024年02月20日, 二〇二一年十二月二十三日 or 2025212."""
    s = s.strip()
    m = _DATE_ISO.fullmatch(s)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DATE_ZH.fullmatch(s)
    if m:
        y, mo, d = (parse_zh(g) for g in m.groups())
        return _date(int(y), int(mo), int(d)) if None not in (y, mo, d) else None
    m = _DATE_COMPACT.fullmatch(s)
    if m:
        year, rest = int(m.group(1)), m.group(2)
        splits = [(rest[:2], rest[2:])] if len(rest) == 4 else [(rest[:1], rest[1:]), (rest[:2], rest[2:])]
        valid = {d for a, b in splits if (d := _date(year, int(a), int(b)))}
        return valid.pop() if len(valid) == 1 else None
    return None


def find_title(lines: list[str]) -> str | None:
    """The report's own title: an early line naming a report on law-based government."""
    for line in lines[:_HEAD_LINES + 4]:
        if 8 <= len(line) <= 80 and _TITLE_WORDS.search(line) and _TITLE_TOPIC.search(line) and not _NOT_TITLE.search(line):
            return line
    return None


def _department(dept: str) -> tuple[str | None, str]:
    for d in departments():
        if d.pattern.fullmatch(dept):
            return d.department_type, d.canonical or dept
    return None, dept


def _agency_candidates(lines: list[str], title: str | None) -> list[tuple[int, str]]:
    """(preference, name) of agency names found in the title, source lines, signature and footer."""
    found: list[tuple[int, str]] = []
    head, tail = lines[:_HEAD_LINES], lines[-_TAIL_LINES:]
    for line in head + tail:
        if AGENCY.fullmatch(line):
            found.append((0, line))
        for rx in (_SOURCE, _COPYRIGHT):
            for m in rx.finditer(line):
                hit = AGENCY.match(m.group(1))
                if hit:
                    found.append((1, hit.group(0)))
    if title:
        m = AGENCY.match(re.split(r"关于|(?:19|20)\d{2}|[二〇]{2}", title)[0])
        if m:
            found.append((2, m.group(0)))
    return found


def find_agency(lines: list[str], title: str | None, context: str) -> dict:
    """Agency, its department type and region, from the best candidate name."""
    best = None
    for pref, name in sorted(_agency_candidates(lines, title), key=lambda c: c[0]):
        region = resolve_region(name, context)
        if region is None:
            continue
        dept_type, canonical = _department(name[region.prefix_end:])
        if not name[region.prefix_end:]:
            continue
        full = canonical == name[region.prefix_end:]
        score = (full, -pref, len(name))
        if best is None or score > best[0]:
            best = (score, name, region, dept_type, canonical)
    if best is None:
        return {}
    _, name, region, dept_type, canonical = best
    prefix = name[:region.prefix_end]
    if region.level in ("district", "county") and region.city and not prefix.startswith(region.city):
        prefix = region.city + prefix
    return {
        "agency": prefix + canonical,
        "department_type": dept_type,
        "admin_level": region.level,
        "province": region.province,
        "city": region.city,
        "district": region.district,
        "region_code": region.code,
    }


def find_report_year(title: str | None, body: str) -> int | None:
    """Year the report covers: from the title, else from the opening paragraph."""
    sources = [title or ""]
    first_para = next((p for p in body.split("\n") if len(p) > 40), "")
    sources.append(first_para[:120])
    for text in sources:
        m = _YEAR.search(text)
        if m:
            y = m.group(1)
            year = int(y) if y.isdigit() else parse_zh(y)
            if year and 1990 <= year <= 2100:
                return int(year)
    return None


def find_publish_date(lines: list[str]) -> dt.date | None:
    """Date the page says the report was published (发布时间/信息时间 lines), ignoring stale page clocks."""
    for line in lines:
        if _STALE.search(line):
            continue
        m = _LABELLED_DATE.search(line)
        if m:
            d = parse_date(m.group(1))
            if d:
                return d
    return None


def find_signed_date(lines: list[str], report_year: int | None) -> dt.date | None:
    """Date on a line of its own next to the title or the signature."""
    for line in lines[:_HEAD_LINES] + lines[-_TAIL_LINES:]:
        if len(line) > 16 or _LABELLED_DATE.search(line):
            continue
        d = parse_date(line)
        if d and (report_year is None or report_year <= d.year <= report_year + 2):
            return d
    return None


def extract_metadata(raw_text: str, normalised: str, page: dict | None = None) -> Metadata:
    """Metadata of a report from its decoded text and its normalised text.

    Examples
    --------
    >>> raw = "龙岗区科技创新局2020年度法治政府建设工作报告\\n发布时间: 2020年12月17日 来源:龙岗区科技创新局"
    >>> m = extract_metadata(raw, raw.split("\\n")[0])
    >>> (m.agency, m.region_code, m.report_year, str(m.publish_date))
    ('深圳市龙岗区科技创新局', '440307', 2020, '2020-12-17')
    """
    page = page or {}
    lines = [ln for ln in clean_lines(raw_text) if ln]
    # What a web page says about itself (its <title>, meta tags, 来源 line) comes first
    # for dates and is one more place an agency name can be read from.
    page_lines = [ln for ln in (page.get("title"), page.get("source") and f"来源:{page['source']}") if ln]
    title = find_title(lines) or find_title(page_lines)
    meta = Metadata(title=title)
    for key, value in find_agency(page_lines + lines, title, normalised[:3000]).items():
        setattr(meta, key, value)
    meta.report_year = find_report_year(title, normalised)
    page_date = parse_date(page["publish_date"]) if page.get("publish_date") else None
    meta.publish_date = page_date or find_publish_date(lines[:_HEAD_LINES] + lines[-_TAIL_LINES:])
    meta.signed_date = find_signed_date(lines, meta.report_year)
    return meta
