"""Report metadata (docs/data-contract.md §2) from the decoded text of a report, its page and its address.

Reads the page lines as decoded (furniture included: publish dates, 来源 lines and breadcrumbs
live there), the normalised text, what the page says about itself (its <title>, meta tags) and,
when known, the page's URL. A field that cannot be told is None, never guessed.

The agency is the department the report speaks for. It is looked for wherever a page names it:
the title, the opening sentence (2023年,XX县科学技术局坚持...), the 来源/发布机构 line, the
signature, the breadcrumbs and every other mention, each with a weight; the page's self-references
(我局, 我委, 我厅) favour names of that kind. A name without its region (市科技局) takes the region
of the page's site when the site names one of that level (kj.hangzhou.gov.cn -> 杭州市); a page
that names no department at all takes the one its address abbreviates (.../bm/qgaj/ -> 区公安局).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING

from transforms.dates import DATE_AFTER_LABEL, ISSUER_LINE, PAGE_CLOCK, PUBLISHED_LABEL_TIERS, parse_date
from transforms.normalise import clean_lines, is_heading
from transforms.numerals import parse_zh
from transforms.regions import MUNICIPALITIES, Region, division_by_code, division_region, resolve_region
from transforms.rules import departments
from transforms.sites import site_hint

if TYPE_CHECKING:  # the readers are not needed to read metadata, only their result
    from transforms.readers import Extracted

_TITLE_WORDS = re.compile(r"(报告|汇报|总结|情况|工作要点)")
_TITLE_TOPIC = re.compile(r"(法治|依法行政|法制|依法治|行政执法)")
_NOT_TITLE = re.compile(r"(如下|[，,。：:；;>]|^(当前位置|您现在的位置|网站首页|首页))")
_REPORT_WORD_END = re.compile(r"^(.*(?:报告|汇报|总结))\s+\S.*$")
_TAG = re.compile(r"^[|｜\s]*(?:【[^】]{0,12}】|\[[^\]]{0,12}\]|#+|标\s*题\s*[:：])?[|｜\s]*")
_REGION_SUFFIX = r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|区|县|旗)"
# A region written before a department: names of divisions, or a bare level (市科技局, 区司法局).
_RELATIVE = {"省": "province", "市": "city", "区": "district", "县": "county", "州": "city", "旗": "county"}
_COPYRIGHT = re.compile(r"([\u4e00-\u9fff]{4,30}?)\s*版权所有")
_SELF_REFERENCE = {"局": re.compile(r"[我本]局"), "委": re.compile(r"[我本]委"), "厅": re.compile(r"[我本]厅"),
                   "办": re.compile(r"[我本]办"), "府": re.compile(r"[我本](?:县|区|市)政府|本级政府")}
# Another agency named as the one that leads, guides or supports: not the report's own.
_OTHER_AGENCY_AFTER = re.compile(r"^[^，,。；;]{0,6}?(?:的|等)?(?:坚强|正确|大力|精心|具体)?(?:领导|指导|支持|督导|部署|要求)")
_GOVERNMENT_SUBJECT = re.compile(
    r"(?:^|[，,。\n])\s*(?:在[^，,。]{0,40}[，,])?\s*"
    r"(?P<who>我(?:省|市|区|县|旗)|(?:[省市区县旗]委、)?[\u4e00-\u9fff]{0,12}?(?:省|市|区|县|旗))(?:人民)?(?:政府)?"
    r"(?=坚持|认真|深入|全面|以习|紧紧|始终|积极|聚焦|持续|统筹|着力|按照|围绕|牢牢)")
# A salutation (市委、市政府: / 中共红河州委、红河州人民政府:) names whom the report goes to, not who wrote it.
_SALUTATION = re.compile(r"^[\u4e00-\u9fff、，,()（）]{2,40}[:：]$")
_YEAR = re.compile(r"((?:19|20)\d{2}|[二〇○零一三四五六七八九]{4})\s*年")
# Where the year a report covers is written in its opening (2023年,XX局... / 现将2022年度...).
_YEAR_OPENING = (
    re.compile(r"^\s*((?:19|20)\d{2})\s*年(?:度|以来)?\s*[,，]"),
    re.compile(r"现将[^。]{0,12}?((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年度?(?:[\u4e00-\u9fff]{0,6})?(?:法治政府|依法行政|法治建设)"),
)
_IN_BRACKETS = re.compile(r"《[^》]*》|(?:19|20)\d{2}\s*[-—–~～至]\s*(?:19|20)\d{2}\s*年")
_HEAD_LINES = 12
_TAIL_LINES = 8
_OPENING_CHARS = 300
_MENTION_CHARS = 3000

# Weights of the places an agency name is read from.
W_TITLE, W_OPENING, W_SIGNATURE, W_SOURCE, W_BANNER, W_MENTION, W_OTHER, W_SELF = 10, 4, 3, 1.5, 1, 0.5, -2, 2
# Below this, what the text says of the agency is weaker than a department the site's address names.
WEAK_SUPPORT = 3


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


@cache
def _department_names() -> tuple[str, ...]:
    """Every department name the rules list (not the catch-all pattern), longest first."""
    names = set()
    for d in departments():
        alts = d.pattern.pattern.split("|")
        if all(re.fullmatch(r"[\u4e00-\u9fff]+", alt) for alt in alts):  # not the catch-all pattern
            names.update(alts)
    return tuple(sorted(names, key=len, reverse=True))


@cache
def _mention_regex() -> re.Pattern:
    """A department name with the Chinese characters before it (where its region is written)."""
    depts = "|".join(_department_names())
    return re.compile(rf"(?P<pre>国家税务总局)?(?P<region>[\u4e00-\u9fff]{{0,16}}?)(?P<dept>{depts})")


@cache
def _department_regex() -> re.Pattern:
    return re.compile("|".join(_department_names()))


_REGION_BEFORE = re.compile(r"[\u4e00-\u9fff]{0,16}$")


def _department(dept: str) -> tuple[str | None, str]:
    for d in departments():
        if d.pattern.fullmatch(dept):
            return d.department_type, d.canonical or dept
    return None, dept


@dataclass(frozen=True)
class _Name:
    """One way the page names an agency: its region (resolved, relative or none) and department."""

    dept: str
    canonical: str
    dept_type: str | None
    region: Region | None
    relative: str | None  # 省/市/区/县/州 written without a name
    written_region: str
    tax_prefix: str = ""

    @property
    def key(self) -> tuple:
        return (self.canonical, self.region.code if self.region else None, self.relative)


def _read_name(region_text: str, dept: str, context: str, pre: str = "") -> _Name | None:
    """The agency a mention names; the region is the longest end of `region_text` that is a region."""
    dept_type, canonical = _department(dept)
    for i in range(len(region_text) + 1):
        tail = region_text[i:]
        if not tail:
            return _Name(dept, canonical, dept_type, None, None, "", pre)
        if tail in _RELATIVE:
            return _Name(dept, canonical, dept_type, None, tail, tail, pre)
        if not re.search(_REGION_SUFFIX + "$", tail) and not tail.endswith(("北京", "上海", "天津", "重庆")):
            continue
        region = resolve_region(tail + dept, context)
        if region is not None and region.prefix_end == len(tail):
            return _Name(dept, canonical, dept_type, region, None, tail, pre)
    return None


def _mentions(text: str, context: str):
    """(_Name, start, end) of every agency named in `text`: each department name, read with the region before it."""
    last = 0
    for m in _department_regex().finditer(text):
        region_text = _REGION_BEFORE.search(text, max(last, m.start() - 16), m.start()).group(0)
        pre = ""
        if region_text.startswith("国家税务总局") or text[:m.start() - len(region_text)].endswith("国家税务总局"):
            region_text = region_text.removeprefix("国家税务总局")
            pre = "国家税务总局"
        name = _read_name(region_text, m.group(0), context, pre)
        last = m.end()
        if name is not None:
            start = m.start() - len(name.written_region) - len(name.tax_prefix)
            yield name, start, m.end()


def _clean_title_line(raw: str) -> str:
    line = _TAG.sub("", raw.strip()).rstrip("|｜ ")
    cut = _REPORT_WORD_END.match(line)
    if cut:
        line = cut.group(1)
    return _cut_after_report_word(re.sub(r"[\s\u3000]+", "", line))


def _is_title(line: str) -> bool:
    return (8 <= len(line) <= 80 and bool(_TITLE_WORDS.search(line)) and bool(_TITLE_TOPIC.search(line))
            and not _NOT_TITLE.search(line) and not is_heading(line))


def find_title(lines: list[str]) -> str | None:
    """The report's own title: an early line naming a report on law-based government.

    A title split over two lines is joined: the agency, then 关于……的报告 (or the year); a line cut
    mid-title (……2025年法治政府 / 建设年度报告, ……报告和 / 2023年工作思路). Spaces, tags like
    【2022年】 and what follows the title on its line (a date, the source) are dropped. When the
    title repeats, the occurrence that names the agency wins.
    """
    head = [_clean_title_line(ln) for ln in lines[:_HEAD_LINES + 4]]
    found = []
    for i, line in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        fragment = bool(_TITLE_TOPIC.search(line)) and not _is_title(nxt) and not _is_agency_line(line)
        if fragment and nxt and len(nxt) <= 24 and (not _TITLE_WORDS.search(line) or line.endswith(("和", "及", "与", "暨"))) \
                and _is_title(line + nxt):
            line = line + nxt  # a title cut by the page width
        elif not _is_title(line):
            continue
        prev = head[i - 1] if i else ""
        if prev and re.match(r"关于|(?:19|20)\d{2}|[二〇]{2}", line) and _is_agency_line(prev):
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
        if parse_date(rest, within=True) or (bare and _is_agency_line(bare)):
            return m.group(1)
    return line


def _is_agency_line(line: str) -> bool:
    """A short line that is only an agency's name (or its party group: 中共XX局党组)."""
    if len(line) > 30 or re.search(r"[，,。：:；;>|｜\d]", line):
        return False
    core = re.sub(r"^中共|(?:党组|党委|委员会)$", "", line)
    return any(_mention_regex().fullmatch(c) for c in (line, core))


