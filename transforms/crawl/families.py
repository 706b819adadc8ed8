"""The site families of data/rules/crawl/families.toml and the per-site rows of crawl/sites.csv: which
family a column belongs to, and the addresses of its list pages.

Examples
--------
>>> fam = family_for("http://www.a.gov.cn/col/col1229/index.html")
>>> fam.name, fam.kind
('hanweb', 'datastore')
>>> page_url(fam, "http://www.a.gov.cn/col/col1229/index.html", '<a href="x?unitid=77&perpage=15">', 3)
'http://www.a.gov.cn/col/col1229/index.html?uid=77&pageNum=3'
>>> page_url(family_for("http://b.gov.cn/fzzf/index.html"), "http://b.gov.cn/fzzf/index.html", "", 2)
'http://b.gov.cn/fzzf/index_1.html'
"""
from __future__ import annotations

import csv
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from transforms.rules import rules_dir

KINDS = ("html", "datastore", "json")


class RuleError(ValueError):
    """A family or site row that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Family:
    name: str
    detect: str = ""
    kind: str = "html"
    items: str | None = None
    next_page: str | None = None
    vars: dict = field(default_factory=dict)
    page_count: str | None = None
    record_count: str | None = None
    per_page: str | None = None
    next_link: str | None = None
    json_items: str = "items"
    json_title: str = "title"
    json_url: str = "url"
    json_date: str = "date"
    json_total: str | None = None


def load_families(path: Path | None = None) -> dict[str, Family]:
    """The families in file order (the order `detect` is tried in)."""
    path = path or rules_dir() / "crawl" / "families.toml"
    with open(path, "rb") as fh:
        tables = tomllib.load(fh)
    families = {}
    for name, table in tables.items():
        try:
            fam = Family(name=name, **table)
        except TypeError as exc:
            raise RuleError(f"{path}: family [{name}]: {exc}") from None
        if fam.kind not in KINDS:
            raise RuleError(f"{path}: family [{name}]: kind {fam.kind!r} is not one of {', '.join(KINDS)}")
        for pattern in (fam.detect, fam.page_count, fam.record_count, fam.per_page, fam.next_link,
                        *(v.partition(":")[2] for v in fam.vars.values())):
            try:
                re.compile(pattern or "")
            except re.error as exc:
                raise RuleError(f"{path}: family [{name}]: bad pattern {pattern!r}: {exc}") from None
        families[name] = fam
    return families


def load_sites(path: Path | None = None) -> list[dict]:
    """The per-site rows (url_prefix, family, items, next_page), longest prefix first; '#' starts a comment line."""
    path = path or rules_dir() / "crawl" / "sites.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(lines)]
    return sorted((r for r in rows if r.get("url_prefix")), key=lambda r: -len(r["url_prefix"]))


def family_for(url: str, override: dict | None = None, families: dict[str, Family] | None = None,
               sites: list[dict] | None = None) -> Family:
    """The family of a column: the column's own `family`/`items`/`next_page` values first, then the
    longest crawl/sites.csv prefix of its address, then the first family whose `detect` matches."""
    families = families if families is not None else load_families()
    sites = sites if sites is not None else load_sites()
    site = next((r for r in sites if url.startswith(r["url_prefix"])), {})
    given = {k: v for k, v in {**site, **(override or {})}.items() if v and k in ("family", "items", "next_page")}
    if "family" in given:
        if given["family"] not in families:
            raise RuleError(f"unknown family {given['family']!r} for {url}: one of {', '.join(families)}")
        fam = families[given["family"]]
    else:
        fam = next((f for f in families.values() if re.search(f.detect, urlsplit(url).path or "/")), None)
        if fam is None:
            raise RuleError(f"no family's detect pattern matches {url}")
    changes = {k: given[k] for k in ("items", "next_page") if k in given}
    return replace(fam, **changes) if changes else fam


def _first(pattern: str | None, text: str) -> str | None:
    m = re.search(pattern, text) if pattern else None
    return m.group(1) if m and m.groups() else None


def template_values(fam: Family, url: str, first_page: str) -> dict[str, str]:
    """{url}, {dir}, {origin} and the family's vars read from the column's address and first list page."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    values = {"url": base, "dir": base.rsplit("/", 1)[0] + "/", "origin": f"{parts.scheme}://{parts.netloc}"}
    for name, spec in fam.vars.items():
        where, _, pattern = spec.partition(":")
        value = _first(pattern, url if where == "url" else first_page)
        if value is not None:
            values[name] = value
    return values


def page_url(fam: Family, url: str, first_page: str, n: int) -> str | None:
    """The address of list page `n`, or None when the family has no template or a value is missing."""
    if not fam.next_page:
        return None
    try:
        return fam.next_page.format(**template_values(fam, url, first_page), n=n, n0=n - 1)
    except (KeyError, IndexError):
        return None


def page_total(fam: Family, first_page: str, records_on_first: int) -> int | None:
    """How many list pages the first one says there are, or None when it does not say."""
    count = _first(fam.page_count, first_page)
    if count:
        return int(count)
    records = _first(fam.record_count, first_page)
    if records:
        per = _first(fam.per_page, first_page)
        per_page = int(per) if per and int(per) > 0 else records_on_first
        return max(1, math.ceil(int(records) / per_page)) if per_page else 1
    return None
