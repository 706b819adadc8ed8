"""Numbers in Arabic digits and Chinese numerals."""
from __future__ import annotations

import pytest

from transforms.numerals import parse_number

CASES = [
    ("arabic", "26", 26.0),
    ("arabic", "0", 0.0),
    ("decimal", "96.30", 96.3),
    ("separator", "1,234", 1234.0),
    ("separator", "12,345,678.5", 12345678.5),
    ("chinese", "两", 2.0),
    ("chinese", "十", 10.0),
    ("chinese", "十五", 15.0),
    ("chinese", "二十三", 23.0),
    ("chinese", "一百零五", 105.0),
    ("chinese", "一千零一十", 1010.0),
    ("chinese", "两万三千", 23000.0),
    ("chinese", "十万", 100000.0),
    ("chinese", "三亿五千万", 350_000_000.0),
    ("digit_by_digit", "二〇二一", 2021.0),
    ("malformed", "万", None),
    ("malformed", "亿万", None),
    ("malformed", "1,23", None),
]


@pytest.mark.parametrize(("category", "token", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_numerals_parse_number(category, token, expected):
    assert parse_number(token) == expected
