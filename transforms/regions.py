"""Chinese administrative divisions (GB/T 2260) from the gazetteer of data/rules (divisions.csv, from the
National Bureau of Statistics' 2023 codes, with the former divisions older reports name; region_updates.csv).

`resolve_region` reads the region prefix of an agency name (深圳市龙岗区,
辽宁省, 龙岗区) and returns its province, city, district, level and 6-digit
code. A name that several divisions share (朝阳区, 鼓楼区) is resolved from a
parent in the name or from the report's text, and left unresolved otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from transforms.rules import read_rule_csv, region_updates

MUNICIPALITIES = {"11", "12", "31", "50"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    # A division that no longer exists (许昌县, 临安市) keeps its code; `successor` is the one that replaced it.
    current: bool = True
    successor: str | None = None

    @property
    def level(self) -> str:
        if self.code[2:] == "0000":
            return "province"
        if self.code[4:] == "00":
            return "city"
        return "county" if self.name.endswith(("县", "旗", "市")) and not self.name.endswith("区") else "district"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        return None if self.level == "province" else self.code[:4] + "00"


@dataclass(frozen=True)
class Region:
    code: str | None
    level: str | None
    province: str | None
    city: str | None
    district: str | None
    prefix_end: int = 0


@cache
def gazetteer() -> dict[str, Division]:
    """Every division by 6-digit code (current and former), with data/rules/region_updates.csv applied."""
    out = {}
    for row in read_rule_csv("divisions.csv"):
        if row["kind"] == "division":
            out[row["code"]] = Division(row["code"], row["name"], row["status"] == "current")
    for row in region_updates():
        old = out.get(row["replaces"])
        if old is not None:
            out[old.code] = Division(old.code, old.name, False, row["code"])
        out[row["code"]] = Division(row["code"], row["name"])
    return out


# Ethnic names before 自治州/自治县/自治旗 (恩施土家族苗族自治州, 石柱土家族自治县), longest first.
_ETHNIC = sorted(("土家 苗 彝 藏 壮 回 维吾尔 蒙古 满 侗 瑶 白 哈尼 傣 黎 傈僳 佤 畲 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 "
                  "达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
                  "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 布依 朝鲜 哈萨克 各").split(), key=len, reverse=True)
_ETHNIC_AUTONOMY = re.compile(rf"(?:(?:{'|'.join(_ETHNIC)})族?)+自治(?=[州县旗区]$)")
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "区", "县", "旗", "盟", "州")


def short_name(name: str) -> str:
    """A division's name without its suffix and ethnic names: 恩施土家族苗族自治州 -> 恩施, 临安区 -> 临安.

    A one-character short name keeps its suffix (渠县 stays 渠县), as people write it.
    """
    def strip(base: str) -> str:
        for suffix in _SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix):
                return base[: -len(suffix)]
        return base

    for base in (strip(_ETHNIC_AUTONOMY.sub("", name)), strip(name)):
        if len(base) >= 2:
            return base
    return name


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for div in gazetteer().values():
        index.setdefault(div.name, []).append(div)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _names_by_first_char() -> dict[str, tuple[str, ...]]:
    """Division names indexed by their first character, longest first (a look-up tries only a few)."""
    index: dict[str, list[str]] = {}
    for name in sorted(_by_name(), key=len, reverse=True):
        index.setdefault(name[0], []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def _prefix_divisions(name: str) -> tuple[list[tuple[Division, ...]], int]:
    """Division candidates for each region name at the start of `name`, and where the prefix ends."""
    found, pos = [], 0
    index = _names_by_first_char()
    while pos < len(name):
        hit = next((n for n in index.get(name[pos], ()) if name.startswith(n, pos)), None)
        if hit is None:
            break
        found.append(_by_name()[hit])
        pos += len(hit)
    return found, pos


def _consistent(chain: list[Division]) -> bool:
    return all(b.code.startswith(a.code[:2] if a.level == "province" else a.code[:4]) for a, b in pairwise(chain))


def _pick(cands: tuple[Division, ...], chain: list[Division], context: str) -> Division | None:
    if chain:
        cands = tuple(c for c in cands if _consistent(chain + [c]))
    # A name that a division has now and another had before (桥东区) means the one that has it now.
    cands = tuple(c for c in cands if c.current) or cands
    if len(cands) == 1:
        return cands[0]
    if not cands or not context:
        return None
    geo = gazetteer()

    def mentioned(c: Division) -> bool:
        parents = [geo.get(c.province_code)] + ([geo.get(c.city_code)] if c.city_code and c.city_code != c.code else [])
        return any(p is not None and p.name in context for p in parents)

    hits = [c for c in cands if mentioned(c)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=8192)
def division_region(div: Division, prefix_end: int = 0) -> Region:
    """Province/city/district names of a division, filled down to its level (remembered: a Region is frozen)."""
    geo = gazetteer()
    province = geo.get(div.province_code)
    city = geo.get(div.city_code) if div.city_code else None
    if div.code[:2] in MUNICIPALITIES:
        city = None
    level = div.level
    if div.code[:2] in MUNICIPALITIES and level == "city":
        level = "province"
    return Region(
        code=div.code,
        level=level,
        province=province.name if province else None,
        city=city.name if city and level != "province" else None,
        district=div.name if level in ("district", "county") else None,
        prefix_end=prefix_end,
    )


def resolve_region(name: str, context: str = "") -> Region | None:
    """The region an agency name starts with, or None when it has none or it is ambiguous.

    Examples
    --------
    >>> r = resolve_region("深圳市龙岗区科技创新局")
    >>> (r.code, r.level, r.province, r.city, r.district)
    ('440307', 'district', '广东省', '深圳市', '龙岗区')
    >>> resolve_region("朝阳区司法局") is None
    True
    """
    found, end = _prefix_divisions(name)
    if not found:
        return None
    chain: list[Division] = []
    for cands in found:
        pick = _pick(cands, chain, context)
        if pick is None:
            return None
        chain.append(pick)
    return division_region(chain[-1], end)


def current_code(code: str) -> str:
    """The code of the division that has replaced `code` (following successors), or `code` itself."""
    seen = set()
    div = gazetteer().get(code)
    while div is not None and div.successor and div.successor not in seen:
        seen.add(div.successor)
        code, div = div.successor, gazetteer().get(div.successor)
    return code


def division_by_code(code: str) -> Division | None:
    return gazetteer().get(code)
