"""Where an issuer is: region names written before a name, the townships of the gazetteer, the region a
page speaks of.

`chain_before(text, end)` reads the names of divisions written right before position `end`
(深圳市龙岗区, 深圳龙岗区, 新晃县 for 新晃侗族自治县, 恩施州 for 恩施土家族苗族自治州) and resolves them
with the gazetteer. A name must start at a word's boundary: 和县 inside 民族和宗教 is not 和县.
`townships(name)` lists the townships (街道, 镇, 乡) of that name with their county; `page_regions`
counts the divisions a text names (法治郑州 names 郑州市).

Examples
--------
>>> text = "2023年,深圳龙岗区"
>>> r, start = chain_before(text, len(text))
>>> (r.code, text[start:])
('440307', '深圳龙岗区')
>>> chain_before("坚持民族和县", 6)
(None, 6)
>>> [(t.code, t.county_code) for t in townships("杜城街道")]
[('610113009', '610113')]
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from transforms.regions import (
    _ETHNIC_AUTONOMY,
    MUNICIPALITIES,
    Division,
    Region,
    division_by_code,
    division_region,
    gazetteer,
    short_name,
)
from transforms.rules import lexicon, read_rule_csv

# Characters after which a region name may start although they are Chinese: conjunctions and
# prepositions (在杭州市, 由区司法局), and the ends of words that name no place.
_BEFORE_OK = set("在由对向经与和及同将被从于至为是共中即")
_MAX_CHAIN = 24


@dataclass(frozen=True)
class Township:
    code: str  # 9-digit statistics code
    name: str
    county_code: str


@dataclass(frozen=True)
class _Form:
    division: Division
    form: str  # full, alias (新晃县 for 新晃侗族自治县) or short (深圳 for 深圳市)


@cache
def _forms() -> dict[str, tuple[_Form, ...]]:
    """Every way a division's name is written: its name, the alias of an autonomous one, its short name."""
    index: dict[str, list[_Form]] = {}

    def add(name: str, div: Division, form: str) -> None:
        index.setdefault(name, []).append(_Form(div, form))

    for div in gazetteer().values():
        add(div.name, div, "full")
        base = _ETHNIC_AUTONOMY.sub("", div.name)
        if base != div.name and len(base) >= 2:
            add(base, div, "alias")  # 新晃县, 恩施州, 鄂伦春旗
        short = short_name(div.name)
        if short != div.name and short != base and len(short) >= 2:
            add(short, div, "short")
    return {k: tuple(v) for k, v in index.items()}


# The key under which a node of a reversed trie keeps what the name ending there stands for (no
# character of a name is empty).
_NAME_END = ""


def _reversed_trie(names: dict) -> dict:
    """`names` read backwards, one character per level of nested dicts: the names ending at a position
    are found by walking back from it, a look-up per character, not a look-up per name length."""
    root: dict = {}
    for name, value in names.items():
        node = root
        for ch in reversed(name):
            node = node.setdefault(ch, {})
        node[_NAME_END] = value
    return root


@cache
def _reversed_names() -> dict:
    """Every way a division's name is written (_forms), as a reversed trie of its forms."""
    return _reversed_trie(_forms())


def _contains(parent: Division, child: Division) -> bool:
    if parent.code[2:] == "0000":
        return child.code[:2] == parent.code[:2] and child.code != parent.code
    return parent.code[4:] == "00" and child.code[:4] == parent.code[:4] and child.code != parent.code


def _chains(text: str, end: int, lo: int) -> list[tuple[int, list[list[_Form]]]]:
    """Every sequence of division names ending at `end` (no gap), longest first."""
    out = []
    trie = _reversed_names()

    def walk(pos: int, chain: list[list[_Form]]):
        if chain:
            out.append((pos, chain))
        if pos <= lo or len(chain) >= 4:
            return
        # The names ending at `pos`, shortest first: a look-up per character read backwards.
        found, node, start = [], trie, pos - 1
        while start >= lo and (node := node.get(text[start])) is not None:
            if _NAME_END in node:
                found.append((start, node[_NAME_END]))
            start -= 1
        for start, forms in reversed(found):
            walk(start, [list(forms)] + chain)

    walk(end, [])
    return sorted(out, key=lambda c: c[0])


