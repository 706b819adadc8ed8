"""Decoding text reports (transforms.readers.read_text): supported encodings, clear errors for what is not text."""
from __future__ import annotations

import codecs

import pytest

from transforms.readers import ReadError, read_text

TEXT = "许昌市科学技术局2021年度法治建设工作情况汇报,审查了2件规范性文件。"

VALID = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ("gb18030", TEXT.encode("gb18030"), "gb18030"),
    ("gbk", TEXT.encode("gbk"), "gb18030"),
]

INVALID = [
    ("empty", b"", "empty"),
    ("whitespace", b" \n\t \n", "empty"),
    ("binary", bytes(range(256)) * 8, "binary"),
    ("nul-bytes", b"\x00\x01PK\x03\x04" + b"\x00" * 100, "binary"),
    ("truncated-gb18030", TEXT.encode("gb18030")[:-1] + b"\xff", "cannot decode"),
]


@pytest.mark.parametrize(("name", "data", "encoding"), VALID, ids=[v[0] for v in VALID])
def test_decode_supported_encodings(name, data, encoding):
    page = read_text(data)
    assert page.text.lstrip("\ufeff") == TEXT
    assert page.encoding == encoding


@pytest.mark.parametrize(("name", "data", "reason"), INVALID, ids=[v[0] for v in INVALID])
def test_decode_rejects_with_reason(name, data, reason):
    with pytest.raises(ReadError, match=reason):
        read_text(data)
