"""Parse numbers written in Arabic digits or Chinese numerals.

Examples
--------
>>> parse_number("1,234.5")
1234.5
>>> parse_number("一百零五")
105.0
>>> parse_number("两万三千")
23000.0
>>> parse_number("十")
10.0
"""
from __future__ import annotations

import re

ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_SMALL_UNITS) + "".join(ZH_BIG_UNITS)

# Longer runs of digits or numerals are codes, serial numbers or garbage, never a quantity.
MAX_TOKEN_LENGTH = 24
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def parse_zh(token: str) -> float | None:
    """Value of a Chinese numeral (一百零五, 二十三, 两万, 二〇二一 digit by digit); None if malformed."""
    if not token or any(c not in ZH_NUMERAL_CHARS for c in token):
        return None
    if all(c in ZH_DIGITS for c in token):
        if len(token) > 1 and token[0] in "零〇○":
            return None
        return float(int("".join(str(ZH_DIGITS[c]) for c in token)))
    total, section, digit = 0, 0, None
    last_big = None
    for c in token:
        if c in ZH_DIGITS:
            if digit is not None and ZH_DIGITS[c] != 0 and digit != 0:
                return None  # two digits in a row outside digit-by-digit form
            digit = ZH_DIGITS[c]
        elif c in ZH_SMALL_UNITS:
            section += (1 if digit is None else digit) * ZH_SMALL_UNITS[c]
            digit = None
        else:
            big = ZH_BIG_UNITS[c]
            if last_big is not None and big >= last_big:
                return None
            section += digit or 0
            if section == 0:
                return None
            total += section * big
            section, digit, last_big = 0, None, big
    section += digit or 0
    value = total + section
    return float(value) if value else None


def parse_arabic(token: str) -> float | None:
    """Value of an Arabic number with optional thousands separators (1,234.5)."""
    if not _ARABIC.fullmatch(token):
        return None
    return float(token.replace(",", ""))


def parse_number(token: str) -> float | None:
    """Value of an Arabic or Chinese numeral, None when it is neither."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    return parse_arabic(token) if token[:1].isdigit() else parse_zh(token)
