"""transforms.lookahead: the first characters of a pattern, and the same matches behind their lookahead."""
from __future__ import annotations

import random
import re

import pytest

from transforms.lookahead import first_chars, with_lookahead
from transforms.rules import _read_lines

CASES = [  # (pattern, first characters or None when a match may start with any)
    (r"ICP", {"I"}),
    (r"^(打印|关闭)+\s*$", {"打", "关"}),
    (r"(?:微信)?扫一扫", {"微", "扫"}),
    (r"【\s*(打印|关闭)", {"【"}),
    (r"[a-c]x|y", {"a", "b", "c", "y"}),
    (r"(?>ab|c)d", {"a", "c"}),
    (r"a*b", {"a", "b"}),
    (r"\s*来源", None),          # a category: any space
    (r"[^x]y", None),            # a negated class
    (r".{0,3}版权", None),        # any character
    (r"a*", None),               # may match empty
    (r"(?i:icp)", None),         # other cases
    (r"(?i)icp", None),
    (r"\d+年", None),
    (r"(?<![A-Za-z0-9])[ \t]+|[ \t]+(?![A-Za-z0-9])", {" ", "\t"}),  # look-arounds match no character
    (r"(?=x)y|(?!a)b", {"y", "b"}),
]


@pytest.mark.parametrize(("pattern", "expected"), CASES)
def test_first_chars(pattern, expected):
    assert first_chars(pattern) == expected


def _text(rng: random.Random, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


@pytest.mark.parametrize("pattern", [p for p, _ in CASES] + _read_lines("furniture.txt"))
def test_with_lookahead_finds_what_the_pattern_finds(pattern):
    plain, fast = re.compile(pattern), with_lookahead(pattern)
    alphabet = "".join(sorted(set(re.sub(r"[\\^$()?*+|{}\[\]]", "", pattern)))) + " 　:：>1a法"
    rng = random.Random(pattern)
    for _ in range(300):
        text = _text(rng, alphabet)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        assert (fast.match(text) is None) == (plain.match(text) is None), text


def test_flags_that_change_literals_keep_the_pattern_as_it_is():
    assert with_lookahead("icp", re.IGNORECASE).pattern == "icp"
    assert with_lookahead("ICP").pattern == "(?=[I])(?:ICP)"
