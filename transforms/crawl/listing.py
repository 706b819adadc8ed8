"""The items of a column's list page (title, address, date), for each way sites write them.

- `html_items`: the links of an HTML list, or of the elements a per-site selector picks (a CSS
  selector of tags, classes, ids, descendant and child steps, or an XPath starting with '/');
  the date is the one written in the link's list item (`<li><a>…</a><span>2024-03-28</span></li>`).
- `datastore_items`: Hanweb's lists, whose records sit as CDATA in
  `<script type="text/xml"><datastore><recordset><record>…` and are written into the page by script.
- `json_items`: the JSON list APIs of the province-wide platforms (post_NNN.html articles).
- `attachments`: the PDF, DOC and DOCX links of a report page.

Examples
--------
>>> items = html_items('<ul><li><a href="a/1.html" title="标题">标…</a><span>2024-03-28</span></li></ul>',
...                    "http://x.gov.cn/col/index.html")
>>> items[0].url, items[0].title, items[0].date
('http://x.gov.cn/col/a/1.html', '标题', '2024-03-28')
>>> css_to_xpath("div.list > ul li")
"//div[contains(concat(' ', normalize-space(@class), ' '), ' list ')]/ul//li"
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from lxml import etree, html

DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_STEP = re.compile(r"^([a-zA-Z][\w-]*|\*)?((?:[.#][\w-]+)*)$")


@dataclass(frozen=True)
class Item:
    """One entry of a list: the absolute address, the title as the list gives it, the date (ISO) or None."""

    url: str
    title: str
    date: str | None = None


def iso_date(text: str | None) -> str | None:
    """The first date in `text` as YYYY-MM-DD, or None."""
    m = DATE.search(text or "")
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups())).isoformat()
    except ValueError:
        return None


def css_to_xpath(selector: str) -> str:
    """A simple CSS selector (tag.class#id steps, ' ' and '>' between them) as XPath; ValueError otherwise."""
    xpath, axis = "", "//"
    for token in selector.replace(">", " > ").split():
        if token == ">":
            axis = "/"
            continue
        m = _STEP.match(token)
        if not m:
            raise ValueError(f"selector {selector!r}: only tag, .class, #id, ' ' and '>' are understood")
        tests = []
        for kind, name in re.findall(r"([.#])([\w-]+)", m.group(2)):
            tests.append(f"[@id='{name}']" if kind == "#" else
                         f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")
        xpath += axis + (m.group(1) or "*") + "".join(tests)
        axis = "//"
    if not xpath:
        raise ValueError("empty selector")
    return xpath


def parse_html(text: str):
    """The page as an lxml tree (an empty page gives an empty <html>)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<html></html>")


def absolute(base_url: str, href: str | None) -> str | None:
    """`href` resolved against the page's address, fragment removed; None for script and mail links."""
    href = (href or "").strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "#", "tel:")):
        return None
    url = urldefrag(urljoin(base_url, href))[0]
    return url if url.startswith(("http://", "https://")) else None


def _link_item(a, base_url: str, context) -> Item | None:
    url = absolute(base_url, a.get("href"))
    if url is None:
        return None
    title = (a.get("title") or a.text_content() or "").strip()
    rest = context.text_content().replace(a.text_content(), " ") if context is not None else ""
    return Item(url, title, iso_date(rest))


def _list_entry(a):
    """The list entry a link stands in (its li, table row, dd or p, up to three levels up), or None."""
    node = a.getparent()
    for _ in range(3):
        if node is None:
            return None
        if node.tag in ("li", "tr", "dd", "p"):
            return node
        node = node.getparent()
    return None


def html_items(text: str, base_url: str, selector: str | None = None) -> list[Item]:
    """The linked items of a list page; with `selector`, only the links inside the elements it picks."""
    tree = parse_html(text)
    items: list[Item] = []
    if selector:
        xpath = selector if selector.startswith("/") else css_to_xpath(selector)
        for element in tree.xpath(xpath):
            links = [element] if element.tag == "a" else element.xpath(".//a[@href]")
            for a in links:
                item = _link_item(a, base_url, element)
                if item:
                    items.append(item)
        return items
    for a in tree.xpath("//a[@href]"):
        item = _link_item(a, base_url, _list_entry(a))
        if item:
            items.append(item)
    return items


def datastore_records(text: str) -> list[str]:
    """The CDATA of each <record> of a Hanweb datastore block."""
    return _RECORD.findall(text)


def datastore_items(text: str, base_url: str) -> list[Item]:
    """The items of a Hanweb list page: each record's first link, its title attribute and the record's date
    (records are <li>, table rows or <div>s, as each site's template writes them)."""
    items = []
    for record in datastore_records(text):
        fragment = parse_html(f"<div>{record}</div>")
        links = fragment.xpath("//a[@href]")
        item = _link_item(links[0], base_url, fragment) if links else None  # the record's first link is its title
        if item:
            items.append(item)
    return items


def _path(obj, key: str):
    for part in key.split(".") if key else []:
        obj = obj.get(part) if isinstance(obj, dict) else None
    return obj


def json_date(value) -> str | None:
    """A JSON list's date: epoch seconds or milliseconds (China time), or any written date."""
    if isinstance(value, int | float) and value > 0:
        seconds = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(seconds, dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    return iso_date(str(value)) if value else None


def json_items(data, base_url: str, items_key: str, title_key: str, url_key: str, date_key: str) -> list[Item]:
    """The items of a JSON list API's answer; keys may be dotted paths (data.list)."""
    rows = _path(data, items_key)
    items = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        url = absolute(base_url, str(_path(row, url_key) or ""))
        if url:
            items.append(Item(url, str(_path(row, title_key) or "").strip(), json_date(_path(row, date_key))))
    return items


def attachments(text: str, base_url: str) -> list[str]:
    """Addresses of the PDF, DOC and DOCX files a report page links to, in page order, each once."""
    found: list[str] = []
    for a in parse_html(text).xpath("//a[@href]"):
        url = absolute(base_url, a.get("href"))
        label = (a.text_content() or "").strip().lower()
        if url and (url.split("?")[0].lower().endswith(ATTACHMENT_SUFFIXES) or label.endswith(ATTACHMENT_SUFFIXES)):
            if url not in found:
                found.append(url)
    return found


def visible_text_length(text: str) -> int:
    """Characters of CJK text in the page's body outside scripts and styles (a wrapper page has few)."""
    tree = parse_html(text)
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return len(re.findall(r"[\u4e00-\u9fff]", tree.text_content()))
