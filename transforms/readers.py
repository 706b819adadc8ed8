"""Format readers: the text of an HTML page, PDF, DOCX or text file, from its bytes.

Pure: bytes in, an `Extracted` out, no file or network I/O. A file that cannot be
read raises `ReadError` with a message a person can act on; the flow
quarantines the file with it.
"""
from __future__ import annotations

import codecs
import copy
import io
import re
import statistics
from dataclasses import dataclass
from pathlib import PurePath

from transforms.dates import DATE_ISO, find_date
from transforms.normalise import clean_line, is_heading, is_standalone

__all__ = ["Extracted", "ReadError", "read_document", "read_docx", "read_html", "read_pdf", "read_text"]


@dataclass
class Extracted:
    text: str
    fmt: str
    title: str | None = None
    publish_date: str | None = None
    source: str | None = None
    encoding: str | None = None
    url: str | None = None


class ReadError(ValueError):
    """The file cannot be read as a document; the message says why."""


# Bounds on what one document may cost (the flow also bounds each reader's time and memory,
# flows/sandbox.py). The longest real reports run to ~100,000 characters and ~100 pages.
MAX_BYTES = 50_000_000
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 1_000
# A PDF whose first pages have no text at all is a scan: stop reading it there.
PDF_TEXTLESS_PAGES = 50
MAX_DOCX_XML_BYTES = 200_000_000


def check_length(text: str, what: str = "text") -> str:
    """`text`, or a ReadError when it is longer than any report."""
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(f"{len(text):,} characters of {what}: more than any report has (limit {MAX_TEXT_CHARS:,}); "
                        "a data dump or a hostile file, not one report")
    return text


# ---------------------------------------------------------------- text

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# charset-normalizer may only choose among these: reports are Chinese, and an
# unrestricted guess turns any binary or Latin file into plausible mojibake.
_CHINESE_CODECS = ["gb18030", "gbk", "gb2312", "big5"]
# BOM-less UTF-16: charset-normalizer finds it only when asked for an explicit byte order.
_UTF16_CODECS = ["utf_16_le", "utf_16_be"]
# GBK and GB2312 are subsets of GB18030: decode with the superset, since pages
# declared gb2312 routinely use GBK-only characters.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
             "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MIN_CJK_SHARE = 0.2
_MAX_CONTROL_SHARE = 0.01
# Control characters (Unicode category Cc) other than tab, newline, carriage return, form feed and vertical tab.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str) -> str:
    """`text` itself, or a ReadError when it is empty or looks like binary data."""
    if not text.strip(" \t\r\n\f\v\ufeff\u3000"):
        raise ReadError("file is empty")
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ReadError(f"binary content: {controls} control characters in {len(text)}")
    return text


def _looks_chinese(text: str) -> bool:
    """A reasonable share of the visible characters are CJK ideographs."""
    visible = sum(1 for c in text if not c.isspace())
    return visible > 0 and len(_CJK.findall(text)) >= _MIN_CJK_SHARE * visible


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {enc} after its byte-order mark: {exc.reason}") from None
    return None


