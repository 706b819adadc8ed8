"""Web pages: the article text, title, publish date, source and address of an HTML page."""
from __future__ import annotations

import codecs
import copy
import datetime as dt
import re
from functools import cache

from transforms.dates import INFO_LINE, LABELLED_DATE, LABELLED_SOURCE, parse_date
from transforms.readers.base import Extracted, ReadError, check_length
from transforms.readers.text import _SUPERSET, _decode_bom
from transforms.rules import article_containers

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE_META = ("ArticleTitle", "og:title")
_DATE_META = ("PubDate", "publishdate", "article:published_time", "pubdate", "firstpublishedtime")
_SOURCE_META = ("ContentSource", "source")
# Only this many lines at each end of the article are checked for info lines (transforms.dates.INFO_LINE).
_INFO_EDGE = 5
_MAX_INFO_LINE = 120
# Separators before a site or column name; a '-' between digits is a year range, not one.
_TITLE_SEP = re.compile(r"\s*(?:[_|｜]+|\s-\s|(?<!\d)-|-(?!\d))\s*")
_NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "select", "button")
_BLOCK_TAGS = ("div", "article", "section", "td", "main", "body")
# A table cell with this much text is page layout, not data.
_LAYOUT_CELL_CHARS = 200


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def _decode_html(data: bytes) -> tuple[str, str]:
    """(text, codec): BOM, else UTF-8 when it decodes, else the declared charset, else GB18030; strict."""
    found = _decode_bom(data)
    if found:
        return found
    declared = _declared_charset(data)
    # A declaration can lie (a gb2312 page re-saved as UTF-8). Chinese text in GBK almost never
    # decodes as strict UTF-8, while UTF-8 bytes often decode as GBK into nonsense: UTF-8 first.
    for enc in dict.fromkeys([c for c in ("utf-8", declared, "gb18030") if c]):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ReadError(f"cannot decode HTML: not {declared or 'UTF-8'}, UTF-8 or GB18030")


def _metas(tree) -> dict[str, str]:
    """The page's meta tags, by lower-case name (or property): the first one with content wins."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = (el.get("content") or "").strip()
        for attr in ("name", "property"):
            key = (el.get(attr) or "").lower()
            if key and content and key not in found:
                found[key] = content
    return found


def _meta(metas: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((metas[n.lower()] for n in names if n.lower() in metas), None)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _page_url(tree) -> str | None:
    """The page's own address, when a saved page keeps it (<link rel=canonical>, og:url)."""
    hits = tree.xpath("//link[@rel='canonical']/@href") + tree.xpath("//meta[@property='og:url']/@content")
    return next((h.strip() for h in hits if h.strip().startswith(("http://", "https://"))), None)


def _page_title(tree, metas: dict[str, str]) -> str | None:
    """ArticleTitle / og:title meta, else <title> without its site suffix, else the first <h1>."""
    title = _meta(metas, _TITLE_META)
    if title:
        return title
    raw = " ".join(tree.xpath("//title//text()")).strip()
    if raw:
        # Government sites write 'TITLE-SITE' or 'TITLE_COLUMN_SITE'.
        return _TITLE_SEP.split(raw)[0].strip() or None
    h1 = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    return next((h for h in h1 if h), None)


def _unwrap_layout_tables(tree) -> None:
    """Turn layout tables into divs: trafilatura flattens a table cell, <br> paragraph breaks and all."""
    for table in tree.iter("table"):
        rows = table.xpath("./tr|./*/tr")
        cells = [c for r in rows for c in r if c.tag in ("td", "th")]
        if any(len(c.text_content()) > _LAYOUT_CELL_CHARS for c in cells):
            for el in [table, *table.xpath("./tbody|./thead|./tfoot"), *rows, *cells]:
                el.tag = "div"


def _own_paragraphs(el) -> list[str]:
    """Text directly in `el`: its own text, its <p> children, and the text between its children."""
    parts = [el.text or ""]
    for child in el:
        parts += [child.text_content() if child.tag == "p" else "", child.tail or ""]
    return [" ".join(p.split()) for p in parts if p.strip()]


def _largest_block(tree) -> str:
    """Text of the block with the most text of its own, one paragraph per line (trafilatura's fallback)."""
    for el in tree.xpath("|".join(f"//{t}" for t in _NOISE_TAGS)):
        el.drop_tree()
    blocks = tree.xpath("|".join(f"//{t}" for t in _BLOCK_TAGS))
    best = max(blocks, key=lambda el: sum(map(len, _own_paragraphs(el))), default=None)
    return "\n".join(_own_paragraphs(best)) if best is not None else ""


# Block elements: each starts a line of the article's text.
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "ul",
           "ol", "blockquote", "pre", "center", "dd", "dt"}
# The smallest article a content system's container must hold to be read as the page's article.
_MIN_CONTAINER_CHARS = 200


