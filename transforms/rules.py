"""Loaders for the rule data under ``data/rules`` (units, qualifiers, patterns, lexicons).

The folder ships in the wheel as the package ``fazhi.rules`` and is found with
importlib.resources, so an installed fazhi reads its rules from any directory.

Domain knowledge lives in those files, not in code: each loader reads one file
once (cached) and returns plain Python structures. ``FAZHI_RULES_DIR`` points
the loaders at another folder (tests use it to try a changed rule set).
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from transforms.lookahead import with_lookahead

RULES_DIR = Path(str(files("fazhi.rules")))
RULE_SUFFIXES = (".csv", ".txt")


def rules_dir() -> Path:
    """The folder the rule files are read from."""
    return Path(os.environ.get("FAZHI_RULES_DIR") or RULES_DIR)


def _read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a text rule file."""
    text = (rules_dir() / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def read_rule_csv(name: str) -> list[dict[str, str]]:
    """Rows of the CSV rule file `name` (cached by the callers that index them)."""
    return _read_csv(name)


def _read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV rule file whose comment lines start with '#'."""
    rows = []
    for i, row in enumerate(csv.DictReader(io.StringIO("\n".join(_read_lines(name))))):
        if None in row:
            raise ValueError(f"{name}: data row {i + 1} has more fields than the header (quote fields with commas)")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def _split(field: str) -> tuple[str, ...]:
    return tuple(p for p in (field or "").split("|") if p)


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    to_base: float
    not_followed_by: tuple[str, ...]
    not_preceded_by: tuple[str, ...]


@dataclass(frozen=True)
class Qualifier:
    word: str
    position: str
    qualifier: str
    max_gap: int


@dataclass(frozen=True)
class Department:
    department_type: str
    kind: str  # government, office or department
    names: tuple[str, ...]
    canonical: str  # the full official form of `names`; "" keeps the name as written
    successor: str  # a former name's successor after a reorganisation; "" for a current name
    until: int | None  # the year a former name was replaced

    def canonical_of(self, name: str) -> str:
        return self.canonical or name


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    kind: str
    units: tuple[str, ...]
    keywords: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...]


@cache
def furniture_patterns() -> Furniture:
    """A matcher of any line of web-page furniture (`.search(line)`), from furniture.txt."""
    anchored, anywhere = [], []
    for pattern in _read_lines("furniture.txt"):
        (anchored if pattern.startswith("^") and not _top_level_bar(pattern) else anywhere).append(pattern)
    return Furniture(re.compile("|".join(f"(?:{p[1:]})" for p in anchored)) if anchored else None,
                     with_lookahead("|".join(f"(?:{p})" for p in anywhere)) if anywhere else None)


@dataclass(frozen=True)
class Furniture:
    """The furniture patterns in two regexes: those anchored at a line's start are tried there only (one
    alternation of them tried at every position of every line cost more than the rest of normalising)."""

    at_start: re.Pattern | None
    anywhere: re.Pattern | None

    def search(self, line: str):
        return (self.at_start is not None and self.at_start.match(line)) or (
            self.anywhere is not None and self.anywhere.search(line))


def _top_level_bar(pattern: str) -> bool:
    """True when a regex has an alternative (|) outside parentheses and character classes."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


@cache
def article_containers() -> tuple[tuple[str, str], ...]:
    """(attribute, name) of the elements content systems keep a page's article in (id=zoom, class=TRS_Editor)."""
    return tuple(tuple(line.split("=", 1)) for line in _read_lines("article_containers.txt"))


@cache
def heading_patterns() -> tuple[tuple[int, re.Pattern], ...]:
    """(level, compiled pattern) pairs, in file order."""
    return tuple((int(r["level"]), re.compile(r["pattern"])) for r in _read_csv("headings.csv"))


@dataclass(frozen=True)
class SectionType:
    code: str
    part_no: int
    name_zh: str
    is_required: bool
    description: str
    pattern: re.Pattern


@cache
def section_types() -> tuple[SectionType, ...]:
    """The section types of level-1 headings, in the order their patterns are tried."""
    return tuple(SectionType(r["section_type"], int(r["part_no"]), r["name_zh"], r["is_required"].lower() == "true", r["description"],
                             re.compile(r["pattern"])) for r in _read_csv("section_types.csv"))


@cache
def required_section_types() -> tuple[str, ...]:
    """The parts every complete report has (measures, shortcomings, plans)."""
    return tuple(t.code for t in sorted(section_types(), key=lambda t: t.part_no) if t.is_required)