def _detect_chinese(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when charset-normalizer finds a Chinese encoding that decodes strictly."""
    from charset_normalizer import from_bytes

    utf16 = b"\x00" in data
    candidates = [m.encoding for m in from_bytes(data, cp_isolation=_UTF16_CODECS if utf16 else _CHINESE_CODECS)]
    # GB18030 last: it is what the project always accepted, and detection can miss short texts.
    for enc in dict.fromkeys(candidates + ([] if utf16 else ["gb18030"])):
        codec = _SUPERSET.get(enc, enc)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, codec
    return None


def read_text(data: bytes) -> Extracted:
    """Plain text (UTF-8, UTF-16 with BOM, GB18030/GBK/Big5) as an `Extracted`."""
    if not data.strip():
        raise ReadError("file is empty")
    found = _decode_bom(data)
    if found is None and b"\x00" in data:
        # NUL bytes: BOM-less UTF-16 Chinese text, or binary.
        found = _detect_chinese(data) if len(data) % 2 == 0 else None
        if found is None:
            raise ReadError("binary content: NUL bytes and no UTF-16 byte-order mark")
    if found is None:
        try:
            found = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            found = _detect_chinese(data)
    if found is None:
        raise ReadError("cannot decode: not UTF-8/UTF-16/GB18030 text")
    text, enc = found
    return Extracted(text=_check_text(check_length(text)), fmt="text", encoding=enc)


# ---------------------------------------------------------------- html

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE_META = ("ArticleTitle", "og:title")
_DATE_META = ("PubDate", "publishdate", "article:published_time", "pubdate", "firstpublishedtime")
_SOURCE_META = ("ContentSource", "source")
_LABELLED_DATE = re.compile(r"(?:发布时间|发布日期|信息时间|更新时间)\s*[:：]\s*" + DATE_ISO.pattern)
_SOURCE = re.compile(
    r"(?:信息来源|来源|发布机构)\s*[:：]\s*([\u4e00-\u9fff（）()·]{2,40}?)"
    r"(?=\s|发布|浏览|时间|日期|作者|阅读|点击|字号|】|\]|[|｜]|$)"
)
# Lines of the article header or footer that we move into fields: date, source, hits, font size, editor.
_INFO_LINE = re.compile(
    r"^[【\[\s]*(?:发布时间|发布日期|信息时间|更新时间|信息来源|文章来源|来源|发布机构|作者|责任编辑|编辑"
    r"|浏览次数|阅读次数|点击数|字号|字体)\s*[:：]"
)
# Only this many lines at each end of the article are checked for info lines.
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


def _meta(tree, names: tuple[str, ...]) -> str | None:
    for name in names:
        for attr in ("name", "property"):
            hits = tree.xpath(f"//meta[translate(@{attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
                              f"='{name.lower()}']/@content")
            value = next((h.strip() for h in hits if h.strip()), None)
            if value:
                return value
    return None


def _iso_date(s: str | None) -> str | None:
    d = find_date(s)
    return d.isoformat() if d else None


def _page_url(tree) -> str | None:
    """The page's own address, when a saved page keeps it (<link rel=canonical>, og:url)."""
    hits = tree.xpath("//link[@rel='canonical']/@href") + tree.xpath("//meta[@property='og:url']/@content")
    return next((h.strip() for h in hits if h.strip().startswith(("http://", "https://"))), None)


def _page_title(tree) -> str | None:
    """ArticleTitle / og:title meta, else <title> without its site suffix, else the first <h1>."""
    title = _meta(tree, _TITLE_META)
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


def _article_text(tree) -> str:
    import trafilatura

    _unwrap_layout_tables(tree)
    text = trafilatura.extract(copy.deepcopy(tree), favor_recall=True, include_tables=True, include_comments=False,
                               output_format="txt", deduplicate=False)
    if not text or not text.strip():
        text = _largest_block(tree)
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    n = len(lines)
    kept = [ln for i, ln in enumerate(lines)
            if not ((i < _INFO_EDGE or i >= n - _INFO_EDGE) and len(ln) <= _MAX_INFO_LINE and _INFO_LINE.match(ln))]
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
    title = _page_title(tree)
    labelled_date, labelled_source = _LABELLED_DATE.search(page_text), _SOURCE.search(page_text)
    date = _iso_date(_meta(tree, _DATE_META)) or _iso_date(labelled_date and labelled_date.group(0))
    source = _meta(tree, _SOURCE_META) or (labelled_source and labelled_source.group(1))
    body = _article_text(tree)
    if not body:
        raise ReadError("HTML page has no article text")
    return Extracted(text=body, fmt="html", title=title, publish_date=date, source=source, encoding=enc,
                     url=_page_url(tree))


# ---------------------------------------------------------------- pdf

# '- 3 -', '3', '3/10', '第3页', '第 3 页 共 10 页', 'Page 3 of 10'. Four digits at most: '2025212' is a date.
_PAGE_NUMBER = re.compile(
    r"^[-—–_\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*(?:[/／]\s*\d{1,4})?"
    r"|page\s*\d+(?:\s*of\s*\d+)?)[-—–_\s]*$",
    re.I,
)
_SENTENCE_END = tuple("。！？!?；;：:…")
_EDGE_LINES = 2
# Headers and footers sit in the page margins: never strip a line from the middle of a page.
_MARGIN_SHARE = 0.15
_FULL_WIDTH_SLACK = 2.5  # characters a cut line may fall short of the right edge (unjustified text, narrow digits)
_MIN_REPEAT_SHARE = 0.5


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    size: float
    in_margin: bool = False


def _page_lines(page) -> list[_Line]:
    lines = sorted(page.extract_text_lines(return_chars=False), key=lambda ln: (round(ln["top"]), ln["x0"]))
    band = _MARGIN_SHARE * page.height
    return [_Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["bottom"] - ln["top"],
                  ln["top"] < band or ln["bottom"] > page.height - band)
            for ln in lines if ln["text"].strip()]