def _candidates(lines: list[str], title: str | None, body: str, page_lines: list[str], context: str):
    """Weighted agency names found across the page."""
    found: list[tuple[float, _Name]] = []

    def add(weight: float, text: str, first_only: bool = False):
        for name, _start, _end in _mentions(text, context):
            found.append((weight, name))
            if first_only:
                break

    if title:
        lead = re.split(r"关于|(?:19|20)\d{2}|[二〇]{2}", title)[0]
        after_year = re.match(r"(?:19|20)\d{2}年度?([\u4e00-\u9fff]{2,12}?(?:省|市|区|县|旗))(?:法治|依法)", title)
        if not lead and after_year:
            lead = after_year.group(1)  # 2025年陇西县法治政府建设情况
        region = resolve_region(lead, context) if lead else None
        if region is not None and region.prefix_end == len(lead):
            # 静海区2023年度法治政府建设情况报告: a region's own report is its government's.
            add(W_TITLE, lead + "人民政府", first_only=True)
        elif lead:
            add(W_TITLE, lead, first_only=True)
    head, tail = lines[:_HEAD_LINES], lines[-_TAIL_LINES:]
    for line in page_lines + head + tail:
        for rx in (ISSUER_LINE, _COPYRIGHT):
            for m in rx.finditer(line):
                add(W_SOURCE, m.group(1), first_only=True)
    for line in head:
        if _is_agency_line(line):
            add(W_BANNER, line, first_only=True)
    for line in tail:
        if _is_agency_line(line):
            add(W_SIGNATURE, line, first_only=True)
    # Breadcrumbs: 首页 > 交通局 > 政务公开.
    for line in head:
        if ">" in line:
            for part in re.split(r">+|》", line):
                if _is_agency_line(part.strip()):
                    add(W_BANNER, part.strip(), first_only=True)
    # A government's own report: its region is the opening sentence's subject (2023年,兰陵县坚持…; 我市坚持…).
    m = _GOVERNMENT_SUBJECT.search(body[:_OPENING_CHARS])
    if m:
        who = re.sub(r"^[省市区县旗]委、", "", m.group("who"))  # 县委、县政府坚持…
        relative = who[1] if who.startswith("我") else (who if who in _RELATIVE else None)
        name = (_Name("人民政府", "人民政府", "人民政府", None, relative, "") if relative
                else _read_name(who, "人民政府", context))
        if name is not None and (name.region is not None or name.relative is not None):
            found.append((W_OPENING, name))
    # Names inside 《》 are titles of other documents, not the report's agency.
    text = re.sub(r"《[^《》\n]{0,80}》", lambda m: "\u3000" * len(m.group(0)), body[:_MENTION_CHARS])
    opening = text[:_OPENING_CHARS]
    first = True
    for line in lines[:_HEAD_LINES]:
        if _SALUTATION.match(line):
            for name, _, _ in _mentions(line, context):
                found.append((W_OTHER, name))
    for name, start, end in _mentions(text, context):
        if _SALUTATION.match(text[text.rfind("\n", 0, start) + 1:text.find("\n", end) if "\n" in text[end:] else len(text)]):
            continue  # counted above, as a recipient
        bare = name.region is None and name.relative is None
        if bare and (name.canonical.endswith("政府") or not first or start >= len(opening)):
            continue  # 法治政府建设; a department without its region counts only as the opening's subject
        other = _OTHER_AGENCY_AFTER.search(body[end:end + 16]) or body[max(0, start - 1):start] == "在"
        weight = W_OTHER if other else (W_OPENING if first and start < len(opening) else W_MENTION)
        found.append((weight, name))
        if not other and start < len(opening):
            first = False
    return found