def section_type_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(section_type, compiled pattern) pairs, tried in order."""
    return tuple((t.code, t.pattern) for t in section_types())


@cache
def units() -> tuple[Unit, ...]:
    """Units, longest first so that 个工作日 wins over 个."""
    rows = [
        Unit(r["unit"], r["kind"], float(r["to_base"] or 1), _split(r["not_followed_by"]), _split(r["not_preceded_by"]))
        for r in _read_csv("units.csv")
    ]
    return tuple(sorted(rows, key=lambda u: -len(u.unit)))


@cache
def units_by_name() -> dict[str, Unit]:
    return {u.unit: u for u in units()}


@cache
def qualifiers() -> tuple[Qualifier, ...]:
    """Qualifier words, longest first within each position."""
    rows = [Qualifier(r["word"], r["position"], r["qualifier"], int(r["max_gap"] or 0)) for r in _read_csv("qualifiers.csv")]
    return tuple(sorted(rows, key=lambda q: -len(q.word)))


@cache
def exclusion_phrases() -> tuple[str, ...]:
    """Fixed phrases with numerals that are never facts, longest first."""
    return tuple(sorted(set(_read_lines("exclusions.txt")), key=len, reverse=True))


@cache
def region_updates() -> tuple[dict, ...]:
    """Changes to administrative divisions since the gazetteer (code, name, replaces)."""
    return tuple(_read_csv("region_updates.csv"))


@cache
def enumeration_nouns() -> tuple[str, ...]:
    """Nouns after which a count only announces an enumeration (五个方面), longest first."""
    return tuple(sorted(set(_read_lines("enumeration_nouns.txt")), key=len, reverse=True))


@cache
def departments() -> tuple[Department, ...]:
    """The rows of departments.csv, in file order; a name with choices in brackets stands for every name
    they make (文化[广电/体育/]旅游局: 文化广电旅游局, 文化体育旅游局, 文化旅游局)."""
    return tuple(Department(r["department_type"], r["kind"], tuple(n for name in _split(r["names"])
                                                                   for n in expand_choices(name)),
                            r["canonical"], r["successor"], int(r["until"]) if r["until"] else None)
                 for r in _read_csv("departments.csv"))


def expand_choices(name: str) -> tuple[str, ...]:
    """Every name a pattern with bracketed choices makes: [a/b/] is a, b or nothing, in order.

    >>> expand_choices("文化[和/广电]旅游[体育/]局")
    ('文化和旅游体育局', '文化和旅游局', '文化广电旅游体育局', '文化广电旅游局')
    """
    m = re.search(r"\[([^\[\]]*)\]", name)
    if m is None:
        return (name,)
    head, tail = name[:m.start()], name[m.end():]
    return tuple(dict.fromkeys(out for choice in m.group(1).split("/") for out in expand_choices(head + choice + tail)))


@cache
def indicators() -> tuple[Indicator, ...]:
    """The indicator taxonomy, in matching order."""
    out = []
    for r in _read_csv("indicators.csv"):
        keywords = tuple(tuple(p for p in alt.split("+") if p) for alt in _split(r.get("keywords", "")))
        out.append(
            Indicator(
                code=r["code"],
                name_zh=r.get("name_zh", ""),
                name_en=r.get("name_en", ""),
                kind=r.get("kind", ""),
                units=_split(r.get("units", "")),
                keywords=keywords,
                exclude=_split(r.get("exclude", "")),
            )
        )
    return tuple(out)


@cache
def jieba_terms() -> tuple[tuple[str, int | None, str | None], ...]:
    """(word, frequency, part of speech) of the jieba user dictionary of domain terms."""
    out = []
    for line in _read_lines("jieba_userdict.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return tuple(out)


@dataclass(frozen=True)
class PolicyTerm:
    code: str
    term: str
    category: str
    variants: tuple[str, ...]


@cache
def policy_terms() -> tuple[PolicyTerm, ...]:
    """Policy terms tracked over the years, each with its surface variants (the term itself included)."""
    out = []
    for r in _read_csv("policy_terms.csv"):
        variants = tuple(dict.fromkeys((r["term"],) + _split(r["variants"])))
        out.append(PolicyTerm(r["code"], r["term"], r.get("category", ""), variants))
    return tuple(out)


@cache
def _lexicon() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every list of lexicon.csv: name -> ((entry, value), ...) in file order."""
    lists: dict[str, list[tuple[str, str]]] = {}
    for row in _read_csv("lexicon.csv"):
        lists.setdefault(row["list"], []).append((row["entry"], row["value"]))
    return {k: tuple(v) for k, v in lists.items()}


def lexicon(name: str) -> tuple[str, ...]:
    """The entries of one list of ``data/rules/lexicon.csv``, in file order (KeyError for an unknown list)."""
    return tuple(entry for entry, _ in _lexicon()[name])


def lexicon_values(name: str) -> dict[str, str]:
    """entry -> value of one list of ``data/rules/lexicon.csv``."""
    return dict(_lexicon()[name])


def lexicon_numbers(name: str) -> dict[str, float]:
    """entry -> value as a number, of a list whose values are numbers (weights, factors, windows)."""
    return {k: float(v) for k, v in _lexicon()[name]}


def fingerprint() -> str:
    """Hash of every rule file: a warehouse built with other rules is rebuilt."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(rules_dir().glob("*")):
        if path.is_file() and path.suffix in RULE_SUFFIXES:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
