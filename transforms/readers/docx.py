"""Word files (.docx): paragraphs and table rows in document order, refused when hostile."""
from __future__ import annotations

import io
import zipfile

from transforms.readers.base import MAX_DOCX_XML_BYTES, Extracted, ReadError, check_length

# Start of an OLE container: a legacy .doc, or an encrypted .docx.
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


# The relationship from the package to its main document part (word/document.xml by convention).
_OFFICE_DOCUMENT = "/officeDocument"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def read_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a .docx in document order, title from its properties.

    Only the main document part and the core properties are parsed (with python-docx's element
    classes, so paragraphs and tables read as python-docx reads them): opening the whole package
    with `docx.Document` parses styles, numbering, settings and theme as well, seven times the work.
    """
    from docx.oxml import parse_xml
    from docx.oxml.text.paragraph import CT_P
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    if data.startswith(_OLE_MAGIC):
        # Encrypted .docx files are OLE containers, like legacy .doc files.
        raise ReadError("password-protected .docx or legacy .doc: save it as an unprotected .docx")
    _check_docx_package(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            document = parse_xml(z.read(_main_part(z)))
            title = None
            if "docProps/core.xml" in z.namelist():
                found = etree.fromstring(z.read("docProps/core.xml")).find(_DC_TITLE)
                title = (found.text or "").strip() or None if found is not None else None
        lines = []
        for block in document.body.inner_content_elements:
            lines.extend([Paragraph(block, None).text] if isinstance(block, CT_P) else _table_lines(Table(block, None)))
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-docx raise many types
        raise ReadError(f"corrupt .docx: {type(exc).__name__}: {exc}") from None
    text = check_length("\n".join(ln.strip() for ln in lines if ln.strip()))
    if not text:
        raise ReadError("file is empty")
    return Extracted(text=text, fmt="docx", title=title)


def _main_part(z: zipfile.ZipFile) -> str:
    """Name of the package's main document part, from its relationships (_rels/.rels)."""
    from lxml import etree

    rels = etree.fromstring(z.read("_rels/.rels"))
    for rel in rels.iter(f"{_RELS_NS}Relationship"):
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return rel.get("Target", "").lstrip("/")
    raise ValueError("no main document part (not a Word file)")


def _check_docx_package(data: bytes) -> None:
    """A ReadError for a .docx that would inflate past the limit (zip bomb) or declares XML entities."""
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
