"""The names of issuers in a text: a people's government, a department, a township or a development zone,
with the region written before it.

- departments and governments: a name of data/rules/departments.csv (科学技术局, 市场监管局, 人民政府)
  after a region (深圳市龙岗区), a bare level (市, 区, 县: its region is told elsewhere) or nothing;
  a branch is read with its district (广州市公安局海珠区分局);
- townships: a 街道, 镇 or 乡 of the gazetteer (data/rules/townships.csv), with its 办事处 or 人民政府;
- development zones: a name ending in 开发区, 高新区, 新区, 园区, 保税区 ... with its 管理委员会.

Pure and rule-driven: the words are data, the grammar is here.

Examples
--------
>>> [(i.kind, i.department_type, i.agency_name()) for i, _, _ in issuers_in("广州市公安局海珠区分局")]
[('department', '公安', '广州市公安局海珠区分局')]
>>> [i.agency_name() for i, _, _ in issuers_in("2023年,十堰经济技术开发区党工委、管委会坚持")]
['十堰经济技术开发区管理委员会']
>>> [i.agency_name() for i, _, _ in issuers_in("西安市雁塔区杜城街道办事处")]
['西安市雁塔区杜城街道办事处']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from transforms.places import (
    at_boundary,
    chain_before,
    county_parent,
    county_region,
    leading_region,
    official_prefix,
    township_names,
    townships,
)
from transforms.regions import Region, current_code, short_name
from transforms.rules import Department, departments, lexicon, lexicon_values

# A region written before a name as a bare level (市科技局, 区司法局) -> the level it names.
RELATIVE = lexicon_values("relative_level")
_LEVEL_WORDS = frozenset(lexicon("level_word"))
TAX_PREFIX = "国家税务总局"
# Departments whose district offices are branches: 广州市公安局海珠区分局, 焦作市生态环境局中站分局.
_BRANCHED = ("公安局", "生态环境局", "市场监督管理局", "税务局", "自然资源和规划局", "自然资源局", "规划和自然资源局")
_BRANCH = re.compile(r"([\u4e00-\u9fff]{2,8}?)分局")
# What a township's own name is followed by when it is the issuer.
_TOWNSHIP_UNIT = re.compile(r"(?:人民政府|政府|办事处|党工委|党委)")
# A township written with its office, whether or not the gazetteer knows the name (北城街街道办事处).
_TOWNSHIP_WRITTEN = re.compile(
    r"(?<![\u4e00-\u9fff])(?![全各所本我该每其])([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))(?:(办事处|人民政府)|"
    rf"(?=在|(?:{'|'.join(lexicon('opening_verb'))})))")
# What every match of _TOWNSHIP_WRITTEN holds, found faster than a match is tried at every character.
_TOWNSHIP_WRITTEN_END = re.compile(rf"(?:街道|镇|乡)(?:办事处|人民政府|在|{'|'.join(lexicon('opening_verb'))})")
# The words that end a development zone's name, longest first, and what follows the zone's name.
_ZONE_WORDS = ("经济技术开发区", "高新技术产业开发区", "高新技术产业园区", "经济开发区", "技术开发区", "综合保税区",
               "保税港区", "保税区", "自由贸易试验区", "高新区", "经开区", "开发区", "工业园区", "产业园区", "新区",
               "园区", "经济区", "示范区", "试验区", "合作区", "管理区", "工业区")
# A zone's name is followed by its committee (管理委员会, 管委会, 党工委), or, naming the zone as the issuer
# of its own report, by the year or the subject of its title or opening (东疆综合保税区2025年度法治政府...).
_AFTER_ZONE = r"(?:(?P<unit>管理委员会|管委会|党工委|工委)|(?=(?:19|20)\d\d年|关于|法治|坚持|深入|认真|全面|始终|紧紧|在))"
_ZONE = re.compile(r"(?P<zone>[\u4e00-\u9fff]{2,14}?(?:" + "|".join(_ZONE_WORDS) + r"))" + _AFTER_ZONE)
_ZONE_FOLLOWED = re.compile(_AFTER_ZONE)


@dataclass(frozen=True)
class Issuer:
    """An issuer a text names: what it is, its region (resolved, or a bare level) and its own name."""

    kind: str  # government, office, department, township, zone
    department_type: str
    unit: str  # the name after the region: 科学技术局, 人民政府; a township's or zone's own name and unit
    region: Region | None = None
    relative: str | None = None  # 市, 区, 县 ... written without a region name
    township_code: str | None = None
    prefix: str = ""  # 国家税务总局
    zone_region: bool = False  # a zone whose own name carries its city (十堰经济技术开发区)
    parent: Region | None = None  # a branch's department's region (广州市 of 广州市公安局海珠区分局)

    @property
    def key(self) -> tuple:
        """What makes two mentions one issuer: its kind of department and name, and its region."""
        return (self.department_type, self.unit, self.region.code if self.region else None, self.relative)

    @property
    def level(self) -> str | None:
        if self.kind == "township":
            return "township"
        return self.region.level if self.region else None

    def agency_name(self) -> str | None:
        """The full official name, region first (docs/data-contract.md §2); None when the region is unknown
        for a department named only with a bare level."""
        if self.region is None:
            # A township or zone names itself (友谊路街道办事处); a department needs its region.
            return self.unit if self.kind in ("township", "zone") else None
        if self.kind == "zone":
            prefix = _zone_prefix(self.region)
            return self.unit if self.zone_region or self.unit.startswith(prefix) else prefix + self.unit
        return self.prefix + official_prefix(self.parent or self.region) + self.unit

    def identity(self) -> str | None:
        """The issuer's one identity across years and renames: the region (its successor's code when the
        division was replaced: 临安市 is 临安区) and the kind of department; a township by its code, a zone by
        its name in its region. None when the region is not known."""
        if self.kind == "township" and self.township_code:
            return f"township:{self.township_code}"
        if self.region is None:
            return None
        code = current_code(self.region.code)
        if self.kind == "township":
            return f"{code}|{self.department_type}|{township_name(self)}"
        if self.kind == "zone":
            return f"{code}|{self.department_type}|{self.unit}"
        return f"{code}|{self.department_type}"

    def with_region(self, region: Region | None) -> Issuer:
        return replace(self, region=region, relative=None if region else self.relative)


def _zone_prefix(region: Region) -> str:
    """A zone's name starts with its city (or 直辖市, or province for a province's own zone)."""
    if region.level == "province":
        return region.province or ""
    return region.city or region.province or ""


@cache
def _names() -> dict[str, Department]:
    return {name: d for d in departments() for name in d.names}


@cache
def _automaton():
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in _names():
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def department_of(name: str) -> Department | None:
    """The row of departments.csv a written department name belongs to."""
    return _names().get(name)


def _department_issuers(text: str, context: str):
    for last, name in _automaton().iter_long(text):
        start, end = last + 1 - len(name), last + 1
        dept = _names()[name]
        unit = dept.canonical_of(name)
        prefix = ""
        tax = text.rfind(TAX_PREFIX, max(0, start - 24), start)
        if tax >= 0:
            region, lead = chain_before(text, start, context, lo=tax + len(TAX_PREFIX))
            if region is not None and lead == tax + len(TAX_PREFIX):
                prefix, lead = TAX_PREFIX, tax
        else:
            region, lead = chain_before(text, start, context)
        relative = None
        if region is None and start and text[start - 1] in RELATIVE and text[max(0, start - 2):start] not in _LEVEL_WORDS:
            relative, lead = text[start - 1], start - 1  # 市科技局; 组建区住房和城市更新局
        if region is None and relative is None and not at_boundary(text, start):
            continue  # inside a word: 教委 in 民族宗教委, 政府 in 法治政府
        if dept.kind == "branch":
            # 海珠区公安分局: the district's office of its city's department.
            if region is None or region.level not in ("district", "county"):
                continue
            yield (Issuer("department", dept.department_type, unit + region.district + "分局", region, prefix=prefix,
                          parent=county_parent(region)), lead, end)
            continue
        if region is None and relative == "市" and unit in _BRANCHED and (branch := _BRANCH.match(text, end)):
            # 市生态环境局洪江市分局: the branch in a county names the county, and its city is the county's.
            county, length = leading_region(branch.group(1) + "分局", context)
            city = county_parent(county) if county is not None and county.level in ("district", "county") else None
            if city is not None and length == len(branch.group(1)) and city.level == "city":
                yield (Issuer(dept.kind, dept.department_type, unit + branch.group(0), county, prefix=prefix,
                              parent=city), lead, branch.end())
                continue
        if region is not None and unit in _BRANCHED:
            branch = _BRANCH.match(text, end)
            if branch:
                district, length = leading_region(branch.group(1) + "分局", official_prefix(region))
                if district is not None and length == len(branch.group(1)) and district.code.startswith(_scope(region)) \
                        and district.code != region.code:
                    yield (Issuer(dept.kind, dept.department_type, unit + branch.group(0), district,
                                  prefix=prefix, parent=region), lead, branch.end())
                    continue
        yield Issuer(dept.kind, dept.department_type, unit, region, relative, prefix=prefix), lead, end


def _township_issuers(text: str, context: str):
    known = []
    for name, start, end in township_names(text):
        if len(name) < (4 if name.endswith("街道") else 3):
            continue  # 街道 or 古镇 alone names no township
        unit = _TOWNSHIP_UNIT.match(text, end)
        region, lead = chain_before(text, start, context)
        known.append((start, end))
        yield _township(name, region, context), lead, unit.end() if unit else end
    for m in _TOWNSHIP_WRITTEN.finditer(text) if _TOWNSHIP_WRITTEN_END.search(text) else ():
        if any(s < m.end() and m.start() < e for s, e in known):
            continue
        region, lead = chain_before(text, m.start(), context)
        yield _township(m.group(1), region, context), lead, m.end()


def _township(name: str, region: Region | None, context: str) -> Issuer:
    """A township issuer: its gazetteer entry when the name and the region before it tell one."""
    candidates = townships(name)
    if region is not None:
        candidates = tuple(t for t in candidates if t.county_code.startswith(_scope(region)))
    township = candidates[0] if len(candidates) == 1 else None
    county = county_region(township.county_code) if township else (
        region if region and region.level in ("district", "county") else None)
    word, dept_type = ("办事处", "街道") if name.endswith("街道") else ("人民政府", "乡镇")
    return Issuer("township", dept_type, name + word, county, township_code=township.code if township else None)


def _scope(region: Region) -> str:
    """The code prefix of the divisions inside a region: 610113 for a county, 6101 for a city, 61 for a province."""
    if region.level == "province":
        return region.code[:2]
    if region.level == "city":
        return region.code[:4]
    return region.code


# Short forms of the words that end a zone's name, as the zone's own name writes them in full.
_ZONE_FULL = {"高新区": "高新技术产业开发区", "经开区": "经济技术开发区"}


_ZONE_ANY = re.compile("|".join(_ZONE_WORDS))


def _zone_issuers(text: str, context: str):
    if not _ZONE_ANY.search(text):
        return
    for m in _zone_matches(text):
        zone, start = m.group("zone"), m.start("zone")
        # The match may start before the zone's name (2024年宁河经济开发区): start at the first region named.
        name_part = len(zone) - len(_zone_word(zone))
        skip = next((i for i in range(name_part - 1) if leading_region(zone[i:], context)[0] is not None), 0)
        zone, start = zone[skip:], start + skip
        # A region written before the zone's own name (云南省曲靖经济技术开发区, 重庆市武隆区工业园区) is read
        # apart from it; the zone's name may itself start with its region (十堰经济技术开发区, 宁河经济开发区).
        written, cut = _leading_chain(zone, context)
        own_text = zone[cut:]
        if len(own_text) - len(_zone_word(own_text)) < 2 and not cut or not (at_boundary(text, start) or skip or cut
                                                                   or chain_before(text, start, context)[0]):
            continue
        own, _ = leading_region(own_text, context)
        before, lead = chain_before(text, start, context)
        region = _deepest(written, own, before)
        for short, full in _ZONE_FULL.items():
            if own_text.endswith(short):
                own_text = own_text[:-len(short)] + full
        # Its name carries its city when it starts with one (十堰经济技术开发区, 河源东源产业园区).
        carries_city = own is not None and (own.level in ("city", "province") or _starts_with_city(own_text, own))
        name = own_text if carries_city else (official_prefix(written) if written else "") + own_text
        yield (Issuer("zone", "开发区", name + "管理委员会", region, zone_region=carries_city or bool(written)),
               lead if before else start, m.end())


def _zone_matches(text: str):
    """_ZONE.finditer(text), tried only where a match may start: 2 to 14 characters before a zone's word
    that _AFTER_ZONE follows, not at every character of the text."""
    starts = set()
    for word in _ZONE_WORDS:
        at = text.find(word)
        while at >= 0:
            if _ZONE_FOLLOWED.match(text, at + len(word)):
                starts.update(range(max(0, at - 14), at - 1))
            at = text.find(word, at + 1)
    last = 0
    for start in sorted(starts):
        if start >= last and (m := _ZONE.match(text, start)):
            last = m.end()
            yield m


def _zone_word(name: str) -> str:
    """The word a zone's name ends in (经济技术开发区, 高新区 ...)."""
    return next(w for w in _ZONE_WORDS if name.endswith(w))


