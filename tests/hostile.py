"""Hostile input files: each is made here from a few lines of code, none is stored in the repository.

`write_hostile(folder, seed_text)` fills a folder with every case below beside good
files. The table `CASES` says what each case is and what fazhi must do with it:
`loaded` (read like any report) or the words its quarantine reason must contain.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fazhi.synth.files import docx_package, scan_pdf
from tests.make_files import make_docx, make_html, make_pdf

MB = 1_000_000

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_zip_bomb(inflated: int = 1_100 * MB) -> bytes:
    """A .docx of about a megabyte whose document.xml inflates past 1 GB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode()
    block = b"A" * MB

    def chunks():
        yield head
        for _ in range(inflated // MB):
            yield block
        yield b"</w:t></w:r></w:p></w:body></w:document>"

    return docx_package(chunks(), level=1)  # streamed: the part is never in memory whole


def docx_entity_expansion(levels: int = 10) -> bytes:
    """'Billion laughs': nested entities in document.xml that expand to gigabytes if resolved."""
    ents = ['<!ENTITY lol0 "法治政府建设">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, levels)]
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{"".join(ents)}]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&lol{levels - 1};</w:t></w:r></w:p></w:body></w:document>')
    return docx_package(xml.encode())


def html_nested(depth: int = 100_000) -> bytes:
    return (b"<!DOCTYPE html><html><head><title>t</title></head><body>" + b"<div>" * depth
            + "法治政府建设情况报告".encode() + b"</div>" * depth + b"</body></html>")


def html_long_line(size: int = 40 * MB) -> bytes:
    unit = "依法行政法治政府建设审查规范性文件12件。".encode()
    return (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body><p>"
            + unit * (size // len(unit)) + b"</p></body></html>")


def text_numeral_line(size: int = 20 * MB) -> bytes:
    unit = "1234567890,.一二三四五六七八九十百千万亿零〇两".encode()
    return unit * (size // len(unit))


def html_declared_gbk_but_utf8(text: str) -> bytes:
    page = make_html(text, "法治政府建设情况报告", "2024-03-01", None).decode("utf-8")
    return page.replace('charset="utf-8"', 'charset="gbk"').encode("utf-8")


@dataclass(frozen=True)
class Case:
    name: str          # file name in the source folder
    what: str          # what the case is, for the closing note's table
    expect: str        # "loaded", or words the quarantine reason contains


CASES = (
    Case("bomb.docx", "DOCX zip bomb: document.xml inflates past 1 GB", "inflates"),
    Case("entities.docx", "entity expansion ('billion laughs') in DOCX XML", "entit"),
    Case("nested.html", "HTML page with 100,000 nested elements", "nested more than 256 deep"),
    Case("long-line.html", "40 MB HTML page on one line", "10 MB in one piece of text"),
    Case("numerals.txt", "20 MB text line of digits and numerals", "characters"),
    Case("blank-2000.pdf", "PDF of 2,000 blank pages", "pages"),
    Case("corrupt.pdf", "corrupt (truncated) PDF", "corrupt"),
    Case("fifo.txt", "a FIFO named like a report", "FIFO"),
    Case("loop-a.txt", "symlink loop (loop-a.txt -> loop-b.txt -> loop-a.txt)", "symlink loop"),
    Case("outside.txt", "symlink to a file outside the source folder", "outside the source folder"),
    Case("-leading dash.txt", "file name with a leading '-' and a space", "loaded"),
    Case("x" * 236 + ".txt", "240-byte file name", "loaded"),
    Case("with spaces 报告 .txt", "file name with spaces and CJK", "loaded"),
    Case("nul.txt", "NUL bytes inside a text file", "binary"),
    Case("utf16-nobom.txt", "UTF-16 text without a byte-order mark", "loaded"),
    Case("gbk-declared.html", "page declaring charset=gbk that is UTF-8", "loaded"),
)


def write_hostile(folder: Path, seed_text: str, outside: Path) -> None:
    """Every case of CASES in `folder` (`outside` is a folder beside it for the escaping symlink)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "bomb.docx": docx_zip_bomb(),
        "entities.docx": docx_entity_expansion(),
        "nested.html": html_nested(),
        "long-line.html": html_long_line(),
        "numerals.txt": text_numeral_line(),
        "blank-2000.pdf": scan_pdf(2000, bars=0),
        "corrupt.pdf": make_pdf(seed_text)[:-3000],
        "-leading dash.txt": seed_text.encode("utf-8"),
        "x" * 236 + ".txt": seed_text.encode("utf-8"),
        "with spaces 报告 .txt": seed_text.encode("utf-8"),
        "nul.txt": seed_text.encode("utf-8")[:3000] + b"\x00\x00\x00\x01\x00" + seed_text.encode("utf-8")[3000:],
        "utf16-nobom.txt": seed_text.encode("utf-16-le"),
        "gbk-declared.html": html_declared_gbk_but_utf8(seed_text),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "fifo.txt")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(seed_text, encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "outside.txt")
    (folder / "good.docx").write_bytes(make_docx(seed_text))
