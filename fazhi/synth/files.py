"""Files as government sites publish them, written from text: .docx, PDF, web pages, encoded text, zip archives.

One set of writers for fazhi synth and for the tests (tests/make_files.py, tests/hostile.py). The same
arguments always give the same bytes: zip entries carry a fixed time, and reportlab writes PDFs in its
invariant mode. reportlab is a test extra, not a runtime dependency: only the PDF writers import it,
when they are called.
"""
from __future__ import annotations

import html
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

# ---------------------------------------------------------------- zip archives

ZIP_TIME = (2020, 1, 1, 0, 0, 0)
ZIP_STAMP = "2020-01-01T00:00:00Z"   # the same time, as document properties write it


class ZipEntry(NamedTuple):
    name: str
    size: int        # inflated
    crc: int
    packed: bytes    # raw deflate stream


def pack(name: str, data: bytes | Iterable[bytes], level: int = 6) -> ZipEntry:
    """An archive entry of `data`, or of its chunks streamed through (a part may inflate past memory)."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    size, crc, out = 0, 0, []
    for chunk in [data] if isinstance(data, bytes) else data:
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        out.append(deflate.compress(chunk))
    out.append(deflate.flush())
    return ZipEntry(name, size, crc, b"".join(out))


def zip_archive(entries: Iterable[ZipEntry]) -> bytes:
    """A zip archive of deflated entries, all dated ZIP_TIME: the same entries give the same bytes."""
    dos_date = ((ZIP_TIME[0] - 1980) << 9) | (ZIP_TIME[1] << 5) | ZIP_TIME[2]
    dos_time = 0
    out, central = io.BytesIO(), io.BytesIO()
    count = 0
    for name, size, crc, packed in entries:
        raw = name.encode("ascii")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, dos_time, dos_date, crc, len(packed), size,
                              len(raw), 0) + raw + packed)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, dos_time, dos_date, crc, len(packed),
                                  size, len(raw), 0, 0, 0, 0, 0o644 << 16, offset) + raw)
        count += 1
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(cd), start, 0))
    return out.getvalue()


# ---------------------------------------------------------------- .docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def _docx_template() -> tuple[ZipEntry, ...]:
    """The parts of python-docx's default document, compressed once ([Content_Types].xml first)."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        names = [i.filename for i in z.infolist()]
        names = ["[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
        return tuple(pack(n, z.read(n)) for n in names)


def docx_paragraph(text: str, bold: bool = False, center: bool = False, right: bool = False, size: int = 0) -> str:
    """A <w:p> of one run of `text` (size in half-points; 0 = the style's)."""
    ppr = ""
    if center or right:
        ppr = f'<w:pPr><w:jc w:val="{"center" if center else "right"}"/></w:pPr>'
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "") + "</w:rPr>"
    t = html.escape(text, quote=False)
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r></w:p>'