def _furniture_key(text: str) -> str:
    """A header or footer line with its page number blanked, so '第3页' and '第4页' compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    from collections import Counter

    tops = Counter(k for p in pages for k in {_furniture_key(ln.text) for ln in p[:_EDGE_LINES]})
    bottoms = Counter(k for p in pages for k in {_furniture_key(ln.text) for ln in p[-_EDGE_LINES:]})
    needed = max(2, _MIN_REPEAT_SHARE * len(pages))
    out = []
    for p in pages:
        p = list(p)
        for edge, counts in ((0, tops), (-1, bottoms)):
            for _ in range(_EDGE_LINES):
                if p and p[edge].in_margin and (_PAGE_NUMBER.match(p[edge].text)
                                                or counts[_furniture_key(p[edge].text)] >= needed):
                    p.pop(edge)
        out.append(p)
    return out


def _continues(line: _Line, nxt: _Line, right: float, left: float, indents: bool) -> bool:
    """True when `line` was cut by the page width and `nxt` goes on with its sentence."""
    full = line.x1 >= right - _FULL_WIDTH_SLACK * line.size
    # Headings are told by the same rules as in normalisation, on the cleaned line
    # (a converted page may put HTML residue or braille garbage before 二、).
    heading = is_heading(clean_line(nxt.text))
    if indents:
        # The first-line indent marks every new paragraph; a title or signature is indented or centred too.
        return full and nxt.x0 < left + 1.5 * nxt.size and not heading
    standalone = is_standalone(nxt.text)
    ends = line.text.endswith(_SENTENCE_END)
    return full and not ends and not heading and not standalone


def _latin(ch: str) -> bool:
    """An English word cut at a line end needs its space back; Chinese text needs none."""
    return ch.isascii() and ch.isalpha()


def _join_lines(lines: list[_Line]) -> str:
    """Paragraphs from the page lines: lines broken by the page width are rejoined."""
    if not lines:
        return ""
    # The text's right edge: the 90th percentile of line ends, so a stray wide line does not move it.
    ends = [ln.x1 for ln in lines]
    right = statistics.quantiles(ends, n=10, method="inclusive")[-1] if len(ends) > 1 else ends[0]
    left = min(ln.x0 for ln in lines)
    # First lines of long paragraphs: full width, indented by about two characters.
    indented = sum(1 for ln in lines if left + 1.5 * ln.size <= ln.x0 <= left + 4 * ln.size
                   and ln.x1 >= right - _FULL_WIDTH_SLACK * ln.size)
    indents = indented >= max(2, 0.05 * len(lines))
    paras = [lines[0].text]
    for prev, ln in zip(lines, lines[1:]):
        if _continues(prev, ln, right, left, indents):
            paras[-1] += (" " if _latin(paras[-1][-1]) and _latin(ln.text[0]) else "") + ln.text
        else:
            paras.append(ln.text)
    return "\n".join(paras)


def _pdf_title(meta: dict) -> str | None:
    title = meta.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-16" if title.startswith(codecs.BOM_UTF16_BE) else "latin-1", "ignore")
    # Tools fill Title with 'untitled' or 'Microsoft Word - x.docx': only a Chinese title is the report's.
    return title.strip() if isinstance(title, str) and _CJK.search(title) else None


def read_pdf(data: bytes) -> Extracted:
    """Text of a PDF in reading order, without running headers, footers and page numbers."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if b"%%EOF" not in data:
        raise ReadError("corrupt or truncated PDF: no %%EOF marker")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReadError(f"PDF of {len(pdf.pages):,} pages: more than any report has (limit {MAX_PDF_PAGES:,})")
            pages = []
            for page in pdf.pages:
                pages.append(_page_lines(page))
                if len(pages) == PDF_TEXTLESS_PAGES and not any(pages):
                    raise ReadError(f"PDF has no text layer on its first {PDF_TEXTLESS_PAGES} pages (scanned image?)")
            title = _pdf_title(pdf.metadata or {})
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for broken files
        # pdfplumber wraps pdfminer's exception as the first argument of its own.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ReadError("password-protected PDF") from None
        raise ReadError(f"corrupt or truncated PDF: {type(cause).__name__}: {cause}") from None
    text = check_length(_join_lines([ln for p in _strip_furniture(pages) for ln in p]))
    if not text.strip():
        raise ReadError("PDF has no text layer (scanned image?)")
    return Extracted(text=text, fmt="pdf", title=title)