def township_name(issuer: Issuer) -> str:
    """A township issuer's own name: 杜城街道 of 杜城街道办事处."""
    return issuer.unit.removesuffix("办事处").removesuffix("人民政府")


def _starts_with_city(text: str, region: Region) -> bool:
    """True when a text starts with the name (or short name) of the city of a district or county."""
    city = county_parent(region)
    name = city and (city.city or city.province)
    return bool(name) and text.startswith((name, short_name(name)))


def _leading_chain(text: str, context: str) -> tuple[Region | None, int]:
    """The full division names a text starts with (云南省曲靖 -> 云南省; 重庆市武隆区工业园区 -> 武隆区)."""
    best, cut = None, 0
    for end in range(min(len(text) - 2, 12), 1, -1):
        region, start = chain_before(text, end, context, lo=0)
        if region is not None and start == 0:
            return region, end
    return best, cut


def _deepest(*regions: Region | None) -> Region | None:
    """The most specific of regions that nest (a zone's district over its city), else the first given."""
    found = [r for r in regions if r is not None]
    if not found:
        return None
    order = {"province": 0, "city": 1, "district": 2, "county": 2}
    return max(found, key=lambda r: order.get(r.level, 0))


def issuers_in(text: str, context: str = "") -> tuple[tuple[Issuer, int, int], ...]:
    """(Issuer, start, end) of every issuer named in `text`, in reading order; overlapping names give the longer.

    Remembered for the last few thousand texts: a page's lines and windows are asked about more than once."""
    return _issuers_in(text, context)


@lru_cache(maxsize=4096)
def _issuers_in(text: str, context: str) -> tuple[tuple[Issuer, int, int], ...]:
    found = sorted([*_department_issuers(text, context), *_township_issuers(text, context), *_zone_issuers(text, context)],
                   key=lambda f: (f[1], -(f[2] - f[1])))
    out, last_end = [], -1
    for issuer, start, end in found:
        if start < last_end:
            continue
        out.append((issuer, start, end))
        last_end = end
    return tuple(out)


_NOT_NAME_MARK = re.compile(r"[，,。：:；;>|｜\d]")
_PARTY_GROUP = re.compile(r"^中共|(?:党组|党委|党工委|委员会)$")


@lru_cache(maxsize=4096)
def is_agency_line(line: str) -> bool:
    """A short line that is only an agency's name (or its party group: 中共XX局党组).

    Remembered for the last few thousand lines: the title and the evidence ask about the same lines."""
    if len(line) > 34 or _NOT_NAME_MARK.search(line):
        return False
    core = _PARTY_GROUP.sub("", line)
    for text in (line, core):
        names = list(issuers_in(text))
        if len(names) == 1 and names[0][1] == 0 and names[0][2] == len(text):
            return True
    return False
