"""The agency a report speaks for, from every place the page names one, each with a weight.

The title, the opening sentence (2023年,XX县科学技术局坚持...), the 来源/发布机构 line, the
signature, the breadcrumbs and every other mention count (weights: ``agency_weight`` in
data/rules/lexicon.csv); the page's self-references (我局, 我委, 我厅) favour names of that kind;
an agency named as the one that leads, guides or receives counts against. A name without its
region (市科技局) takes the region of the page's site when the site names one of that level
(kj.hangzhou.gov.cn -> 杭州市); a page that names no department at all takes the one its address
abbreviates (.../bm/qgaj/ -> 区公安局).
"""
from __future__ import annotations

import re
from collections import defaultdict

from transforms.dates import ISSUER_LINE
from transforms.metadata.names import RELATIVE, Name, department, is_agency_line, mentions, read_name
from transforms.regions import MUNICIPALITIES, Region, division_by_code, division_region, resolve_region
from transforms.rules import lexicon, lexicon_numbers
from transforms.sites import site_hint

_W = lexicon_numbers("agency_weight")
W_TITLE, W_OPENING, W_SIGNATURE, W_SOURCE = _W["title"], _W["opening"], _W["signature"], _W["source"]
W_BANNER, W_MENTION, W_OTHER, W_SELF = _W["banner"], _W["mention"], _W["other"], _W["self"]
WEAK_SUPPORT = _W["weak_support"]
_WINDOW = {k: int(v) for k, v in lexicon_numbers("page_window").items()}
HEAD_LINES, TAIL_LINES = _WINDOW["head_lines"], _WINDOW["tail_lines"]
OPENING_CHARS, MENTION_CHARS = _WINDOW["opening_chars"], _WINDOW["mention_chars"]

_COPYRIGHT = re.compile(r"([\u4e00-\u9fff]{4,30}?)\s*版权所有")
_SELF_REFERENCE = {**{s: re.compile(f"[我本]{s}") for s in lexicon("self_suffix")},
                   "府": re.compile(r"[我本](?:县|区|市)政府|本级政府")}
# Another agency named as the one that leads, guides or supports: not the report's own.
_OTHER_AGENCY_AFTER = re.compile(rf"^[^，,。；;]{{0,6}}?(?:的|等)?(?:{'|'.join(lexicon('guidance_intensifier'))})?"
                                 rf"(?:{'|'.join(lexicon('guidance_word'))})")
_GOVERNMENT_SUBJECT = re.compile(
    r"(?:^|[，,。\n])\s*(?:在[^，,。]{0,40}[，,])?\s*"
    r"(?P<who>我(?:省|市|区|县|旗)|(?:[省市区县旗]委、)?[\u4e00-\u9fff]{0,12}?(?:省|市|区|县|旗))(?:人民)?(?:政府)?"
    rf"(?=(?:{'|'.join(lexicon('opening_verb'))}))")
# A salutation (市委、市政府: / 中共红河州委、红河州人民政府:) names whom the report goes to, not who wrote it.
_SALUTATION = re.compile(r"^[\u4e00-\u9fff、，,()（）]{2,40}[:：]$")


def _candidates(lines: list[str], title: str | None, body: str, page_lines: list[str], context: str):
    """Weighted agency names found across the page."""
    found: list[tuple[float, Name]] = []

    def add(weight: float, text: str, first_only: bool = False):
        for name, _start, _end in mentions(text, context):
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
    head, tail = lines[:HEAD_LINES], lines[-TAIL_LINES:]
    for line in page_lines + head + tail:
        for rx in (ISSUER_LINE, _COPYRIGHT):
            for m in rx.finditer(line):
                add(W_SOURCE, m.group(1), first_only=True)
    for line in head:
        if is_agency_line(line):
            add(W_BANNER, line, first_only=True)
    for line in tail:
        if is_agency_line(line):
            add(W_SIGNATURE, line, first_only=True)
    # Breadcrumbs: 首页 > 交通局 > 政务公开.
    for line in head:
        if ">" in line:
            for part in re.split(r">+|》", line):
                if is_agency_line(part.strip()):
                    add(W_BANNER, part.strip(), first_only=True)
    # A government's own report: its region is the opening sentence's subject (2023年,兰陵县坚持…; 我市坚持…).
    m = _GOVERNMENT_SUBJECT.search(body[:OPENING_CHARS])
    if m:
        who = re.sub(r"^[省市区县旗]委、", "", m.group("who"))  # 县委、县政府坚持…
        relative = who[1] if who.startswith("我") else (who if who in RELATIVE else None)
        name = (Name("人民政府", "人民政府", "人民政府", None, relative, "") if relative
                else read_name(who, "人民政府", context))
        if name is not None and (name.region is not None or name.relative is not None):
            found.append((W_OPENING, name))
    # Names inside 《》 are titles of other documents, not the report's agency.
    text = re.sub(r"《[^《》\n]{0,80}》", lambda m: "\u3000" * len(m.group(0)), body[:MENTION_CHARS])
    opening = text[:OPENING_CHARS]
    first = True
    for line in lines[:HEAD_LINES]:
        if _SALUTATION.match(line):
            for name, _, _ in mentions(line, context):
                found.append((W_OTHER, name))
    for name, start, end in mentions(text, context):
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


def _choose(found, body: str) -> tuple[Name, float] | None:
    """The best-supported agency: scores add up over the names of one department and region."""
    if not found:
        return None
    selves = {suffix for suffix, rx in _SELF_REFERENCE.items() if rx.search(body[:MENTION_CHARS])}
    scores: dict[tuple, float] = defaultdict(float)
    names: dict[tuple, Name] = {}
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
        if relative is None or RELATIVE[relative] == level or (relative == "市" and level == "county"
                                                                and div.name.endswith("市")) \
                or (relative == "市" and level == "province" and code[:2] in MUNICIPALITIES) \
                or (relative == "州" and div.name.endswith("州")):
            fitting.append((div, region))
    if len(fitting) > 1:
        mentioned = [f for f in fitting if f[0].name in context or f[0].name[:2] in context]
        fitting = mentioned if mentioned else fitting
    return fitting[0][1] if len(fitting) == 1 else None


def _agency_fields(name: Name, region: Region | None) -> dict:
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
    context = context or body[:MENTION_CHARS]
    hint = site_hint(url)
    chosen = _choose(_candidates(lines, title, body, list(page_lines), context), body)
    name, support = chosen if chosen else (None, 0.0)
    same_kind = name is not None and name.dept_type is not None and name.dept_type == department(hint.department or "")[0]
    if support < WEAK_SUPPORT and hint.department and hint.regions and not same_kind:
        # No department named (我局), or only in passing: the one the site's address abbreviates.
        dept_type, canonical = department(hint.department)
        region = _site_region(hint, None, context)
        if region is not None:
            return _agency_fields(Name(hint.department, canonical, dept_type, None, None, ""), region)
    if name is None:
        return {}
    if name.region is not None:
        return _agency_fields(name, name.region)
    return _agency_fields(name, _site_region(hint, name.relative, context))