def _choose(found, body: str) -> tuple[_Name, float] | None:
    """The best-supported agency: scores add up over the names of one department and region."""
    if not found:
        return None
    selves = {suffix for suffix, rx in _SELF_REFERENCE.items() if rx.search(body[:_MENTION_CHARS])}
    scores: dict[tuple, float] = defaultdict(float)
    names: dict[tuple, _Name] = {}
    for weight, name in found:
        scores[name.key] += weight
        names.setdefault(name.key, name)
    for key, name in names.items():
        kind = "府" if name.canonical.endswith("政府") else name.canonical[-1]
        if selves and kind in selves:
            scores[key] += W_SELF
    # A name with its region resolved shares the support of the same department named relatively.
    for key, name in names.items():
        if name.region is not None:
            scores[key] += sum(s for k, s in scores.items() if k[0] == key[0] and k[1] is None and s > 0) / 2
    best = max(names, key=lambda k: (scores[k], names[k].region is not None, len(names[k].canonical)))
    return (names[best], scores[best]) if scores[best] > 0 else None


def _site_region(hint, relative: str | None, context: str) -> Region | None:
    """The region of the page's site that fits a name written with a bare level (市/区/县/省), or None."""
    fitting = []
    relative = relative or {"district": "区", "county": "县", "city": "市"}.get(hint.level or "")
    for code in hint.regions:
        div = division_by_code(code)
        region = division_region(div)
        level = region.level
        if relative is None or _RELATIVE[relative] == level or (relative == "市" and level == "county"
                                                                and div.name.endswith("市")) \
                or (relative == "市" and level == "province" and code[:2] in MUNICIPALITIES) \
                or (relative == "州" and div.name.endswith("州")):
            fitting.append((div, region))
    if len(fitting) > 1:
        mentioned = [f for f in fitting if f[0].name in context or f[0].name[:2] in context]
        fitting = mentioned if mentioned else fitting
    return fitting[0][1] if len(fitting) == 1 else None


