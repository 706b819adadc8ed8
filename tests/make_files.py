"""Real documents made from report text, for reader tests: no binary fixtures in the repo.

Each generator takes report text (one paragraph per line) and returns the bytes
of a file as a government site would publish it: a PDF with running headers and
page numbers, a DOCX, a web page with navigation and footer, encoded text.
"""
from __future__ import annotations

import html
import io

PDF_FONT = "STSong-Light"
PDF_HEADER = "苏州市科学技术局"
# Footer styles seen on government PDFs; {n} is the page number, {total} the page count.
FOOTERS = {
    "dash": "- {n} -",
    "bare": "{n}",
    "di-ye": "第{n}页",
    "di-ye-gong": "第 {n} 页 共 {total} 页",
    "slash": "{n}/{total}",
}
NAV_LINKS = ["首页", "走进苏州", "政务公开", "政策文件", "网上办事", "互动交流", "数据开放", "专题专栏",
             "领导信息", "机构设置", "规划计划", "人事信息", "财政资金", "统计信息", "应急管理"]
RELATED_LINKS = ["关于公布苏州市数字经济新兴产业目录的公示", "市科技局召开全市科技工作会议",
                 "苏州市科技企业孵化器认定名单的通知", "市科技局开展安全生产月宣传活动"]
ICP = "苏ICP备05009034号-1"
SITE_ID = "网站标识码：3205000001"
SCRIPT_TEXT = "欢迎访问苏州市人民政府门户网站"


def _register_font() -> None:
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


def make_pdf(text: str, *, header: str | None = PDF_HEADER, footer: str | None = "dash", indent: bool = True,
             size: float = 12, title: str | None = None, encrypt: str | None = None) -> bytes:
    """A4 PDF of `text` (one paragraph per line), several pages, running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    page_w, page_h = A4
    margin, leading = 72, size * 1.6
    first_indent = 2 * size if indent else 0
    rows: list[tuple[float, str]] = []
    for para in (p.strip() for p in text.split("\n")):
        for i, line in enumerate(wrap(para, page_w - 2 * margin, size, first_indent)) if para else ():
            rows.append((first_indent if i == 0 else 0, line))
    per_page = int((page_h - 2 * margin) // leading)
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    if title:
        c.setTitle(title)
    for n, page in enumerate(pages, 1):
        if header:
            c.setFont(PDF_FONT, 9)
            c.drawCentredString(page_w / 2, page_h - 40, header)
        c.setFont(PDF_FONT, size)
        y = page_h - margin
        for x, line in page:
            c.drawString(margin + x, y, line)
            y -= leading
        if footer:
            c.setFont(PDF_FONT, 9)
            c.drawCentredString(page_w / 2, 36, FOOTERS[footer].format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return buf.getvalue()


def make_image_pdf(pages: int = 2) -> bytes:
    """A PDF with shapes and no text, as a scanner produces."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        for i in range(20):
            c.rect(72, 100 + 30 * i, 400, 12, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def make_docx(text: str, *, title: str | None = None, table: list[list[str]] | None = None) -> bytes:
    """DOCX with one paragraph per line of `text`, then `table` (rows of cells) if given."""
    import docx

    doc = docx.Document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    if title:
        doc.core_properties.title = title
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def make_html(text: str, title: str, pubdate: str | None, source: str | None, charset: str = "utf-8", *,
              meta: bool = True, http_equiv: bool = False, info_line: bool = True, layout: str = "div") -> bytes:
    """A government article page: head metadata, navigation, breadcrumbs, article, related links, footer.

    `layout="table"` makes an older site's page: everything in a layout table, paragraphs split by <br>.
    """
    esc = html.escape
    metas = ""
    if meta:
        metas = (f'<meta name="SiteName" content="苏州市人民政府">\n<meta name="ColumnName" content="通知公告">\n'
                 f'<meta name="ArticleTitle" content="{esc(title)}">\n'
                 + (f'<meta name="PubDate" content="{esc(pubdate)} 14:34">\n' if pubdate else "")
                 + (f'<meta name="ContentSource" content="{esc(source)}">\n' if source else ""))
    declare = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if http_equiv
               else f'<meta charset="{charset}">')
    nav = "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(NAV_LINKS))
    info = ""
    if info_line:
        info = ('<div class="info"><span>' + (f"发布时间：{esc(pubdate)} 14:34:40" if pubdate else "")
                + "</span><span>" + (f"来源：{esc(source)}" if source else "")
                + "</span><span>浏览次数：337</span><span>【字体：大 中 小】</span></div>")
    lines = [esc(line) for line in text.split("\n") if line.strip()]
    if layout == "table":
        paras = '<div class="TRS_Editor">' + "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + ln for ln in lines) + "</div>"
    else:
        paras = "\n".join(f"<p>{ln}</p>" for ln in lines)
    related = "".join(f'<li><a href="/art/{i}.html">{name}</a><span>2025-01-0{i + 1}</span></li>'
                      for i, name in enumerate(RELATED_LINKS))
    row, end = ("<tr><td>", "</td></tr>") if layout == "table" else ("", "")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{declare}
{metas}<title>{esc(title)}-苏州市人民政府</title>
<link rel="stylesheet" href="/css/main.css">
<script>var siteMsg = "{SCRIPT_TEXT}"; function setFont(s){{document.body.style.fontSize=s;}}</script>
</head>
<body>
{"<table width='1000' align='center'>" if layout == "table" else ""}
{row}<div class="top"><span>无障碍浏览</span> <a href="/en/">English</a> <a href="/login">登录</a></div>{end}
{row}<div class="nav"><ul>{nav}</ul></div>{end}
{row}<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/tzgg/">通知公告</a></div>{end}
{row}<div class="main">
<h1 class="title">{esc(title)}</h1>
{info}
<div class="article">
{paras}
</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
</div>{end}
{row}<div class="footer">
<p>主办单位：苏州市人民政府办公室 承办单位：苏州市大数据管理局</p>
<p><a href="https://beian.miit.gov.cn">{ICP}</a> {SITE_ID} 苏公网安备32050802010000号</p>
</div>{end}
{"</table>" if layout == "table" else ""}
<script type="text/javascript">
  var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "/stat.js"; }})();
  document.write("{SCRIPT_TEXT}");
</script>
</body>
</html>
"""
    return page.encode(charset)


def encode_text(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; 'utf-16' and 'utf-8-sig' write their byte-order mark.

    In a legacy encoding a no-break space becomes a space and a character it lacks (braille
    garbage, rare symbols) is left out, as an editor saving the file in GBK would.
    """
    text = text.replace("\xa0", " ") if encoding.lower() in ("gbk", "gb2312", "big5") else text
    return "".join(c for c in text if c.encode(encoding, "ignore")).encode(encoding)
