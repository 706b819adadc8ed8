"""A regex made faster by a lookahead of the characters its matches can start with.

Python's `re` tries an alternation of many patterns at every position of a text, one alternative
after the other. When every match must start with one of a few characters, a lookahead of them,
``(?=[…])``, lets the engine leave every other position after one test: the same matches, found
several times faster (the furniture patterns of data/rules/furniture.txt over every line of a page).

The characters are read from the pattern itself (its parse tree); a pattern whose matches may start
with any character (``.``, a negated class, an empty match) is left as it is.

Not for every pattern: `re` finds the first characters of an alternation of plain literals itself
(法治|依法|执法…), and a lookahead before it makes it slower (measured: 2.4x). It pays where the
alternatives begin with groups, anchors or look-behinds, which hide their first characters from `re`.

Examples
--------
>>> sorted(first_chars(r"(?:版权所有|©)|^联系我们|(字号|字体)\\s*[:：]"))
['©', '字', '版', '联']
>>> first_chars(r"\\s*来源") is None
True
>>> with_lookahead(r"ICP|备案号").pattern
'(?=[I备])(?:ICP|备案号)'
"""
from __future__ import annotations

import re
import re._constants as C  # noqa: N812 - the parser's opcodes
import re._parser as sre_parse

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}  # anchors and look-arounds match no character


def _first(items) -> tuple[set[str] | None, bool]:
    """(characters a match of the sequence `items` can start with, whether it can match empty)."""
    chars: set[str] = set()
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op == C.LITERAL:
            return chars | {chr(arg)}, False
        if op == C.IN:
            if any(o not in (C.LITERAL, C.RANGE) for o, _ in arg):
                return None, False  # a negated class or a category (\s, \d): any character may start it
            for o, a in arg:
                if o == C.LITERAL:
                    chars.add(chr(a))
                elif a[1] - a[0] > 256:
                    return None, False
                else:
                    chars.update(chr(c) for c in range(a[0], a[1] + 1))
            return chars, False
        if op == C.SUBPATTERN:
            if arg[1] & re.IGNORECASE:
                return None, False  # (?i:…): the literals stand for their other cases too
            sub, nullable = _first(arg[-1])
        elif op == C.BRANCH:
            subs = [_first(b) for b in arg[1]]
            if any(s is None for s, _ in subs):
                return None, False
            sub, nullable = set().union(*(s for s, _ in subs)), any(n for _, n in subs)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            sub, nullable = _first(arg[2])
            nullable = nullable or arg[0] == 0
        elif op == C.ATOMIC_GROUP:
            sub, nullable = _first(arg)
        else:
            return None, False
        if sub is None:
            return None, False
        chars |= sub
        if not nullable:
            return chars, False
    return chars, True


def first_chars(pattern: str) -> set[str] | None:
    """The characters every match of `pattern` starts with; None when a match may start with any."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    chars, nullable = _first(parsed)
    return None if chars is None or nullable or not chars else chars


def with_lookahead(pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern` compiled behind a lookahead of its first characters (as it is when there are none)."""
    chars = None if flags & re.IGNORECASE else first_chars(pattern)
    if chars is None:
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])(?:{pattern})", flags)
