"""Format readers on real files made from the seed reports: round trips, fields, sniffing, and clear errors."""
from __future__ import annotations

import functools
import random
import re
import unicodedata
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import RAW
from tests.make_files import (
    FOOTERS,
    ICP,
    NAV_LINKS,
    PDF_HEADER,
    RELATED_LINKS,
    SCRIPT_TEXT,
    SITE_ID,
    encode_text,
    make_docx,
    make_html,
    make_image_pdf,
    make_pdf,
)
from transforms.normalise import normalise
from transforms.readers import ReadError, read_document, read_docx, read_html, read_pdf, read_text

SEEDS = sorted(p.name for p in RAW.glob("*.txt"))
# What a page would carry in its metadata, per seed: title, publish date, source (None: the page has none).
PAGE_META = {
    "000": ("许昌市科学技术局2021年度法治建设工作情况汇报", "2022-01-03",
            "许昌市科学技术局"),
    "001": ("关于2023年法治政府建设情况的报告", "2024-02-20", "政策法规与制度创新处"),
    "002": ("龙岗区科技创新局2020年度法治政府建设工作报告", "2020-12-17",
            "龙岗区科技创新局"),
    "003": ("韶关市科学技术局关于2021年度法治政府建设情况的报告", None, None),
    "004": ("苏州市科技局2024年度法治政府建设情况报告", "2025-02-12", "苏州市科学技术局"),
}
MIN_RECOVERED = 0.98
MAX_EXTRA = 0.02
PAGE_NUMBER_LINE = re.compile(r"^[-—\s]*(第\s*)?\d{1,4}\s*(页)?(\s*共\s*\d+\s*页)?([/／]\d+)?[-—\s]*$")