def _agency_fields(name: _Name, region: Region | None) -> dict:
    """The agency's full name and region fields; its name starts with the region's official name,
    a district's or county's with its city's (its 直辖市's) too (docs/data-contract.md §2)."""
    if region is None:
        written = name.written_region if name.relative is None else ""
        return {"agency": (name.tax_prefix + written + name.canonical) if written else None,
                "department_type": name.dept_type}
    div = division_by_code(region.code)
    prefix = div.name
    if region.level in ("district", "county"):
        prefix = (region.city or region.province or "") + div.name
    return {
        "agency": name.tax_prefix + prefix + name.canonical,
        "department_type": name.dept_type,
        "admin_level": region.level,
        "province": region.province,
        "city": region.city,
        "district": region.district,
        "region_code": region.code,
    }


def find_agency(lines: list[str], title: str | None, body: str, page_lines: list[str] = (), url: str | None = None,
                context: str = "") -> dict:
    """Agency, its department type and region, from the page's text and address."""
    context = context or body[:_MENTION_CHARS]
    hint = site_hint(url)
    chosen = _choose(_candidates(lines, title, body, list(page_lines), context), body)
    name, support = chosen if chosen else (None, 0.0)
    same_kind = name is not None and name.dept_type is not None and name.dept_type == _department(hint.department or "")[0]
    if support < WEAK_SUPPORT and hint.department and hint.regions and not same_kind:
        # No department named (我局), or only in passing: the one the site's address abbreviates.
        dept_type, canonical = _department(hint.department)
        region = _site_region(hint, None, context)
        if region is not None:
            return _agency_fields(_Name(hint.department, canonical, dept_type, None, None, ""), region)
    if name is None:
        return {}
    if name.region is not None:
        return _agency_fields(name, name.region)
    return _agency_fields(name, _site_region(hint, name.relative, context))


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
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", _IN_BRACKETS.sub("", body[:_MENTION_CHARS]))]
    counts = {y: years.count(y) for y in set(years)}
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def find_publish_date(lines: list[str]) -> dt.date | None:
    """Date the page says the report was published (发布日期 first, then 时间/日期 lines), ignoring page clocks."""
    usable = [ln for ln in lines if not PAGE_CLOCK.search(ln)]
    for labels in PUBLISHED_LABEL_TIERS:
        rx = re.compile(rf"(?:{'|'.join(labels)}){DATE_AFTER_LABEL}")
        for line in usable:
            for m in rx.finditer(line):
                if re.search(r"(?:成文|生成)$", line[:m.start()]):
                    continue
                d = parse_date(m.group(1))
                if d:
                    return d
    return None


