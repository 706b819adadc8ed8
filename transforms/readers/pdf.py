"""PDF files: the text in reading order, without running headers, footers and page numbers."""
from __future__ import annotations

import codecs
import io
import re
import statistics
from dataclasses import dataclass
from itertools import pairwise

from transforms.normalise import SENTENCE_END, clean_line, is_heading, is_standalone
from transforms.readers.base import MAX_PDF_PAGES, PDF_TEXTLESS_PAGES, Extracted, ReadError, check_length
from transforms.readers.text import _CJK

# '- 3 -', '3', '3/10', '第3页', '第 3 页 共 10 页', 'Page 3 of 10'. Four digits at most: '2025212' is a date.
_PAGE_NUMBER = re.compile(
    r"^[-—–_\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*(?:[/／]\s*\d{1,4})?"
    r"|page\s*\d+(?:\s*of\s*\d+)?)[-—–_\s]*$",
    re.I,
)
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
    # Only sentence punctuation ends a line here: a PDF line ending in a closing quote or bracket
    # (normalise's CLOSING_MARKS) may still have been cut by the page width.
    ends = line.text.endswith(SENTENCE_END)
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
    for prev, ln in pairwise(lines):
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
