"""Real documents made from report text, for reader tests: no binary fixtures in the repo.

Each generator takes report text (one paragraph per line) and returns the bytes of a file as a
government site would publish it: a PDF with running headers and page numbers, a DOCX, a web page
with navigation and footer, encoded text. The formats are written by fazhi/synth/files.py (the
writers of fazhi synth); this module adds the test site's furniture (苏州) and the options the
reader tests vary.
"""
from __future__ import annotations

import html

from fazhi.synth.files import (
    FOOTERS,
    docx_file,
    docx_paragraph,
    docx_table,
    encode_text,
    link_items,
    page_metas,
    pdf_file,
)
from fazhi.synth.files import scan_pdf as make_image_pdf

__all__ = ["FOOTERS", "ICP", "NAV_LINKS", "PDF_HEADER", "RELATED_LINKS", "SCRIPT_TEXT", "SITE_ID", "encode_text",
           "make_docx", "make_html", "make_image_pdf", "make_pdf"]

PDF_HEADER = "苏州市科学技术局"
NAV_LINKS = ["首页", "走进苏州", "政务公开", "政策文件", "网上办事", "互动交流", "数据开放", "专题专栏",
             "领导信息", "机构设置", "规划计划", "人事信息", "财政资金", "统计信息", "应急管理"]
RELATED_LINKS = ["关于公布苏州市数字经济新兴产业目录的公示", "市科技局召开全市科技工作会议",
                 "苏州市科技企业孵化器认定名单的通知", "市科技局开展安全生产月宣传活动"]
ICP = "苏ICP备05009034号-1"
SITE_ID = "网站标识码：3205000001"
SCRIPT_TEXT = "欢迎访问苏州市人民政府门户网站"


def make_pdf(text: str, *, header: str | None = PDF_HEADER, footer: str | None = "dash", indent: bool = True,
             size: float = 12, title: str | None = None, encrypt: str | None = None) -> bytes:
    """A4 PDF of `text` (one paragraph per line), several pages, running header and page numbers (a FOOTERS key)."""
    return pdf_file([p.strip() for p in text.split("\n")], header=header, footer=FOOTERS[footer] if footer else None,
                    size=size, indent=indent, title=title, encrypt=encrypt)


def make_docx(text: str, *, title: str | None = None, table: list[list[str]] | None = None) -> bytes:
    """DOCX with one paragraph per line of `text`, then `table` (rows of cells) if given."""
    body = [docx_paragraph(line) for line in text.split("\n")] + ([docx_table(table)] if table else [])
    return docx_file(body, title=title or "")


def make_html(text: str, title: str, pubdate: str | None, source: str | None, charset: str = "utf-8", *,
              meta: bool = True, http_equiv: bool = False, info_line: bool = True, layout: str = "div") -> bytes:
    """A government article page: head metadata, navigation, breadcrumbs, article, related links, footer.

    `layout="table"` makes an older site's page: everything in a layout table, paragraphs split by <br>.
    """
    esc = html.escape
    metas = page_metas("苏州市人民政府", "通知公告", title, f"{pubdate} 14:34" if pubdate else None,
                       source or None) if meta else ""
    declare = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if http_equiv
               else f'<meta charset="{charset}">')
    nav = link_items((f"/{i}/", name, None) for i, name in enumerate(NAV_LINKS))
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
    related = link_items((f"/art/{i}.html", name, f"2025-01-0{i + 1}") for i, name in enumerate(RELATED_LINKS))
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