def find_signed_date(lines: list[str], report_year: int | None) -> dt.date | None:
    """Date on a line of its own next to the title or the signature: 2024年1月25日, (2024年1月31日)."""
    for line in lines[:_HEAD_LINES] + lines[-_TAIL_LINES:]:
        line = line.strip().strip("()（）")
        if len(line) > 16 or re.search(r"(?:日期|时间)\s*[:：]", line):
            continue
        d = parse_date(line)
        if d and (report_year is None or report_year <= d.year <= report_year + 2):
            return d
    return None


def _title_line_date(lines: list[str], title: str | None) -> dt.date | None:
    """A date that follows the title on its line (上海市统计局2019年度……报告 上海市统计局 2020-06-08)."""
    for line in lines[:_HEAD_LINES] if title else ():
        flat = re.sub(r"\s+", "", line)
        if flat.startswith(title) and len(flat) > len(title):
            return parse_date(line, within=True)
    return None


def apply_given(meta: Metadata, given: dict) -> Metadata:
    """`meta` with the values a source states (a folder's manifest.csv): given values win over read ones.

    A given agency is read like a name on the page, so its region fields follow it.
    """
    if given.get("agency"):
        fields = find_agency([given["agency"]], given["agency"], given["agency"])
        for key in ("agency", "department_type", "admin_level", "province", "city", "district", "region_code"):
            setattr(meta, key, fields.get(key))
        meta.agency = fields.get("agency") or given["agency"]
    if given.get("report_year"):
        meta.report_year = int(given["report_year"])
    if given.get("publish_date"):
        meta.publish_date = parse_date(str(given["publish_date"]))
    if given.get("title"):
        meta.title = given["title"]
    return meta


def extract_metadata(raw_text: str, normalised: str, page: Extracted | None = None, url: str | None = None,
                     given: dict | None = None, cleaned: list[str] | None = None) -> Metadata:
    """Metadata of a report from its decoded text, its normalised text, its page fields and its URL.

    `page` is what the reader found (`transforms.readers.Extracted`): its title, publish date and
    source, when the page states them, are read with the text.

    `given` holds what the source states (a manifest row: agency, report_year, publish_date, title);
    it wins over what is read, and a given title is read for the agency and year like a found one.

    Examples
    --------
    >>> raw = "龙岗区科技创新局2020年度法治政府建设工作报告\\n发布时间: 2020年12月17日 来源:龙岗区科技创新局"
    >>> m = extract_metadata(raw, raw.split("\\n")[0])
    >>> (m.agency, m.region_code, m.report_year, str(m.publish_date))
    ('深圳市龙岗区科技创新局', '440307', 2020, '2020-12-17')
    >>> m = extract_metadata("2023年,市公安局认真贯彻落实法治政府建设部署。", "2023年,市公安局认真贯彻落实法治政府建设部署。",
    ...                      url="http://gaj.hangzhou.gov.cn/art/1.html")
    >>> (m.agency, m.region_code, m.report_year)
    ('杭州市公安局', '330100', 2023)
    """
    lines = [ln for ln in (clean_lines(raw_text) if cleaned is None else cleaned) if ln]
    # What a web page says about itself (its <title>, meta tags, 来源 line) comes first
    # for dates and is one more place an agency name can be read from.
    page_title, page_source, page_published = ((page.title, page.source, page.publish_date) if page is not None
                                                else (None, None, None))
    page_lines = [ln for ln in (page_title, page_source and f"来源:{page_source}") if ln]
    given = given or {}
    title = given.get("title") or find_title(lines) or find_title(page_lines)
    meta = Metadata(title=title)
    for key, value in find_agency(lines, title, normalised, page_lines, url).items():
        setattr(meta, key, value)
    meta.report_year = find_report_year(title, normalised)
    page_date = parse_date(page_published) if page_published else None
    meta.publish_date = (page_date or find_publish_date(lines[:_HEAD_LINES] + lines[-_TAIL_LINES:])
                         or _title_line_date(lines, title))
    meta.signed_date = find_signed_date(lines, meta.report_year)
    return apply_given(meta, given)
