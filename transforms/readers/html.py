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


@cache
def _xpath(expr: str):
    """`expr` compiled once: tree.xpath(expr) compiles it at every call."""
    from lxml import etree

    return etree.XPath(expr)


@cache
def _element_lookup():
    """lxml.html's classes for the elements of a page (HtmlElement, FormElement ... HtmlComment), chosen by
    lxml itself: lxml.html.HTMLParser asks a Python method for the class of every element it hands out."""
    import lxml.html
    from lxml import etree

    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    by_tag = lookup.get_namespace(None)
    for tag, cls in lxml.html.HtmlElementClassLookup._default_element_classes.items():
        by_tag[tag] = cls
    return lookup


def _html_parser():
    """A parser for one page, giving the elements lxml.html.HTMLParser gives (its error log is the page's)."""
    from lxml import etree

    parser = etree.HTMLParser()
    parser.set_element_class_lookup(_element_lookup())
    return parser



def _text_nodes(tree) -> list[str]:
    """tree.itertext(): the texts and tails of the tree in document order, found by one XPath in C."""
    if not isinstance(tree.tag, str):
        return list(tree.itertext())  # a page that is one comment: itertext raises what it raises
    return _xpath_plain("descendant::text()")(tree)


@cache
def _xpath_plain(expr: str):
    """`expr` compiled once, its strings plain (no reference back to their element)."""
    from lxml import etree

    return etree.XPath(expr, smart_strings=False)


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
    hits = _xpath("//link[@rel='canonical']/@href")(tree) + _xpath("//meta[@property='og:url']/@content")(tree)
    return next((h.strip() for h in hits if h.strip().startswith(("http://", "https://"))), None)


def _page_title(tree, metas: dict[str, str]) -> str | None:
    """ArticleTitle / og:title meta, else <title> without its site suffix, else the first <h1>."""
    title = _meta(metas, _TITLE_META)
    if title:
        return title
    raw = " ".join(_xpath("//title//text()")(tree)).strip()
    if raw:
        # Government sites write 'TITLE-SITE' or 'TITLE_COLUMN_SITE'.
        return _TITLE_SEP.split(raw)[0].strip() or None
    h1 = [" ".join(h.text_content().split()) for h in _xpath("//h1")(tree)]
    return next((h for h in h1 if h), None)


def _unwrap_layout_tables(tree) -> None:
    """Turn layout tables into divs: trafilatura flattens a table cell, <br> paragraph breaks and all."""
    for table in tree.iter("table"):
        rows = _xpath("./tr|./*/tr")(table)
        cells = [c for r in rows for c in r if c.tag in ("td", "th")]
        if any(len(c.text_content()) > _LAYOUT_CELL_CHARS for c in cells):
            for el in [table, *_xpath("./tbody|./thead|./tfoot")(table), *rows, *cells]:
                el.tag = "div"


def _own_paragraphs(el) -> list[str]:
    """Text directly in `el`: its own text, its <p> children, and the text between its children."""
    parts = [el.text or ""]
    for child in el:
        parts += [child.text_content() if child.tag == "p" else "", child.tail or ""]
    return [" ".join(p.split()) for p in parts if p.strip()]


def _largest_block(tree) -> str:
    """Text of the block with the most text of its own, one paragraph per line (trafilatura's fallback)."""
    for el in _xpath("|".join(f"//{t}" for t in _NOISE_TAGS))(tree):
        el.drop_tree()
    blocks = _xpath("|".join(f"//{t}" for t in _BLOCK_TAGS))(tree)
    best = max(blocks, key=lambda el: sum(map(len, _own_paragraphs(el))), default=None)
    return "\n".join(_own_paragraphs(best)) if best is not None else ""


# Block elements: each starts a line of the article's text.
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "ul",
           "ol", "blockquote", "pre", "center", "dd", "dt"}
# The smallest article a content system's container must hold to be read as the page's article.
_MIN_CONTAINER_CHARS = 200


_NOISE = frozenset(_NOISE_TAGS)
_CELLS = frozenset(("td", "th"))


def _lines_of(el) -> list[str]:
    """The text of an element, a line per block (p, div, br, row ...), cells of a row separated by a tab.

    Noise elements (script, nav ...) give no text, their tails do; a comment gives its text too."""
    from lxml import etree

    parts: list[str] = []
    append = parts.append
    walker = etree.iterwalk(el, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if tag in _NOISE:
                walker.skip_subtree()  # its 'end' still comes, for its tail
                continue
            if tag in _BLOCKS:
                append("\n")
            elif tag in _CELLS:
                append("\t")
            if node.text:
                append(node.text)
        elif event == "end":
            if node.tag in _BLOCKS and node.tag != "br":
                append("\n")
            if node is not el and node.tail:
                append(node.tail)
        else:  # a comment or processing instruction, inside `el`
            if node.text:
                append(node.text)
            if node.tail:
                append(node.tail)
    lines = ("".join(parts)).split("\n")
    return [" ".join(ln.split()) for ln in lines if ln.strip()]


# XPath's normalize-space() splits at these four characters only (not at every Unicode space).
_XML_SPACE = re.compile(r"[ \t\n\r]+")


@cache
def _container_search(containers: tuple[tuple[str, str], ...]):
    """(an XPath for the values of every attribute the list names, in document order over the whole
    document, as //*; the set of its entries); None when a name of the list is empty or holds white space
    (a word of a split never equals it)."""
    from lxml import etree

    if not all(name and not _XML_SPACE.search(name) for _, name in containers):
        return None
    attrs = dict.fromkeys(attr for attr, _ in containers)
    return etree.XPath("|".join(f"//@{attr}" for attr in attrs)), frozenset(containers)


def _container(tree):
    """The element a known content system keeps the article in (data/rules/article_containers.txt), with
    the most text; None when the page has none with an article's worth of text.

    An element is marked by `attr=NAME` when NAME is one of the words of its `attr`, split at XML white space
    as XPath's contains(concat(' ', normalize-space(@attr), ' '), ' NAME ') splits it. One pass gathers the
    values of the attributes; ties go to the first entry of the list, then to the first element in the
    document (a later one needs strictly more text)."""
    containers = article_containers()
    if not containers:
        return None
    search = _container_search(containers)
    if search is None:
        return _container_by_xpath(tree, containers)
    values, entries = search
    marked: dict[tuple[str, str], list] = {}  # entry -> the attribute values it marks, in document order
    for value in values(tree):
        attr = value.attrname
        for word in set(_XML_SPACE.split(value)):
            if (attr, word) in entries:
                marked.setdefault((attr, word), []).append(value)
    if not marked:
        return None
    sizes: dict = {}
    best, best_len = None, _MIN_CONTAINER_CHARS - 1
    for entry in containers:
        for value in marked.get(entry, ()):
            el = value.getparent()
            if el not in sizes:
                sizes[el] = len(el.text_content())
            if sizes[el] > best_len:
                best, best_len = el, sizes[el]
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
        heading = next((" ".join(h.text_content().split()) for h in _xpath("//h1")(tree) if h.text_content().strip()), "")
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
    if not html or html.isspace():  # not html.strip(), without copying the page
        raise ReadError("file is empty")
    parser = _html_parser()
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
    page_text = check_length("\n".join(_text_nodes(tree)), "page text")
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
