"""Who reports: agencies of real divisions (GB/T 2260 codes, agencies.toml) and how each names itself."""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from fazhi.synth.data import load


@dataclass(frozen=True)
class Dept:
    key: str
    local: str            # name below province level (市/区/县)
    provincial: str       # name of a province's department
    municipal: str        # name of a 直辖市's department
    short: str            # how titles and openings often abbreviate it ('' = no abbreviation)
    self_ref: str         # 我局 / 我委 / 我厅 / 我办


DEPARTMENTS = tuple(Dept(**d) for d in load("agencies.toml")["departments"])
CORE_REGIONS = tuple(load("agencies.toml")["core_regions"])


@dataclass(frozen=True)
class Agency:
    name: str                 # full official name (district and county agencies carry their city)
    short: str                # as a title may write it
    dept: Dept
    dept_name: str            # 司法局, 司法厅 ...
    level: str                # province / city / district / county
    province: str
    city: str | None
    district: str | None
    code: str
    region: str               # the region's own name as written before the department
    tier: str                 # 省 / 市 / 区 / 县: how the report names its own level (市委、市政府)


@cache
def _division(code: str):
    """The gazetteer's division of `code` and its region (names of its province and city)."""
    from transforms.regions import division_by_code, division_region

    div = division_by_code(code)
    return div, division_region(div)


def _extended_regions() -> list[str]:
    """Every other city, district and county of the gazetteer, for corpora that need many agencies."""
    from transforms.regions import MUNICIPALITIES, division_by_code, gazetteer

    core = set(CORE_REGIONS)
    confusing = load("agencies.toml")["confusing"]
    out = []
    for code, div in sorted(gazetteer().items()):
        if code in core or code[2:] == "0000" or len(div.name) < 2 or any(w in div.name for w in confusing):
            continue
        if code[:2] not in MUNICIPALITIES and code[4:] != "00" and division_by_code(code[:4] + "00") is None:
            continue  # a county a province administers directly: no city to name it by
        if code[:2] in MUNICIPALITIES and code[4:] == "00":
            continue
        out.append(code)
    return out


def _make_agency(code: str, dept: Dept) -> Agency:
    """The agency of department type `dept` in division `code`, named as it names itself."""
    from transforms.regions import MUNICIPALITIES

    div, region = _division(code)
    level = region.level
    municipal = code[:2] in MUNICIPALITIES
    if level == "province":
        dept_name = dept.municipal if municipal else dept.provincial
        prefix = div.name
        tier = "市" if municipal else "省"
    else:
        dept_name = dept.local
        prefix = (region.city or region.province) + div.name if level in ("district", "county") else div.name
        tier = {"city": "市", "district": "区"}.get(level) or ("市" if div.name.endswith("市") else "县")
    full = prefix + dept_name
    if dept.key == "sw":
        full = load("agencies.toml")["tax_prefix"] + full
    short = prefix + dept.short if dept.short and not dept_name.endswith("厅") else full
    return Agency(full, short, dept, dept_name, level, region.province, region.city, region.district, code,
                  prefix, tier)


def agencies(count: int, rng: random.Random) -> list[Agency]:
    """`count` distinct agencies: departments of the core regions first, the gazetteer's others after."""
    pairs = [(c, d) for c in CORE_REGIONS for d in DEPARTMENTS]
    rng.shuffle(pairs)
    if count > len(pairs):
        more = [(c, d) for c in _extended_regions() for d in DEPARTMENTS]
        rng.shuffle(more)
        pairs += more
    return [_make_agency(c, d) for c, d in pairs[:count]]


def own_name(a: Agency) -> str:
    """How a report names its own agency in a heading: 局, 委, 办公厅, 市政府 ..."""
    if a.dept.key == "zf":
        return a.tier + "政府"
    return ("委" if a.dept_name.endswith("委员会") else "办公厅" if a.dept_name.endswith("办公厅")
            else "办公室" if a.dept_name.endswith("办公室") else a.dept_name[-1])


def self_reference(a: Agency, roll: float) -> str:
    """How an opening names the agency, by a roll in [0, 1): in full, by its level only (市司法局), or as 我局/我市."""
    if roll < 0.6 or a.dept.key == "sw":
        return a.name
    if roll < 0.85:
        if a.dept.key == "zf":
            return a.tier + "政府"
        return a.tier + (a.dept.short if a.dept.short and a.dept_name.endswith("局") else a.dept_name)
    return "我" + (a.tier if a.dept.key == "zf" else "厅" if a.dept_name.endswith("厅") else a.dept.self_ref)
