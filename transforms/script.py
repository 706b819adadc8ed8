"""Pages written in traditional characters, read as simplified ones (區住房城鄉建設局 -> 区住房城乡建设局).

Some government sites serve a traditional-character version of every page; reposts of them keep it.
The rules (department names, units, qualifiers, the gazetteer) are written in simplified characters,
so such a page is read through a simplified copy. The copy has the same length (one character for
one, data/rules/traditional.csv), so a span found in it is the same span of the page.

Only a page that is clearly traditional is converted: 乾县 and 於 are simplified too.

Examples
--------
>>> to_simplified("區住房城鄉建設局")
'区住房城乡建设局'
>>> is_traditional("2025年,區住房城鄉建設局在區委、區政府的正確領導下,堅持以習近平新時代中國特色社會主義思想為指導")
True
>>> is_traditional("2025年,乾县住房和城乡建设局坚持以习近平新时代中国特色社会主义思想为指导")
False
"""
from __future__ import annotations

import re
from functools import cache
from itertools import product

from transforms.rules import read_rule_csv

# A page is traditional when at least this many of its characters, and this share of its Chinese
# characters, have a different simplified form.
MIN_TRADITIONAL = 5
MIN_TRADITIONAL_SHARE = 0.05


# Above this many distinct characters to replace, one str.translate beats a str.replace per character.
_MAX_REPLACED = 40


def char_class(chars) -> re.Pattern:
    """A regex matching any one of `chars` (a character class compiled once: a fast scan of a text)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def replace_chars(text: str, table: dict[str, str], pattern: re.Pattern, translate: dict[int, str | None]) -> str:
    """`text.translate(translate)`, where `table` is the same mapping by character and `pattern` its
    `char_class`: most texts hold few or none of the characters, and a str.translate through a dict
    costs ~85 ns a character of a Chinese text (a str.replace per character found costs ~1 ns)."""
    found = set(pattern.findall(text))
    if len(found) > _MAX_REPLACED or any(table[ch] in table for ch in found):
        return text.translate(translate)  # many, or a chain (薴 -> 苧 -> 苎) that replacing in turn would follow
    for ch in found:
        text = text.replace(ch, table[ch])
    return text


@cache
def _table() -> dict[int, str]:
    return {ord(r["traditional"]): r["simplified"] for r in read_rule_csv("traditional.csv")}


@cache
def _by_char() -> tuple[dict[str, str], re.Pattern]:
    table = {chr(k): v for k, v in _table().items()}
    return table, char_class(table)


def to_simplified(text: str) -> str:
    """`text` with every traditional character replaced by its simplified form (same length)."""
    table, pattern = _by_char()
    return replace_chars(text, table, pattern, _table())


_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_traditional(text: str, sample: int = 3000) -> bool:
    """True when the first `sample` characters of `text` are written in traditional characters."""
    head = text[:sample]
    traditional = len(_by_char()[1].findall(head))
    if traditional < MIN_TRADITIONAL:
        return False
    return traditional >= MIN_TRADITIONAL_SHARE * max(len(_HAN.findall(head)), 1)


def simplified(text: str) -> str:
    """`text` as simplified characters when it is a traditional page, else `text` itself."""
    return to_simplified(text) if is_traditional(text) else text


@cache
def _traditional_forms() -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for traditional, simple in _table().items():
        forms.setdefault(simple, []).append(chr(traditional))
    return {k: tuple(sorted(v)) for k, v in forms.items()}


def traditional_spellings(word: str) -> tuple[str, ...]:
    """The other ways a traditional page may write the simplified `word` (條 for 条; 個月 and 箇月 for 个月).

    Examples
    --------
    >>> traditional_spellings("万元")
    ('萬元',)
    >>> traditional_spellings("%")
    ()
    """
    forms = _traditional_forms()
    spellings = ("".join(p) for p in product(*((ch, *forms.get(ch, ())) for ch in word)))
    return tuple(s for s in spellings if s != word)
