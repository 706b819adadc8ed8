"""Which reader a file calls for: by its content first (`_sniff`), by its suffix second (`_READERS`)."""
from __future__ import annotations

import re

from transforms.readers.docx import read_docx
from transforms.readers.html import read_html
from transforms.readers.pdf import read_pdf
from transforms.readers.text import read_text

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
