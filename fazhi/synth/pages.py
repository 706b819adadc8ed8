"""A composed report as the file its format publishes: text, a web page in its site, a .docx or a PDF."""
from __future__ import annotations

import html
import random

from fazhi.synth.agencies import Agency
from fazhi.synth.compose import Report
from fazhi.synth.data import load
from fazhi.synth.files import article_page, docx_core, docx_document, docx_package, docx_paragraph, pdf_file


def _phone(a: Agency, rng: random.Random) -> str:
    """A telephone number of the agency's area."""
    # The area code is drawn for a 直辖市 too (and not used): every page draws the same numbers in turn.
    drawn = f"0{rng.randrange(311, 999)}"
    area = load("templates.toml")["site"]["area_codes"].get(a.code[:2], drawn)
    return f"{area}-{rng.randrange(60000000, 89999999)}"


def _plain_text(r: Report, rng: random.Random) -> str:
    """The report as a text file copied from its page: sometimes breadcrumbs, an indent, a contact line."""
    site = load("templates.toml")["site"]
    lines = []
    if rng.random() < 0.25:
        lines.append(site["text_crumbs"])
    lines.append(r.title)
    if r.source_line:
        lines.append(r.source_line)
    indent = "　　" if rng.random() < 0.5 else ""
    for p in r.paragraphs[:-2]:
        lines.append(indent + p)
    lines += r.paragraphs[-2:]
    if rng.random() < 0.2:
        lines.append(site["text_contact"].format(phone=_phone(r.agency, rng)))
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    return sep.join(lines) + "\n"


def _html_page(r: Report, rng: random.Random) -> str:
    """The report as an article page of its agency's site."""
    site = load("templates.toml")["site"]
    a, esc = r.agency, html.escape
    pub = f"{r.publish_date.isoformat()} {rng.randrange(8, 18):02d}:{rng.randrange(0, 60):02d}"
    icp = site["icp"].get(a.code[:2], "京")
    nav = [(f"/col/col{100 + i}/index.html", n, None) for i, n in enumerate(site["nav"])]
    related = [(f"/art/{r.year + 1}/{i + 1}/{i + 3}/art_{i}.html", t.format(a=a.name), f"{r.year + 1}-0{i + 1}-1{i}")
               for i, t in enumerate(site["related"])]
    # In the order the page's numbers have always been drawn: views, then the footer's.
    views = rng.randrange(50, 9000)
    footer = [f"主办单位：{esc(a.name)}　地址：{esc(a.region)}政务服务中心{rng.randrange(2, 20)}楼　"
              f"邮编：{rng.randrange(100000, 860000)}",
              f"联系电话：{_phone(a, rng)}　传真：{_phone(a, rng)}",
              f'<a href="https://beian.miit.gov.cn/">{icp}ICP备{rng.randrange(10000000, 19999999)}号-'
              f'{rng.randrange(1, 5)}</a>　网站标识码：{a.code}{rng.randrange(1000, 9999)}　'
              f"{icp}公网安备 {a.code}02{rng.randrange(100000, 999999)}号"]
    return article_page(site=a.name, column="法治政府建设", title=r.title, published=pub, views=views,
                        paragraphs=r.paragraphs[:-2], signature=r.paragraphs[-2:], nav=nav, related=related,
                        footer=footer)


def _docx_bytes(r: Report) -> bytes:
    """The report as a .docx: title centred, headings bold, signature right-aligned."""
    heads = {s["heading"] for s in r.sections}
    body = [docx_paragraph(r.title, bold=True, center=True, size=36)]
    if r.source_line:
        body.append(docx_paragraph(r.source_line, center=True))
    body += [docx_paragraph(p, bold=p in heads) for p in r.paragraphs[:-2]]
    body += [docx_paragraph(p, right=True) for p in r.paragraphs[-2:]]
    core = docx_core(r.title, r.agency.name, f"{r.signed_date.isoformat()}T09:00:00Z")
    return docx_package(docx_document(body), core)


def _pdf_bytes(r: Report) -> bytes:
    """The report as an A4 PDF with the agency's name as running header."""
    centred = [r.title, r.source_line] if r.source_line else [r.title]
    return pdf_file(r.paragraphs, centred=centred, header=r.agency.name, title=r.title)


def render_report(r: Report, seed: int, index: int) -> bytes:
    """The bytes of a report's file in its format."""
    rng = random.Random(f"fazhi-synth-page|{seed}|{index}")
    if r.fmt == "txt":
        return _plain_text(r, rng).encode("utf-8")
    if r.fmt == "html":
        return _html_page(r, rng).encode("utf-8")
    if r.fmt == "docx":
        return _docx_bytes(r)
    if r.fmt == "pdf":
        return _pdf_bytes(r)
    raise ValueError(f"unknown format {r.fmt!r}")
