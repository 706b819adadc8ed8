"""What every reader shares: its result (`Extracted`), its error (`ReadError`) and the limits on one document."""
from __future__ import annotations

from dataclasses import dataclass


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


# Both are used, pickled (the sandbox's workers send them) and shown as transforms.readers.<name>.
Extracted.__module__ = ReadError.__module__ = "transforms.readers"

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
