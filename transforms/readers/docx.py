"""Word files (.docx): paragraphs and table rows in document order, refused when hostile."""
from __future__ import annotations

import io

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
