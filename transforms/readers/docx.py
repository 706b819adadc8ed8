"""Word files (.docx): paragraphs and table rows in document order, refused when hostile."""
from __future__ import annotations

import io
import zipfile

from transforms.readers.base import MAX_DOCX_XML_BYTES, Extracted, ReadError, check_length

# Start of an OLE container: a legacy .doc, or an encrypted .docx.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A run's inner content as text (python-docx's reading): a text, a tab, a line break, a hyphen.
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_T, _BR, _BR_TYPE, _R, _HYPERLINK = f"{_W}t", f"{_W}br", f"{_W}type", f"{_W}r", f"{_W}hyperlink"
_BODY, _P, _TBL = f"{_W}body", f"{_W}p", f"{_W}tbl"


def _run_text(run) -> str:
    parts = []
    for el in run:
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
        elif tag == _BR and el.get(_BR_TYPE, "textWrapping") == "textWrapping":
            parts.append("\n")  # a page or column break is no text
    return "".join(parts)


def _paragraph_text(p) -> str:
    """The text of a w:p: its runs and the runs of its hyperlinks, in order."""
    parts = []
    for el in p:
        tag = el.tag
        if tag == _R:
            parts.append(_run_text(el))
        elif tag == _HYPERLINK:
            parts.extend(_run_text(r) for r in el if r.tag == _R)
    return "".join(parts)


def _val(el, path: str, default=None):
    found = el.find(path)
    return default if found is None else found.get(f"{_W}val", "continue" if path.endswith("vMerge") else default)


def _table_lines(tbl) -> list[str]:
    """One line per row, cells separated by a tab; a cell merged over columns is written once, one merged
    down rows is written in each row (as python-docx reads a table)."""
    rows, lines = [], []
    for tr in tbl.iterfind(f"{_W}tr"):
        grid = int(_val(tr, f"{_W}trPr/{_W}gridBefore", 0) or 0)
        cells = {}  # grid offset -> the w:tc whose text it shows (the first row of a vertical merge)
        for tc in tr.iterfind(f"{_W}tc"):
            span = int(_val(tc, f"{_W}tcPr/{_W}gridSpan", 1) or 1)
            root = tc
            if _val(tc, f"{_W}tcPr/{_W}vMerge") == "continue" and rows:
                root = rows[-1].get(grid, tc)
            for offset in range(grid, grid + span):
                cells[offset] = root
            grid += span
        rows.append(cells)
        texts, seen = [], set()
        for root in cells.values():
            if id(root) not in seen:
                seen.add(id(root))
                text = "\n".join(_paragraph_text(p) for p in root.iterfind(f"{_W}p"))
                texts.append(" ".join(text.split()))
        if any(texts):
            lines.append("\t".join(texts))
    return lines


# The relationship from the package to its main document part (word/document.xml by convention).
_OFFICE_DOCUMENT = "/officeDocument"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def read_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a .docx in document order, title from its properties.

    Only the main document part and the core properties are parsed, with lxml, and read as
    python-docx reads them (runs and hyperlinks, tabs and line breaks, merged cells): the element
    classes of python-docx cost six times the time for the same text.
    """
    from lxml import etree

    if data.startswith(_OLE_MAGIC):
        # Encrypted .docx files are OLE containers, like legacy .doc files.
        raise ReadError("password-protected .docx or legacy .doc: save it as an unprotected .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            # The package is checked before any part of it is parsed (one reading of its directory for both).
            _check_package(z)
            document = etree.fromstring(_member(z, z.getinfo(_main_part(z))),
                                        etree.XMLParser(resolve_entities=False, huge_tree=False))
            title = None
            if "docProps/core.xml" in z.NameToInfo:
                found = etree.fromstring(_member(z, z.getinfo("docProps/core.xml"))).find(_DC_TITLE)
                title = (found.text or "").strip() or None if found is not None else None
        body = document.find(_BODY)
        if body is None:
            raise ValueError("no document body")
        lines = []
        for block in body:
            if block.tag == _P:
                lines.append(_paragraph_text(block))
            elif block.tag == _TBL:
                lines.extend(_table_lines(block))
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-docx raise many types
        raise ReadError(f"corrupt .docx: {type(exc).__name__}: {exc}") from None
    text = check_length("\n".join(ln.strip() for ln in lines if ln.strip()))
    if not text:
        raise ReadError("file is empty")
    return Extracted(text=text, fmt="docx", title=title)


def _main_part(z: zipfile.ZipFile) -> str:
    """Name of the package's main document part, from its relationships (_rels/.rels)."""
    from lxml import etree

    rels = etree.fromstring(_member(z, z.getinfo("_rels/.rels")))
    for rel in rels.iter(f"{_RELS_NS}Relationship"):
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return rel.get("Target", "").lstrip("/")
    raise ValueError("no main document part (not a Word file)")


def _check_docx_package(data: bytes) -> None:
    """A ReadError for a .docx that would inflate past the limit (zip bomb) or declares XML entities."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_package(z)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile raises several types for broken archives
        raise ReadError(f"corrupt .docx: {type(exc).__name__}: {exc}") from None


def _check_package(z: zipfile.ZipFile) -> None:
    """_check_docx_package on the open package `z` (its other errors are the caller's to word)."""
    parts = z.infolist()
    inflated = sum(p.file_size for p in parts)
    if inflated > MAX_DOCX_XML_BYTES:
        raise ReadError(f".docx inflates to {inflated / 1e6:,.0f} MB (limit {MAX_DOCX_XML_BYTES / 1e6:,.0f} MB): "
                        "a zip bomb, or not a report")
    for part in parts:
        if part.filename.endswith((".xml", ".rels")):
            head = _member(z, part, 4096)
            # OOXML never uses a DTD; one that declares entities can expand to gigabytes.
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ReadError(f".docx part {part.filename} declares XML entities (<!DOCTYPE>): refused, "
                                "entity expansion can exhaust memory")


def _member(z: zipfile.ZipFile, info: zipfile.ZipInfo, n: int = -1) -> bytes:
    """The first `n` bytes of member `info` of the package `z` (all of it when n < 0)."""
    with z.open(info) as fh:
        return fh.read(n)
