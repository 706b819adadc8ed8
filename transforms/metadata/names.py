"""How a page names an agency: a department name (data/rules/departments.csv) with the region before it.

`mentions(text, context)` yields every agency a text names, with its region resolved from the
gazetteer (深圳市龙岗区科技创新局), relative (市科技局: a level without a name) or absent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms.regions import Region, resolve_region
from transforms.rules import departments, lexicon, lexicon_values

REGION_SUFFIX = "(?:" + "|".join(lexicon("region_suffix")) + ")"
# A region written before a department as a bare level (市科技局, 区司法局) -> the level it names.
RELATIVE = lexicon_values("relative_level")


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
def mention_regex() -> re.Pattern:
    """A department name with the Chinese characters before it (where its region is written)."""
    depts = "|".join(_department_names())
    return re.compile(rf"(?P<pre>国家税务总局)?(?P<region>[\u4e00-\u9fff]{{0,16}}?)(?P<dept>{depts})")


@cache
def _department_regex() -> re.Pattern:
    return re.compile("|".join(_department_names()))


_REGION_BEFORE = re.compile(r"[\u4e00-\u9fff]{0,16}$")


def department(dept: str) -> tuple[str | None, str]:
    for d in departments():
        if d.pattern.fullmatch(dept):
            return d.department_type, d.canonical or dept
    return None, dept


@dataclass(frozen=True)
class Name:
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


def read_name(region_text: str, dept: str, context: str, pre: str = "") -> Name | None:
    """The agency a mention names; the region is the longest end of `region_text` that is a region."""
    dept_type, canonical = department(dept)
    for i in range(len(region_text) + 1):
        tail = region_text[i:]
        if not tail:
            return Name(dept, canonical, dept_type, None, None, "", pre)
        if tail in RELATIVE:
            return Name(dept, canonical, dept_type, None, tail, tail, pre)
        if not re.search(REGION_SUFFIX + "$", tail) and not tail.endswith(("北京", "上海", "天津", "重庆")):
            continue
        region = resolve_region(tail + dept, context)
        if region is not None and region.prefix_end == len(tail):
            return Name(dept, canonical, dept_type, region, None, tail, pre)
    return None


def mentions(text: str, context: str):
    """(Name, start, end) of every agency named in `text`: each department name, read with the region before it."""
    last = 0
    for m in _department_regex().finditer(text):
        region_text = _REGION_BEFORE.search(text, max(last, m.start() - 16), m.start()).group(0)
        pre = ""
        if region_text.startswith("国家税务总局") or text[:m.start() - len(region_text)].endswith("国家税务总局"):
            region_text = region_text.removeprefix("国家税务总局")
            pre = "国家税务总局"
        name = read_name(region_text, m.group(0), context, pre)
        last = m.end()
        if name is not None:
            start = m.start() - len(name.written_region) - len(name.tax_prefix)
            yield name, start, m.end()


def is_agency_line(line: str) -> bool:
    """A short line that is only an agency's name (or its party group: 中共XX局党组)."""
    if len(line) > 30 or re.search(r"[，,。：:；;>|｜\d]", line):
        return False
    core = re.sub(r"^中共|(?:党组|党委|委员会)$", "", line)
    return any(mention_regex().fullmatch(c) for c in (line, core))
