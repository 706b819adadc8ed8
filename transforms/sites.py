"""What a government site's address tells about the agency behind a page: its region and department.

Government sites are named after their region, in pinyin or initials, often a parent's
abbreviation first (`www.linan.gov.cn` 临安区, `kj.hangzhou.gov.cn` 杭州市, `cqjlp.gov.cn` 重庆市 +
九龙坡区, `gdyunan.gov.cn` 广东省 + 郁南县), and departments after the initials of their name, in
a subdomain or a path (`sfj.wuhan.gov.cn`, `rongchang.gov.cn/bm/qgaj/` 区公安局). Only hosts under
gov.cn are read: a mirror site says nothing about the agency. The tables are rule data:
site_regions.csv (generated from the gazetteer), site_exceptions.csv and department_codes.csv.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from transforms.regions import Division, gazetteer
from transforms.rules import read_rule_csv

# Labels of a host that name no region: the site's sections and the gov.cn suffix.
_GENERIC = {"www", "m", "wap", "gov", "cn", "xxgk", "zwgk", "zfxxgk", "gkml", "public", "www2", "zw", "xx", "gk",
            "new", "old", "web", "portal", "mobile", "h5"}
# A department code may be led by the initial of its level: q 区, x 县, s 市, z 州.
_LEVEL_LEAD = {"q": "district", "x": "county", "s": "city", "z": "city"}


@dataclass(frozen=True)
class SiteHint:
    """Regions the host may name (codes, most specific first) and the department a code names."""

    regions: tuple[str, ...] = ()
    department: str | None = None
    level: str | None = None  # of the department code's lead letter (q 区 -> district)


@cache
def _index() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """Codes by full pinyin (of the short or the whole name), by initials+suffix, and by bare initials."""
    full: dict[str, set[str]] = {}
    initials_suffix: dict[str, set[str]] = {}
    initials: dict[str, set[str]] = {}
    geo = gazetteer()
    for row in read_rule_csv("site_regions.csv"):
        if row["code"] not in geo:
            continue
        full.setdefault(row["pinyin"], set()).add(row["code"])
        if row["suffix"]:
            full.setdefault(row["pinyin"] + {"x": "xian", "q": "qu", "s": "shi"}.get(row["suffix"], ""), set()).add(row["code"])
            initials_suffix.setdefault(row["initials"] + row["suffix"], set()).add(row["code"])
        initials.setdefault(row["initials"], set()).add(row["code"])
        if row.get("initials_zh") and row["initials_zh"] != row["initials"]:
            initials.setdefault(row["initials_zh"], set()).add(row["code"])
            if row["suffix"]:
                initials_suffix.setdefault(row["initials_zh"] + row["suffix"], set()).add(row["code"])
    return full, initials_suffix, initials


@cache
def _exceptions() -> dict[str, str]:
    return {r["label"]: r["code"] for r in read_rule_csv("site_exceptions.csv")}


@cache
def _departments() -> dict[str, str]:
    return {r["code"]: r["department"] for r in read_rule_csv("department_codes.csv")}


def _within(code: str, parent: str | None) -> bool:
    if parent is None:
        return True
    if parent[2:] == "0000":
        return code[:2] == parent[:2] and code != parent
    return code[:4] == parent[:4] and code != parent


# A host may end in its government's initials: wfqzf.gov.cn (文峰 + 区政府), xxrmzf (人民政府).
_GOVERNMENT_END = re.compile(r"(?:rmzf|qzf|xzf|szf|zf)$")


@lru_cache(maxsize=8192)
def _label_codes(label: str, parent: str | None, depth: int = 0) -> frozenset[str]:
    """Divisions a host label may name, alone or as a parent's abbreviation followed by a child's
    (remembered: the pages of a site share its labels)."""
    full, initials_suffix, initials = _index()
    found = set()
    bare = _GOVERNMENT_END.sub("", label)
    if depth == 0 and bare != label and len(bare) >= 2:
        found |= _label_codes(bare, parent, depth)
        if label.endswith(("qzf", "xzf", "szf")):
            found |= {c for c in initials_suffix.get(bare + label[-3], ()) if _within(c, parent)}
    if label in _exceptions() and _within(_exceptions()[label], parent):
        found.add(_exceptions()[label])
    for table in (full, initials_suffix) + ((initials,) if parent or len(label) >= 3 else ()):
        found |= {c for c in table.get(label, ()) if _within(c, parent)}
    if depth < 2:
        for cut in range(2, len(label) - 1):
            head, tail = label[:cut], label[cut:]
            heads = {c for c in _label_codes(head, parent, depth + 1) | ({c for c in initials.get(head, ()) if _within(c, parent)})
                     if c[4:] == "00"}  # a parent is a province or a city
            for h in heads:
                found |= _label_codes(tail, h, depth + 1)
    return frozenset(found)


@lru_cache(maxsize=4096)
def _department(segment: str) -> tuple[str | None, str | None, frozenset[str]]:
    """(department, level of its lead letter, regions its prefix names) of a host or path segment.

    kjj, qgaj (区公安局), xyjglj (县应急管理局), swlhmzj (汕尾 陆河 民政局).
    """
    codes = _departments()
    for seg in re.split(r"[_\-]", segment.lower()):
        if seg in codes:
            return codes[seg], None, frozenset()
        if seg[:1] in _LEVEL_LEAD and seg[1:] in codes:
            return codes[seg[1:]], _LEVEL_LEAD[seg[:1]], frozenset()
        for cut in range(2, len(seg) - 2):
            head, code = seg[:cut], seg[cut:]
            if code in codes and len(code) >= 3:
                regions = _label_codes(head, None)
                if regions:
                    return codes[code], None, regions
    return None, None, frozenset()


def site_hint(url: str | None) -> SiteHint:
    """Regions and department a page's address names.

    Examples
    --------
    >>> from transforms.regions import division_by_code as d
    >>> [d(c).name for c in site_hint("http://www.linan.gov.cn/art/1.html").regions]
    ['临安区']
    >>> h = site_hint("https://cqjlp.gov.cn/zwgk/fzzfjsndbg/qsfj_65443/202602/t1.html")
    >>> [d(c).name for c in h.regions], h.department
    (['九龙坡区'], '司法局')
    """
    if not url:
        return SiteHint()
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower()
    if not host.endswith(".gov.cn"):
        return SiteHint()
    labels = [lb for lb in host[: -len(".gov.cn")].split(".") if lb and lb not in _GENERIC]
    if not labels:
        return SiteHint()
    region_label, sub_labels = labels[-1], labels[:-1]
    codes = _label_codes(region_label, None)
    if not codes and region_label.startswith("cn"):
        codes = _label_codes(region_label[2:], None)  # cnlongxi.gov.cn, cngy.gov.cn: "China" first
    # kj.hangzhou.gov.cn: a subdomain names a department; the path may name one too (/bm/qgaj/),
    # its region first (zsepb.zs.gov.cn: 中山 + 环保局; /swlhmzj/: 汕尾 陆河 + 民政局).
    department, level = None, None
    for segment in sub_labels + parts.path.split("/")[:-1]:
        department, level, named = _department(segment)
        if department:
            if named & codes:
                codes = named & codes
            break
    # wgxj.yueyang.gov.cn/yxq/...: a district's pages inside its city's site, named in the path.
    children = {c for seg in parts.path.split("/")[:-1] for part in re.split(r"[_\-]", seg.lower())
                for parent in codes if len(part) >= 3 for c in _child_codes(part, parent)}
    if len(children) == 1:
        codes = children
    ordered = sorted(codes, key=lambda c: (c[4:] == "00", c[2:] == "0000", c))
    return SiteHint(tuple(ordered), department, level)


def _child_codes(label: str, parent: str) -> set[str]:
    """Divisions under `parent` that a path segment names in full pinyin or initials and level (yxq 云溪区)."""
    if parent[4:] != "00":
        return set()
    full, initials_suffix, _ = _index()
    return {c for table in (full, initials_suffix) for c in table.get(label, ()) if _within(c, parent)}


def division(code: str) -> Division | None:
    return gazetteer().get(code)
