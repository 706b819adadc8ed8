"""Format readers: the text of an HTML page, PDF, DOCX or text file, from its bytes.

Pure: bytes in, an `Extracted` out, no file or network I/O. A file that cannot be
read raises `ReadError` with a message a person can act on; the flow
quarantines the file with it.

One module per format: `text` (decoding: byte-order marks, Chinese codecs), `html`, `pdf`
and `docx`; `sniff` tells which one a file calls for, `base` holds what they share.
"""
from __future__ import annotations

from pathlib import PurePath

from transforms.readers.base import (
    MAX_BYTES,
    MAX_DOCX_XML_BYTES,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    PDF_TEXTLESS_PAGES,
    Extracted,
    ReadError,
    check_length,
)
from transforms.readers.docx import _OLE_MAGIC, read_docx
from transforms.readers.html import read_html
from transforms.readers.pdf import read_pdf
from transforms.readers.sniff import _READERS, READER_SUFFIXES, _sniff
from transforms.readers.text import read_text

__all__ = [
    "MAX_BYTES", "MAX_DOCX_XML_BYTES", "MAX_PDF_PAGES", "MAX_TEXT_CHARS", "PDF_TEXTLESS_PAGES", "READER_SUFFIXES",
    "Extracted", "ReadError", "check_length", "read_document", "read_docx", "read_html", "read_pdf", "read_text",
]


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
    if not data or data.isspace():  # not data.strip(), without copying the file
        raise ReadError("file is empty")
    suffix = (_suffix(name) if isinstance(name, str) else PurePath(name).suffix).lower()
    reader = _sniff(data)
    if reader is not None:
        return reader(data)
    if suffix == ".doc" or (data.startswith(_OLE_MAGIC) and suffix != ".docx"):
        raise ReadError("legacy .doc is not supported: save it as .docx")
    if suffix not in _READERS:
        raise ReadError(f"unsupported file type: {suffix or 'no suffix'} ({name})")
    return _READERS[suffix](data)


def _suffix(name: str) -> str:
    """PurePath(name).suffix, without building the path: the last component's ending from its last dot."""
    last = next((part for part in reversed(name.split("/")) if part and part != "."), "")
    i = last.rfind(".")
    return last[i:] if 0 < i < len(last) - 1 else ""