def _resolve(chain: list[list[_Form]], context: str) -> Division | None:
    """The division a chain names: every name consistent with the one before it; short names only
    before a child (深圳 + 龙岗区), never alone at the end."""
    picks: list[Division] = []
    for i, forms in enumerate(chain):
        last = i == len(chain) - 1
        cands = [f for f in forms if not (last and f.form == "short")]
        if picks:
            cands = [f for f in cands if _contains(picks[-1], f.division)]
        current = [f for f in cands if f.division.current]
        cands = current or cands
        divisions = list(dict.fromkeys(f.division for f in cands)) if len(cands) > 1 else [f.division for f in cands]
        if len(divisions) > 1 and context:
            named = [d for d in divisions if _parents_named(d, context)]
            divisions = named or divisions
        if len(divisions) != 1:
            return None
        picks.append(divisions[0])
    return picks[-1] if picks else None


def _parents_named(div: Division, context: str) -> bool:
    geo = gazetteer()
    parents = [geo.get(div.province_code)] + ([geo.get(div.city_code)] if div.city_code and div.city_code != div.code else [])
    return any(p is not None and (p.name in context or short_name(p.name) in context) for p in parents)


def _ends_a_name(text: str, end: int, lo: int) -> bool:
    """True when a division name starting at or after `lo` ends at `end` (a chain's last name)."""
    node, start = _reversed_names(), end - 1
    while start >= lo and (node := node.get(text[start])) is not None:
        if _NAME_END in node:
            return True
        start -= 1
    return False


def at_boundary(text: str, start: int) -> bool:
    """True when a name may start at `start`: the start of the text or a line, punctuation, a digit, or a
    preposition or conjunction (在杭州市 ...); not inside a word (民族和县)."""
    if start <= 0:
        return True
    prev = text[start - 1]
    return not ("\u4e00" <= prev <= "\u9fff") or prev in _BEFORE_OK


def chain_before(text: str, end: int, context: str = "", lo: int | None = None) -> tuple[Region | None, int]:
    """The region written right before `end` and where its names start; (None, end) when none is.

    `lo`, when given, is where the names may start at the earliest, and counts as a boundary (the end
    of 国家税务总局 before 上海市税务局)."""
    given = lo is not None
    lo = max(0, end - _MAX_CHAIN) if lo is None else lo
    if not _ends_a_name(text, end, lo):
        return None, end
    for start, chain in _chains(text, end, lo):
        if not (at_boundary(text, start) or given and start == lo):
            continue  # inside a word; a longer chain, had there been one, came first
        div = _resolve(chain, context)
        if div is not None:
            return division_region(div, end - start), start
    return None, end


def leading_region(text: str, context: str = "") -> tuple[Region | None, int]:
    """The division a name starts with, short names allowed (十堰经济技术开发区: 十堰市; 河源东源产业园区:
    东源县, its child written right after it), and where it ends; (None, 0) when none, or several, fit."""
    forms = _forms()
    for end in range(min(len(text) - 1, 10), 1, -1):
        cands = [f for f in forms.get(text[:end], ()) if f.division.current]
        divisions = list(dict.fromkeys(f.division for f in cands)) if len(cands) > 1 else [f.division for f in cands]
        if len(divisions) > 1 and context:
            divisions = [d for d in divisions if _parents_named(d, context)] or divisions
        if len(divisions) == 1:
            div, stop = divisions[0], end
            for child_end in range(min(len(text) - 1, end + 8), end + 1, -1):
                kids = {f.division for f in forms.get(text[end:child_end], ())
                        if f.division.current and _contains(div, f.division)}
                if len(kids) == 1:
                    div, stop = kids.pop(), child_end
                    break
            return division_region(div, stop), stop
        if divisions:
            return None, 0
    return None, 0


@cache
def _townships() -> dict[str, tuple[Township, ...]]:
    index: dict[str, list[Township]] = {}
    for row in read_rule_csv("townships.csv"):
        index.setdefault(row["name"], []).append(Township(row["code"], row["name"], row["county_code"]))
    return {k: tuple(v) for k, v in index.items()}


def townships(name: str) -> tuple[Township, ...]:
    """The townships (街道, 镇, 乡 with that suffix) of that name, in code order."""
    return _townships().get(name, ())


