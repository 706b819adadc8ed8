"""The walk of one column: its list pages with their pagination, the report items among them, each
report page and its attachments written into the output folder, every failure recorded.

A report page that is only a wrapper of its attachments (a few lines of text around 附件 links) is
not kept as a document: its PDF/DOC/DOCX attachments are.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from flows.crawl.fetch import Fetcher, FetchFailed, cache_path, normalize
from flows.crawl.state import CrawlState
from transforms.crawl.decode import decode_page
from transforms.crawl.families import Family, RuleError, family_for, page_total, page_url
from transforms.crawl.listing import (
    ATTACHMENT_SUFFIXES,
    Item,
    attachments,
    datastore_items,
    html_items,
    json_items,
    visible_text_length,
)
from transforms.crawl.titles import clean_title, report_year

# A page with attachments and fewer CJK characters than this is a wrapper, not the report.
WRAPPER_CHARS = 300
PAGE_SUFFIXES = (".html", ".htm", ".shtml")


@dataclass(frozen=True)
class Column:
    url: str
    agency: str | None = None
    region_code: str | None = None
    overrides: dict = field(default_factory=dict)  # family, items, next_page


@dataclass
class ColumnResult:
    column_url: str
    list_pages: int = 0
    items_seen: int = 0
    reports: int = 0
    files: int = 0
    failures: int = 0
    budget_reached: bool = False


class BudgetReached(Exception):
    pass


def file_name(url: str) -> str:
    """Where a report's file goes in the output folder: host/path, made safe, with a document suffix.

    >>> file_name("http://www.a.gov.cn/art/2024/3/1/art_5_9.html")
    'www.a.gov.cn/art/2024/3/1/art_5_9.html'
    >>> file_name("http://b.gov.cn/module/download?id=7")[:31]
    'b.gov.cn/module/download_f422c8'
    """
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    if path.endswith("/"):
        path += "index.html"
    path = re.sub(r"[^\w.\-/\u4e00-\u9fff]", "_", path).strip("/")
    path = re.sub(r"/\.+", "/_", "/" + path)[1:]
    stem, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix or not ("." + suffix.lower()).endswith((*PAGE_SUFFIXES, *ATTACHMENT_SUFFIXES)):
        stem, suffix = path, "html"
    if parts.query:
        stem += "_" + hashlib.sha256(parts.query.encode("utf-8")).hexdigest()[:8]
    host = re.sub(r"[^\w.\-]", "_", parts.netloc)
    return f"{host}/{stem}.{suffix}"


class ColumnWalk:
    def __init__(self, fetcher: Fetcher, state: CrawlState, out: Path, column: Column, budget: int,
                 max_list_pages: int = 100):
        self.fetcher, self.state, self.out, self.column = fetcher, state, Path(out), column
        self.budget, self.max_list_pages = budget, max_list_pages
        self.result = ColumnResult(column.url)
        self.spent = 0

    def _get(self, url: str, dest: Path):
        if self.spent >= self.budget:
            raise BudgetReached
        page = self.fetcher.get(url, dest)
        self.spent += page.requested
        return page

    def _fail(self, url: str, exc: FetchFailed) -> None:
        self.result.failures += 1
        if not exc.repeated:
            self.state.fail(self.column.url, url, exc.status, exc.reason)

    def _list_page(self, fam: Family, url: str) -> tuple[str, list[Item], int | None]:
        """(text, items, records the page says the list holds) of one list page or list API answer."""
        page = self._get(url, cache_path(self.state.dir, normalize(url)))
        self.result.list_pages += 1
        base = page.final_url
        if fam.kind == "json" and url != self.column.url:
            try:
                data = json.loads(page.body.decode("utf-8-sig"))
            except ValueError:
                raise FetchFailed(url, None, "the list API answered no JSON") from None
            total = data.get(fam.json_total) if fam.json_total and isinstance(data, dict) else None
            items = json_items(data, base, fam.json_items, fam.json_title, fam.json_url, fam.json_date)
            return "", items, int(total) if str(total or "").isdigit() else None
        text = decode_page(page.body, page.content_type)
        if fam.kind == "datastore":
            return text, datastore_items(text, base), None
        return text, html_items(text, base, fam.items), None

    def items(self, fam: Family) -> dict[str, Item]:
        """The column's items by address, walking its list pages in order. A JSON family's column page
        (page 0) only gives the values of its API's address; its list pages are the API's answers."""
        found: dict[str, Item] = {}
        first, items, _ = self._list_page(fam, self.column.url)
        text = first
        n = 0 if fam.kind == "json" else 1
        total = None if fam.kind == "json" else page_total(fam, first, len(items))
        while True:
            new = [i for i in items if normalize(i.url) not in found]
            for item in new:
                found[normalize(item.url)] = item
            if not new and n >= 1:
                break
            n += 1
            if (total is not None and n > total) or n > self.max_list_pages:
                break
            url = page_url(fam, self.column.url, first, n)
            if url is None and fam.next_link:
                url = next((i.url for i in html_items(text, self.column.url)
                            if re.search(fam.next_link, i.title.strip())), None)
            if url is None:
                break
            try:
                text, items, records = self._list_page(fam, url)
            except FetchFailed as exc:
                if not (exc.status == 404 and total is None):  # past the last page of an uncounted list
                    self._fail(url, exc)
                break
            if fam.kind == "json" and n == 1 and records and items:
                total = -(-records // len(items))
        return found

    def _report(self, item: Item, year: int) -> None:
        row = {"url": None, "column_url": self.column.url, "agency": self.column.agency,
               "region_code": self.column.region_code, "report_year": year, "publish_date": item.date,
               "title": clean_title(item.title)}
        is_file = urlsplit(item.url).path.lower().endswith(ATTACHMENT_SUFFIXES)
        page = self._get(item.url, self.out / file_name(item.url) if is_file else
                         cache_path(self.state.dir, normalize(item.url)))
        if is_file:
            self._keep(row, page.final_url, file_name(item.url))
            return
        text = decode_page(page.body, page.content_type)
        files = attachments(text, page.final_url)
        if not files or visible_text_length(text) >= WRAPPER_CHARS:
            name = file_name(page.final_url)
            target = self.out / name
            if not target.is_file() or target.read_bytes() != page.body:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cache_path(self.state.dir, normalize(item.url)), target)
            self._keep(row, page.final_url, name)
        for url in files:
            try:
                got = self._get(url, self.out / file_name(url))
                self._keep(row, got.final_url, file_name(url))
            except FetchFailed as exc:
                self._fail(url, exc)

    def _keep(self, row: dict, url: str, name: str) -> None:
        self.state.save_report({**row, "url": url, "file": name})
        self.result.files += 1

    def run(self) -> ColumnResult:
        try:
            fam = family_for(self.column.url, self.column.overrides)
            found = self.items(fam)
            self.result.items_seen = len(found)
            for item in found.values():
                year = report_year(item.title)
                if year is None:
                    continue
                self.result.reports += 1
                try:
                    self._report(item, year)
                except FetchFailed as exc:
                    self._fail(item.url, exc)
        except FetchFailed as exc:
            self._fail(exc.url, exc)
        except (RuleError, ValueError, etree.XPathError) as exc:  # a family or selector that cannot be used
            self._fail(self.column.url, FetchFailed(self.column.url, None, f"rule: {exc}"))
        except BudgetReached:
            self.result.budget_reached = True
            self.result.failures += 1
            self.state.fail(self.column.url, self.column.url, None,
                            f"page budget of {self.budget} requests reached; the rest waits for the next crawl")
        return self.result