def _lines_of(el) -> list[str]:
    """The text of an element, a line per block (p, div, br, row ...), cells of a row separated by a tab."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _NOISE_TAGS:
            return
        if tag in _BLOCKS:
            parts.append("\n")
        elif tag in ("td", "th"):
            parts.append("\t")
        if node.text and tag not in ("script", "style"):
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCKS and tag != "br":
            parts.append("\n")

    walk(el)
    lines = ("".join(parts)).split("\n")
    return [" ".join(ln.split()) for ln in lines if ln.strip()]


# XPath's normalize-space() splits at these four characters only (not at every Unicode space).
_XML_SPACE = re.compile(r"[ \t\n\r]+")


@cache
def _attribute_search(containers: tuple[tuple[str, str], ...]):
    """An XPath for the elements that carry any attribute of the list, in document order (over the whole
    document, as //*); None when a name of the list is empty or holds white space (no word matches it)."""
    from lxml import etree

    if not all(name and not _XML_SPACE.search(name) for _, name in containers):
        return None
    return etree.XPath("//*[" + " or ".join(f"@{a}" for a in dict.fromkeys(a for a, _ in containers)) + "]")


def _container(tree):
    """The element a known content system keeps the article in (data/rules/article_containers.txt), with
    the most text; None when the page has none with an article's worth of text.

    An element is marked by `attr=NAME` when NAME is one of the words of its `attr`, split at XML white space
    as XPath's contains(concat(' ', normalize-space(@attr), ' '), ' NAME ') splits it. One pass finds the
    elements that carry the attributes; ties go to the first entry of the list, then to the first element in
    the document (a later one needs strictly more text)."""
    containers = article_containers()
    if not containers:
        return None
    search = _attribute_search(containers)
    if search is None:
        return _container_by_xpath(tree, containers)
    found = search(tree)
    if not found:
        return None
    words: dict[tuple[int, str], str] = {}  # (element, attribute) -> ' its words '
    sizes: dict[int, int] = {}
    best, best_len = None, _MIN_CONTAINER_CHARS - 1
    for attr, name in containers:
        word = f" {name} "
        for i, el in enumerate(found):
            key = (i, attr)
            if key not in words:
                value = el.get(attr)
                words[key] = " " + " ".join(t for t in _XML_SPACE.split(value) if t) + " " if value else ""
            if word in words[key]:
                if i not in sizes:
                    sizes[i] = len(el.text_content())
                if sizes[i] > best_len:
                    best, best_len = el, sizes[i]
    return best


def _container_by_xpath(tree, containers):
    """_container for a list with an empty name or one with white space (which a word split cannot match)."""
    best, best_len = None, _MIN_CONTAINER_CHARS - 1
    for attr, name in containers:
        for el in tree.xpath(f"//*[contains(concat(' ', normalize-space(@{attr}), ' '), ' {name} ')]"):
            size = len(el.text_content())
            if size > best_len:
                best, best_len = el, size
    return best


def _article_text(tree) -> str:
    import trafilatura

    _unwrap_layout_tables(tree)
    container = _container(tree)
    if container is not None:
        # The article's heading stands above its container (<h1 class="title">): it starts the text.
        heading = next((" ".join(h.text_content().split()) for h in tree.xpath("//h1") if h.text_content().strip()), "")
        lines = _lines_of(container)
        text = "\n".join(([heading] if heading and heading not in lines[:3] else []) + lines)
    else:
        text = trafilatura.extract(copy.deepcopy(tree), favor_recall=True, include_tables=True,
                                   include_comments=False, output_format="txt", deduplicate=False)
    if not text or not text.strip():
        text = _largest_block(tree)
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    n = len(lines)
    kept = [ln for i, ln in enumerate(lines)
            if not ((i < _INFO_EDGE or i >= n - _INFO_EDGE) and len(ln) <= _MAX_INFO_LINE and INFO_LINE.match(ln))]
    # The <h1> and a first paragraph repeating it would both be kept.
    return "\n".join(ln for i, ln in enumerate(kept) if i == 0 or ln != kept[i - 1])


def read_html(data: bytes) -> Extracted:
    """Article text, title, publish date and source of a web page."""
    import lxml.html

    html, enc = _decode_html(data)
    if not html.strip():
        raise ReadError("file is empty")
    parser = lxml.html.HTMLParser()
    try:
        # lxml refuses str input that carries an XML encoding declaration.
        tree = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", html), parser=parser)
    except Exception as exc:  # noqa: BLE001 - lxml raises several types for unparsable input
        raise ReadError(f"cannot parse HTML: {exc}") from None
    limit = next((e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    if limit:
        # libxml2 stops at 256 levels of nesting and at 10 MB in one text node or buffer; what it read
        # before is a fragment of the page, not the page.
        what = "elements nested more than 256 deep" if "depth" in limit else "more than 10 MB in one piece of text"
        raise ReadError(f"HTML page with {what}: a broken or hostile page (libxml2: {limit.strip()})")
    # One text node per line: text_content() would glue '日期：2025-02-12' to the next block's text.
    page_text = check_length("\n".join(tree.itertext()), "page text")
    metas = _metas(tree)
    title = _page_title(tree, metas)
    labelled_date, labelled_source = LABELLED_DATE.search(page_text), LABELLED_SOURCE.search(page_text)
    date = (_iso(parse_date(_meta(metas, _DATE_META), within=True))
            or _iso(parse_date(labelled_date and labelled_date.group(0), within=True)))
    source = _meta(metas, _SOURCE_META) or (labelled_source and labelled_source.group(1))
    body = _article_text(tree)
    if not body:
        raise ReadError("HTML page has no article text")
    return Extracted(text=body, fmt="html", title=title, publish_date=date, source=source, encoding=enc,
                     url=_page_url(tree))