def _ending_at(text: str, end: int, trie: dict, lo: int = 0) -> str | None:
    """The longest name of `trie` (see _reversed_trie) that `text` has ending at `end` (and starting at or after `lo`)."""
    found, node, start = None, trie, end - 1
    while start >= lo and (node := node.get(text[start])) is not None:
        if _NAME_END in node:
            found = start
        start -= 1
    return None if found is None else text[found:end]


def _names_ending_in(text: str, ends: re.Pattern, trie: dict):
    """(name, start, end) of the longest non-overlapping names of `trie` in `text`, left to right, found
    from the places their last characters (`ends`) stand: a walk back from each such place, not a scan per name."""
    last = 0
    for m in ends.finditer(text):
        name = _ending_at(text, m.end(), trie, last)
        if name is not None:
            last = m.end()
            yield name, m.end() - len(name), m.end()


@cache
def _township_index() -> tuple[re.Pattern, dict]:
    return re.compile(r"街道|镇|乡"), _reversed_trie({n: True for n in _townships() if n.endswith(("街道", "镇", "乡"))})


def township_names(text: str):
    """(name, start, end) of each township name in `text` that starts at a boundary or after a region name."""
    for name, start, end in _names_ending_in(text, *_township_index()):
        if at_boundary(text, start) or chain_before(text, start)[0] is not None:
            yield name, start, end


def county_region(code: str) -> Region | None:
    """The region of a county-level code (a township's county), or of the city when it has no counties."""
    div = division_by_code(code) or division_by_code(code[:4] + "00")
    return division_region(div) if div else None


# 法治郑州, 法治江苏: the name of a place after 法治 in a report names its own region.
_RULE_OF_LAW = re.compile(r"法治([\u4e00-\u9fff]{2,4})")


def page_regions(text: str) -> Counter:
    """How often a text names each division (codes): in full, or as 法治<short name>."""
    found: Counter = Counter()
    for m in _RULE_OF_LAW.finditer(text):
        if (code := _rule_of_law_code(m.group(1))) is not None:
            found[code] += 2
    for name, _start, _end in _names_ending_in(text, *_full_names_index()):
        if (code := _full_name_code(name)) is not None:
            found[code] += 1
    return found


@lru_cache(maxsize=4096)
def _rule_of_law_code(word: str) -> str | None:
    """The division 法治<word> names (its longest start naming one current division), or None."""
    if word.startswith(_fazhi_words()):
        return None  # 法治公安: the police's rule of law, not 公安县's
    forms = _forms()
    for length in range(len(word), 1, -1):
        divs = {f.division.code for f in forms.get(word[:length], ()) if f.division.current}
        if len(divs) == 1:
            return divs.pop()
    return None


@lru_cache(maxsize=8192)  # keyed by names a text holds: bounded
def _full_name_code(name: str) -> str | None:
    """The one current division a name written in full (or as an alias) names, or None."""
    divs = {f.division.code for f in _forms()[name] if f.form != "short" and f.division.current}
    return divs.pop() if len(divs) == 1 else None


@cache
def _fazhi_words() -> tuple[str, ...]:
    return tuple(lexicon("fazhi_not_place"))


@cache
def _full_names_index() -> tuple[re.Pattern, dict]:
    """The division names written in full or as an alias (3 characters or more), and their last characters."""
    names = {n: True for n, fs in _forms().items() if len(n) >= 3 and any(f.form != "short" for f in fs)}
    last = sorted({n[-1] for n in names})
    return re.compile("[" + re.escape("".join(last)) + "]"), _reversed_trie(names)


def county_parent(region: Region) -> Region | None:
    """The city (or 直辖市) a district or county belongs to."""
    div = division_by_code(region.code)
    parent = division_by_code(div.city_code) if div and div.city_code and not is_municipality(region.code) else None
    parent = parent or division_by_code(region.code[:2] + "0000")
    return division_region(parent) if parent else None


def official_prefix(region: Region) -> str:
    """What an agency's name starts with for a region: 辽宁省; 深圳市; 深圳市龙岗区; 重庆市九龙坡区."""
    div = division_by_code(region.code)
    if region.level in ("district", "county"):
        return (region.city or region.province or "") + div.name
    return div.name


def is_municipality(code: str | None) -> bool:
    return bool(code) and code[:2] in MUNICIPALITIES