def docx_table(rows: Sequence[Sequence[str]]) -> str:
    """A <w:tbl> of `rows` of cell texts, with the column grid Word and python-docx expect."""
    width = 8640 // max(1, len(rows[0]))
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in rows[0])
    cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{{}}</w:tc>'
    body = "".join("<w:tr>" + "".join(cell.format(docx_paragraph(c)) for c in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'


def docx_document(body: Iterable[str]) -> bytes:
    """word/document.xml: the body elements (docx_paragraph, docx_table) on A4 pages."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
            + "".join(body)
            + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" '
              'w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>'
            ).encode()


def docx_core(title: str, creator: str, stamp: str = ZIP_STAMP) -> bytes:
    """docProps/core.xml: title, author, and `stamp` as the times created and modified."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{html.escape(title)}</dc:title><dc:creator>{html.escape(creator)}</dc:creator>"
            "<cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
            ).encode()


def docx_package(document: bytes | Iterable[bytes], core: bytes | None = None, level: int = 6) -> bytes:
    """A .docx: python-docx's default package with `document` as word/document.xml (and `core` as its properties).

    `document` may be chunks, streamed into the archive; `level` is its deflate level.
    """
    replaced = {"word/document.xml": document, "docProps/core.xml": core}
    return zip_archive(pack(e.name, replaced[e.name], level) if replaced.get(e.name) is not None else e
                       for e in _docx_template())


def docx_file(body: Iterable[str], *, title: str = "", creator: str = "", stamp: str = ZIP_STAMP) -> bytes:
    """A .docx of body elements (docx_paragraph, docx_table) with its title and author."""
    return docx_package(docx_document(body), docx_core(title, creator, stamp))


# ---------------------------------------------------------------- PDF (reportlab)

PDF_FONT = "STSong-Light"   # reportlab's built-in Chinese CID font: nothing to install
# Footer styles seen on government PDFs; {n} is the page number, {total} the page count.
FOOTERS = {
    "dash": "- {n} -",
    "bare": "{n}",
    "di-ye": "第{n}页",
    "di-ye-gong": "第 {n} 页 共 {total} 页",
    "slash": "{n}/{total}",
}


def _register_font() -> None:
    """Register the CID font with reportlab once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def wrap(paragraph: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """`paragraph` cut into lines no wider than `width` points, mid-sentence as a word processor would."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, room = [], "", width - indent
    for ch in paragraph:
        if line and stringWidth(line + ch, PDF_FONT, size) > room:
            lines.append(line)
            line, room = "", width
        line += ch
    return lines + [line] if line else lines


def pdf_file(paragraphs: Iterable[str], *, centred: Sequence[str] = (), header: str | None = None,
             footer: str | None = FOOTERS["dash"], size: float = 12, indent: bool = True, title: str | None = None,
             encrypt: str | None = None) -> bytes:
    """An A4 PDF: `centred` lines (a title), then one paragraph per item, with a running header and page numbers.

    A paragraph's first line is indented two characters when `indent`; `footer` is a FOOTERS style.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    page_w, page_h = A4
    margin, leading = 72, size * 1.6
    first_indent = 2 * size if indent else 0
    rows: list[tuple[float, str, bool]] = [(0, line, True) for text in centred
                                           for line in wrap(text, page_w - 2 * margin, size)]
    for para in paragraphs:
        for i, line in enumerate(wrap(para, page_w - 2 * margin, size, first_indent)):
            rows.append((first_indent if i == 0 else 0, line, False))
    per_page = int((page_h - 2 * margin) // leading)
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=encrypt)
    if title:
        c.setTitle(title)
    for n, page in enumerate(pages, 1):
        if header:
            c.setFont(PDF_FONT, 9)
            c.drawCentredString(page_w / 2, page_h - 40, header)
        c.setFont(PDF_FONT, size)
        y = page_h - margin
        for x, line, center in page:
            if center:
                c.drawCentredString(page_w / 2, y, line)
            else:
                c.drawString(margin + x, y, line)
            y -= leading
        if footer:
            c.setFont(PDF_FONT, 9)
            c.drawCentredString(page_w / 2, 36, footer.format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_pdf(pages: int = 2, bars: int = 20) -> bytes:
    """A PDF of `pages` A4 pages of filled bars and no text, as a scanner writes it (bars=0: blank pages)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for _ in range(pages):
        for i in range(bars):
            c.rect(72, 100 + 30 * i, 400, 12, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- web pages and text

def page_metas(site: str, column: str, title: str, pubdate: str | None, source: str | None) -> str:
    """The <meta> lines a government CMS writes for an article (the reader takes title, date and source from them)."""
    metas = [("SiteName", site), ("ColumnName", column), ("ArticleTitle", title), ("PubDate", pubdate),
             ("ContentSource", source)]
    return "".join(f'<meta name="{k}" content="{html.escape(v)}">\n' for k, v in metas if v is not None)


def link_items(links: Iterable[tuple[str, str, str | None]]) -> str:
    """<li> links of (href, text, date or None), as navigation bars and related-article lists write them."""
    return "".join(f'<li><a href="{href}">{html.escape(text)}</a>' + (f"<span>{day}</span>" if day else "") + "</li>"
                   for href, text, day in links)


def article_page(*, site: str, column: str, title: str, published: str, views: int, paragraphs: Sequence[str],
                 signature: Sequence[str], nav: Sequence[tuple[str, str, str | None]],
                 related: Sequence[tuple[str, str, str]], footer: Sequence[str]) -> str:
    """A government site's article page: metadata, navigation, breadcrumbs, the article, related links, footer.

    `footer` holds the footer's lines as HTML (they carry links); everything else is text.
    """
    esc = html.escape
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    sign = "\n".join(f'<p style="text-align: right;">{esc(p)}</p>' for p in signature)
    footer_html = "\n".join(f"<p>{line}</p>" for line in footer)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
{page_metas(site, column, title, published, site)}<title>{esc(title)}_{esc(site)}</title>
<link rel="stylesheet" href="/css/style.css">
<script>function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}</script>
</head>
<body>
<div class="topbar"><span>无障碍</span> <a href="/m/">移动版</a> <a href="/login.html">登录</a></div>
<div class="header"><div class="logo">{esc(site)}</div></div>
<div class="nav"><ul>{link_items(nav)}</ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/col/col102/index.html">政务公开</a> &gt; <a href="/col/col106/index.html">{esc(column)}</a></div>
<div class="main">
<h1 class="article-title">{esc(title)}</h1>
<div class="info"><span>发布时间：{published}</span><span>来源：{esc(site)}</span><span>浏览次数：{views}</span><span>【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="article" id="zoom">
{body}
{sign}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关文章</h3><ul>{link_items(related)}</ul></div>
</div>
<div class="footer">
{footer_html}
</div>
</body>
</html>
"""


def encode_text(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; 'utf-16' and 'utf-8-sig' write their byte-order mark.

    In a legacy encoding a no-break space becomes a space and a character it lacks (braille
    garbage, rare symbols) is left out, as an editor saving the file in GBK would.
    """
    text = text.replace("\xa0", " ") if encoding.lower() in ("gbk", "gb2312", "big5") else text
    return "".join(c for c in text if c.encode(encoding, "ignore")).encode(encoding)