@functools.cache
def seed_raw(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


@functools.cache
def seed_body(name: str) -> str:
    """The seed's report text without web furniture, one paragraph per line."""
    return normalise(seed_raw(name))


def meta_of(name: str) -> tuple[str, str | None, str | None]:
    return PAGE_META[name[:3]]


def chars(text: str) -> str:
    """Letters and digits only: whitespace and punctuation differ between formats."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def recovery(expected: str, got: str) -> tuple[float, float]:
    """(share of `expected`'s characters found in order in `got`, share of extra characters)."""
    a, b = chars(expected), chars(got)
    matched = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a), (len(b) - matched) / len(a)


@functools.cache
def made(fmt: str, name: str) -> tuple[str, bytes]:
    """(file name, bytes) of seed `name` written in `fmt`."""
    stem = name.removesuffix(".txt")
    if fmt == "pdf":
        return f"{stem}.pdf", make_pdf(seed_body(name))
    if fmt == "docx":
        return f"{stem}.docx", make_docx(seed_body(name))
    if fmt.startswith("html-"):
        layout = "table" if fmt.startswith("html-table-") else "div"
        charset = fmt.removeprefix("html-").removeprefix("table-")
        return f"{stem}.html", make_html(seed_body(name), *meta_of(name), charset=charset, layout=layout)
    return f"{stem}.txt", encode_text(seed_raw(name), fmt.removeprefix("text-"))


FORMATS = ["pdf", "docx", "html-utf-8", "html-gbk", "html-table-gbk",
           "text-utf-8", "text-utf-8-sig", "text-utf-16", "text-gbk", "text-gb18030"]
ROUND_TRIPS = [(fmt, name) for fmt in FORMATS for name in SEEDS]


@pytest.mark.parametrize(("fmt", "name"), ROUND_TRIPS, ids=[f"{f}-{n[:3]}" for f, n in ROUND_TRIPS])
def test_round_trip_recovers_the_seed(fmt, name):
    file_name, data = made(fmt, name)
    got = read_document(file_name, data)
    assert got.fmt == fmt.split("-")[0]
    recovered, extra = recovery(seed_body(name), normalise(got.text))
    assert recovered >= MIN_RECOVERED, f"only {recovered:.1%} of the seed recovered"
    assert extra <= MAX_EXTRA, f"{extra:.1%} characters that are not in the seed"
    if fmt.startswith("text-"):
        assert normalise(got.text) == seed_body(name)


@pytest.mark.parametrize("name", SEEDS, ids=[n[:3] for n in SEEDS])
def test_pdf_drops_running_header_and_page_numbers(name):
    text = read_pdf(made("pdf", name)[1]).text
    assert text.count(PDF_HEADER) == seed_body(name).count(PDF_HEADER)
    assert not [ln for ln in text.split("\n") if PAGE_NUMBER_LINE.match(ln)]


@pytest.mark.parametrize("footer", sorted(FOOTERS))
def test_pdf_page_number_styles_are_dropped(footer):
    body = seed_body(SEEDS[1])
    text = read_pdf(make_pdf(body, footer=footer, header=None)).text
    assert not [ln for ln in text.split("\n") if PAGE_NUMBER_LINE.match(ln) or ("共" in ln and "页" in ln)]
    assert recovery(body, text)[1] <= MAX_EXTRA


@pytest.mark.parametrize("indent", [True, False], ids=["indented", "flush"])
@pytest.mark.parametrize("name", SEEDS, ids=[n[:3] for n in SEEDS])
def test_pdf_rejoins_lines_broken_by_the_page_width(name, indent):
    """Each seed paragraph comes back as one line; without indents, only a line ending in 。 may stay cut."""
    paragraphs = [chars(p) for p in seed_body(name).split("\n")]
    lines = {chars(ln) for ln in read_pdf(make_pdf(seed_body(name), indent=indent)).text.split("\n")}
    whole = [p for p in paragraphs if p in lines]
    assert len(whole) / len(paragraphs) >= (1.0 if indent else 0.8)


def test_pdf_never_joins_a_heading_or_signature_line():
    body = "\n".join([
        "一、加强组织领导" + "，统筹推进法治政府建设和科技创新发展" * 3,
        "（一）完善制度",
        "局党组高度重视法治政府建设" + "，坚持以习近平新时代中国特色社会主义思想为指导" * 4,
        "1.深入贯彻落实党的二十届三中全会精神",
        "苏州市科学技术局",
        "2025年2月12日",
    ])
    lines = read_pdf(make_pdf(body, header=None, indent=False)).text.split("\n")
    assert lines == body.split("\n")


def test_pdf_title_from_document_properties():
    body = seed_body(SEEDS[4])
    assert read_pdf(make_pdf(body, title=meta_of(SEEDS[4])[0])).title == meta_of(SEEDS[4])[0]
    assert read_pdf(make_pdf(body)).title is None  # reportlab's default 'untitled' is not a title


@pytest.mark.parametrize("name", SEEDS, ids=[n[:3] for n in SEEDS])
@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb18030"])
def test_html_fields_from_meta_tags(name, charset):
    got = read_html(made("html-utf-8", name)[1] if charset == "utf-8" else
                    make_html(seed_body(name), *meta_of(name), charset=charset, http_equiv=True))
    title, date, source = meta_of(name)
    assert (got.title, got.publish_date, got.source) == (title, date, source)
    assert got.encoding == ("utf-8" if charset == "utf-8" else "gb18030")


@pytest.mark.parametrize("name", SEEDS, ids=[n[:3] for n in SEEDS])
def test_html_fields_from_page_text_without_meta_tags(name):
    title, date, source = meta_of(name)
    got = read_html(make_html(seed_body(name), title, date, source, meta=False))
    assert (got.title, got.publish_date, got.source) == (title, date, source)


@pytest.mark.parametrize("layout", ["html-utf-8", "html-table-gbk"])
@pytest.mark.parametrize("name", SEEDS, ids=[n[:3] for n in SEEDS])
def test_html_body_has_no_page_furniture(name, layout):
    text = read_html(made(layout, name)[1]).text
    furniture = [*NAV_LINKS[1:], *RELATED_LINKS, ICP, SITE_ID, SCRIPT_TEXT,
                 "当前位置", "主办单位", "分享到", "浏览次数", "发布时间", "字体"]
    assert [f for f in furniture if f in text and f not in seed_body(name)] == []
    assert text.split("\n")[0] == meta_of(name)[0] or text.split("\n")[0] == seed_body(name).split("\n")[0]


@pytest.mark.parametrize("layout", ["html-utf-8", "html-table-gbk"])
@pytest.mark.parametrize("name", SEEDS, ids=[n[:3] for n in SEEDS])
def test_html_keeps_paragraph_breaks(name, layout):
    """<p> and <br> paragraphs, also inside an old site's layout table, come back one per line."""
    lines = {chars(ln) for ln in read_html(made(layout, name)[1]).text.split("\n")}
    assert [p for p in seed_body(name).split("\n") if chars(p) not in lines] == []


def test_html_title_falls_back_to_h1_and_date_to_info_line():
    page = ("<html><head><meta charset='utf-8'></head><body><div class='nav'><a href='/'>首页</a></div>"
            "<h1>苏州市科技局2024年度法治政府建设情况报告</h1>"
            "<div>发布日期：2025年2月12日 信息来源：苏州市科学技术局</div>"
            "<div class='c'><p>" + "</p><p>".join(seed_body(SEEDS[4]).split("\n")) + "</p></div></body></html>")
    got = read_html(page.encode())
    assert (got.title, got.publish_date, got.source) == (meta_of(SEEDS[4])[0], "2025-02-12", "苏州市科学技术局")


def test_html_title_without_site_suffix():
    page = ("<html><head><title>通知-某市政府</title></head><body><ul><li><a href='/'>首页</a></li></ul>"
            "<div class='c'><p>依法行政工作稳步推进。</p><p>审查规范性文件4件。</p></div></body></html>")
    got = read_html(page.encode())
    assert "依法行政工作稳步推进。\n审查规范性文件4件。" in got.text
    assert got.title == "通知"


@pytest.mark.parametrize("layout", ["html-utf-8", "html-table-gbk"])
def test_html_falls_back_to_the_largest_block_when_trafilatura_finds_nothing(layout, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    name = SEEDS[4]
    text = read_html(made(layout, name)[1]).text
    recovered, extra = recovery(seed_body(name), normalise(text))
    assert recovered >= MIN_RECOVERED and extra <= MAX_EXTRA
    furniture = (*NAV_LINKS[1:], *RELATED_LINKS, ICP, SCRIPT_TEXT)
    assert [f for f in furniture if f in text and f not in seed_body(name)] == []


def test_html_declared_charset_that_lies_falls_back_to_utf8():
    page = make_html(seed_body(SEEDS[2]), *meta_of(SEEDS[2])).replace(b'charset="utf-8"', b'charset="gb2312"')
    got = read_html(page)
    assert got.encoding == "utf-8" and got.title == meta_of(SEEDS[2])[0]


def test_docx_tables_and_title():
    table = [["指标", "数量"], ["审查规范性文件", "4件"], ["行政复议案件", "12件"]]
    got = read_docx(make_docx("法治政府建设情况报告\n现将有关情况报告如下：", title="年度报告", table=table))
    assert got.text.split("\n") == ["法治政府建设情况报告", "现将有关情况报告如下：", "指标\t数量",
                                    "审查规范性文件\t4件", "行政复议案件\t12件"]
    assert got.title == "年度报告"
    assert read_docx(make_docx("正文")).title is None


def _rewrite_docx(data: bytes, change) -> bytes:
    """The .docx with its parts passed through change(name, bytes) -> (name, bytes) or None (dropped)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            changed = change(item.filename, src.read(item))
            if changed:
                dst.writestr(changed[0], changed[1])
    return out.getvalue()


def test_docx_reads_only_the_document_and_its_properties():
    # Only the main part and docProps/core.xml are parsed: damaged styles or a missing theme do not
    # stop the text (python-docx's Document() parsed every part and refused such a file).
    data = make_docx("法治政府建设情况报告\n审查规范性文件4件。", title="年度报告")
    broken = _rewrite_docx(data, lambda n, b: None if n == "word/theme/theme1.xml" else
                           (n, b"<not xml" if n == "word/styles.xml" else b))
    got = read_docx(broken)
    assert got.text == "法治政府建设情况报告\n审查规范性文件4件。" and got.title == "年度报告"


def test_docx_main_part_is_found_from_the_package_relationships():
    data = make_docx("法治政府建设情况报告\n审查规范性文件4件。")

    def move(name, body):
        if name == "word/document.xml":
            return "word/main.xml", body
        if name == "_rels/.rels":
            return name, body.replace(b"word/document.xml", b"word/main.xml")
        return name, body

    assert read_docx(_rewrite_docx(data, move)).text == "法治政府建设情况报告\n审查规范性文件4件。"
    no_main = _rewrite_docx(data, lambda n, b: None if n == "word/document.xml" else (n, b))
    with pytest.raises(ReadError, match="corrupt .docx"):
        read_docx(no_main)


def test_text_without_bom_utf16_and_big5():
    text = "法治政府建設情況報告，審查規範性文件4件。依法行政工作穩步推進。\n" * 3
    assert read_text(text.encode("big5")).text == text
    assert read_text(text.encode("utf-16-le")).text == text
    assert read_text(text.encode("utf-16-be")).text == text


SNIFFED = [
    ("pdf-named-txt", "report.txt", lambda: made("pdf", SEEDS[0])[1], "pdf"),
    ("pdf-no-suffix", "download", lambda: made("pdf", SEEDS[0])[1], "pdf"),
    ("docx-named-doc", "report.doc", lambda: made("docx", SEEDS[1])[1], "docx"),
    ("docx-named-pdf", "report.pdf", lambda: made("docx", SEEDS[1])[1], "docx"),
    ("html-named-txt", "page.txt", lambda: made("html-utf-8", SEEDS[2])[1], "html"),
    ("html-named-doc", "report.doc", lambda: made("html-gbk", SEEDS[0])[1], "html"),
    ("html-shtml", "page.shtml", lambda: made("html-gbk", SEEDS[2])[1], "html"),
    ("markdown", "report.md", lambda: made("text-utf-8", SEEDS[3])[1], "text"),
]


@pytest.mark.parametrize(("case", "file_name", "data", "fmt"), SNIFFED, ids=[s[0] for s in SNIFFED])
def test_content_decides_the_format(case, file_name, data, fmt):
    got = read_document(file_name, data())
    assert got.fmt == fmt
    assert len(normalise(got.text)) > 1000


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


BAD = [
    ("empty", "a.txt", lambda: b"", "file is empty"),
    ("whitespace", "a.txt", lambda: b" \r\n\t \n", "file is empty"),
    ("bom-only", "a.txt", lambda: b"\xef\xbb\xbf\n", "file is empty"),
    ("empty-pdf", "a.pdf", lambda: b"", "file is empty"),
    ("random-binary", "a.txt", lambda: random.Random(7).randbytes(4096), "binary content"),
    ("control-chars", "a.txt", lambda: bytes(range(1, 32)) * 20 + "法治".encode(), "binary content"),
    ("random-binary-as-pdf", "a.pdf", lambda: random.Random(7).randbytes(4096), "corrupt or truncated PDF"),
    ("truncated-pdf", "a.pdf", lambda: _half(made("pdf", SEEDS[0])[1]), "corrupt or truncated PDF"),
    ("truncated-pdf-as-txt", "a.txt", lambda: _half(made("pdf", SEEDS[0])[1]), "corrupt or truncated PDF"),
    ("pdf-missing-middle", "a.pdf", lambda: _half(made("pdf", SEEDS[0])[1]) + made("pdf", SEEDS[0])[1][-400:],
     "corrupt or truncated PDF"),
    ("password-pdf", "a.pdf", lambda: make_pdf(seed_body(SEEDS[4]), encrypt="secret"), "^password-protected PDF$"),
    ("scanned-pdf", "a.pdf", make_image_pdf, r"PDF has no text layer \(scanned image\?\)"),
    ("legacy-doc", "a.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
     r"legacy \.doc is not supported: save it as \.docx"),
    ("doc-of-text", "a.doc", lambda: "法治政府".encode(), r"legacy \.doc is not supported"),
    ("encrypted-docx", "a.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
     r"password-protected \.docx"),
    ("truncated-docx", "a.docx", lambda: _half(made("docx", SEEDS[0])[1]), r"corrupt \.docx"),
    ("too-large", "a.txt", lambda: "法治".encode() * 60, "file too large: 360 bytes > 100"),
    ("latin-1", "a.txt", lambda: "Café résumé naïve façade".encode("latin-1"),
     "cannot decode: not UTF-8/UTF-16/GB18030 text"),
    ("bad-gb18030", "a.txt", lambda: "法治政府建设情况报告".encode("gb18030")[:-1] + b"\xff", "cannot decode"),
    ("html-without-text", "a.html", lambda: b"<html><head><title>t</title></head><body></body></html>",
     "HTML page has no article text"),
    ("html-undecodable", "a.html",
     lambda: b"<html><body><p>" + random.Random(3).randbytes(2000) + b"</p></body></html>", "cannot decode HTML"),
    ("unsupported", "a.xlsx", lambda: b"\x01\x02 some bytes", r"unsupported file type: \.xlsx"),
    ("no-suffix", "README", lambda: "法治政府".encode(), "unsupported file type: no suffix"),
]


@pytest.mark.parametrize(("case", "file_name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_read_error(case, file_name, data, message):
    with pytest.raises(ReadError, match=message):
        read_document(file_name, data(), max_bytes=100 if case == "too-large" else 50_000_000)


def test_read_error_is_a_value_error():
    assert issubclass(ReadError, ValueError)


@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".html", ".pdf", ".docx", ".md", ""]),
       magic=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04word/", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe"]))
@settings(max_examples=300, deadline=None)
def test_any_bytes_read_or_raise_read_error(data, suffix, magic):
    try:
        got = read_document("f" + suffix, magic + data)
    except ReadError as exc:
        assert str(exc)
    else:
        assert got.text.strip()


def test_html_container_choice_matches_one_search_per_entry():
    # One pass over the marked attributes must choose as one XPath search per entry of
    # article_containers.txt did: the most text, ties to the list's first entry, then to the document's first.
    import lxml.html

    from transforms.readers.html import _MIN_CONTAINER_CHARS, _container
    from transforms.rules import article_containers

    def by_entry(tree):
        best, best_len = None, _MIN_CONTAINER_CHARS - 1
        for attr, name in article_containers():
            for el in tree.xpath(f"//*[contains(concat(' ', normalize-space(@{attr}), ' '), ' {name} ')]"):
                if len(el.text_content()) > best_len:
                    best, best_len = el, len(el.text_content())
        return best

    rng = random.Random(5)
    names = [n for _, n in article_containers()] + ["zoomx", "TRS_editor", "main"]
    spaces = [" ", "\t", "\n", "\r", "\xa0", "\u3000", "\f", "  "]

    def value():
        return "".join(rng.choice(spaces) + rng.choice(names) for _ in range(rng.randint(0, 3))) + rng.choice(spaces)

    def element(depth=0):
        attrs = "".join(f' {a}="{value()}"' for a in ("id", "class") if rng.random() < 0.5)
        kids = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 3 else ""
        return f"<div{attrs}>{'文' * rng.choice([0, 199, 200, 201, 300, 300])}{kids}</div>"

    for _ in range(400):
        body = "".join(element() for _ in range(rng.randint(1, 3)))
        tree = lxml.html.fromstring(body if rng.random() < 0.3 else f"<html><body>{body}</body></html>")
        assert _container(tree) is by_entry(tree)