# ---------------------------------------------------------------- docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _table_lines(table) -> list[str]:
    """One line per row, cells separated by a tab; a merged cell is written once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def read_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a .docx in document order, title from its properties."""
    import docx
    from docx.table import Table

    if data.startswith(_OLE_MAGIC):
        # Encrypted .docx files are OLE containers, like legacy .doc files.
        raise ReadError("password-protected .docx or legacy .doc: save it as an unprotected .docx")
    _check_docx_package(data)
    try:
        doc = docx.Document(io.BytesIO(data))
        lines = []
        for block in doc.iter_inner_content():
            lines.extend(_table_lines(block) if isinstance(block, Table) else [block.text])
        title = (doc.core_properties.title or "").strip() or None
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-docx raise many types
        raise ReadError(f"corrupt .docx: {type(exc).__name__}: {exc}") from None
    text = check_length("\n".join(ln.strip() for ln in lines if ln.strip()))
    if not text:
        raise ReadError("file is empty")
    return Extracted(text=text, fmt="docx", title=title)


def _check_docx_package(data: bytes) -> None:
    """A ReadError for a .docx that would inflate past the limit (zip bomb) or declares XML entities."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
            inflated = sum(p.file_size for p in parts)
            if inflated > MAX_DOCX_XML_BYTES:
                raise ReadError(f".docx inflates to {inflated / 1e6:,.0f} MB (limit {MAX_DOCX_XML_BYTES / 1e6:,.0f} MB): "
                                "a zip bomb, or not a report")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with z.open(part) as fh:
                        head = fh.read(4096)
                    # OOXML never uses a DTD; one that declares entities can expand to gigabytes.
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise ReadError(f".docx part {part.filename} declares XML entities (<!DOCTYPE>): refused, "
                                        "entity expansion can exhaust memory")
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile raises several types for broken archives
        raise ReadError(f"corrupt .docx: {type(exc).__name__}: {exc}") from None


# ---------------------------------------------------------------- dispatch

_READERS = {
    **dict.fromkeys((".html", ".htm", ".shtml", ".xhtml"), read_html),
    ".pdf": read_pdf,
    ".docx": read_docx,
    **dict.fromkeys((".txt", ".md", ".text"), read_text),
}
READER_SUFFIXES = tuple(_READERS)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)


def _sniff(data: bytes):
    """The reader the content itself calls for, whatever the file is named."""
    if b"%PDF-" in data[:1024]:
        return read_pdf
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return read_docx
    if _HTML_START.match(data[:4096]):
        return read_html
    return None


def read_document(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> Extracted:
    """Read a document of any supported format, by its content first and its suffix second.

    Examples
    --------
    >>> read_document("report.txt", "法治政府建设情况报告".encode("utf-8"))
    Extracted(text='法治政府建设情况报告', fmt='text', title=None, publish_date=None, source=None, encoding='utf-8', url=None)
    >>> read_document("report.doc", b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1")
    Traceback (most recent call last):
    ...
    transforms.readers.ReadError: legacy .doc is not supported: save it as .docx
    """
    if len(data) > max_bytes:
        raise ReadError(f"file too large: {len(data)} bytes > {max_bytes}")
    if not data.strip():
        raise ReadError("file is empty")
    suffix = PurePath(name).suffix.lower()
    reader = _sniff(data)
    if reader is not None:
        return reader(data)
    if suffix == ".doc" or (data.startswith(_OLE_MAGIC) and suffix != ".docx"):
        raise ReadError("legacy .doc is not supported: save it as .docx")
    if suffix not in _READERS:
        raise ReadError(f"unsupported file type: {suffix or 'no suffix'} ({name})")
    return _READERS[suffix](data)
