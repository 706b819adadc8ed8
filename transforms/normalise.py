"""Normalise decoded report text: one paragraph per line, no web-page furniture.

Steps, in order: unify width (full-width digits and letters, ％) without touching
Chinese punctuation; drop HTML residue, braille garbage and the pinyin some sites write after
characters (区(qū)); drop markdown and
bullet marks; drop furniture lines (patterns in ``data/rules/furniture.txt``);
remove spaces a PDF conversion put inside Chinese text; rejoin paragraphs that a
page width broke in mid-sentence. Normalising twice changes nothing.
"""
from __future__ import annotations

import re
import unicodedata

from transforms.lookahead import with_lookahead
from transforms.rules import furniture_patterns, heading_patterns
from transforms.script import char_class, replace_chars

# Full-width ASCII digits and letters (U+FF10..U+FF5A) -> ASCII. Chinese
# punctuation (，。：；（）) is deliberately left alone.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDTH.update({0xFF05: ord("%"), 0x3000: ord(" "), 0x00A0: ord(" "), 0x2002: ord(" "), 0x2003: ord(" "),
               0x200B: None, 0xFEFF: None, 0x200C: None, 0x200D: None, 0xE5E5: None})
_WIDTH_CHARS = {chr(k): chr(v) if v is not None else "" for k, v in _WIDTH.items()}
WIDE = char_class(_WIDTH_CHARS)  # the characters unify_width changes (besides NFC)

# Tags, and tags whose '<' was mangled into '?' by a broken encoding
# (`??span>?/span>`, `? ?font face="华文仿宋" >`).
_TAG_NAMES = r"(?:span|font|p|div|br|strong|em|b|i|u|a|img|table|tbody|td|tr|th|o:p|section|style|script|center|sup|sub)"
_HTML_RESIDUE = re.compile(
    r"(?:\?\s?)*<\s*/?\s*" + _TAG_NAMES + r"\b[^<>\n]{0,200}>"
    r"|(?:\?\s?)*\??/?" + _TAG_NAMES + r"\b(?:\s[^<>\n?]{0,200})?>"
    r"|&(?:nbsp|ensp|emsp|amp|lt|gt|quot|ldquo|rdquo|middot|mdash);"
)
_BRAILLE = re.compile(r"[\u2800-\u28FF][\u2800-\u28FF\s]*")
# The pinyin some repost sites write after characters: 区(qū), 现(xiàn).
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü]{1,7}\)")
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s*|[-*•·]\s+|>\s+)+")
# A space is kept only between two ASCII letters/digits (English words, "10 20").
_INNER_SPACE = with_lookahead(r"(?<![A-Za-z0-9])[ \t]+|[ \t]+(?![A-Za-z0-9])")
# Marks that end a sentence (the PDF reader's line joining stops at them too).
SENTENCE_END = tuple("。！？!?；;：:…")
# Closing quotes and brackets: a line ending in one ends its sentence for normalisation (not for the PDF reader).
CLOSING_MARKS = tuple("”’」』）)】")
_LINE_END = SENTENCE_END + CLOSING_MARKS
_MIN_BROKEN_LINE = 18
_CLAUSE_PUNCT = re.compile(r"[，,、；;。：:！？]")
_RUN_IN = re.compile(r"[一二三四五六七八九十]是")


def unify_width(text: str) -> str:
    """Full-width digits, letters, ％ and spaces to ASCII; NFC; no zero-width marks.

    Examples
    --------
    >>> unify_width("２０２３年完成１２项，达到９５％")
    '2023年完成12项，达到95%'
    """
    return replace_chars(unicodedata.normalize("NFC", text), _WIDTH_CHARS, WIDE, _WIDTH)


def clean_line(line: str) -> str:
    """One line without HTML residue, braille garbage, markdown marks and spaces inside Chinese text."""
    if "<" in line or "&" in line or ">" in line:
        line = _HTML_RESIDUE.sub("", line)
    line = _BRAILLE.sub("", line)
    if "(" in line:
        line = _PINYIN.sub("", line)
    line = _MARKDOWN.sub("", line)
    line = line.strip()
    if " " not in line and "\t" not in line:
        return line  # no space to drop (the look-arounds of _INNER_SPACE cost ~5 us a line otherwise)
    return _INNER_SPACE.sub("", line)


def is_heading(line: str) -> bool:
    """True when a cleaned line starts with a heading number of data/rules/headings.csv."""
    return any(p.match(line) for _, p in heading_patterns())


def is_standalone(line: str) -> bool:
    """A short line without punctuation: a title, signature or date line, never a continuation."""
    return len(line) <= 24 and not _CLAUSE_PUNCT.search(line)


def _broken(line: str, nxt: str) -> bool:
    """True when `line` was cut by the page width and `nxt` continues its sentence.

    A cut line is prose (it has clause punctuation), long, and does not end a
    sentence; headings (unless a run-in heading followed by its paragraph),
    titles and signature lines are never cut lines.
    """
    return (
        len(line) >= _MIN_BROKEN_LINE
        and not line.endswith(_LINE_END)
        and _CLAUSE_PUNCT.search(line) is not None
        and not (is_heading(line) and "。" not in line)
        and not is_heading(nxt)
        and not is_standalone(nxt)
        and not _RUN_IN.match(nxt)
    )


def clean_lines(text: str) -> list[str]:
    """Lines of `text` after width, residue, markdown and space clean-up (furniture kept)."""
    text = unify_width(text).replace("\r\n", "\n").replace("\r", "\n")
    return [clean_line(ln) for ln in text.split("\n")]


def normalise(text: str, cleaned: list[str] | None = None) -> str:
    """The report's text, one paragraph per line, for sectioning and fact extraction.

    `cleaned` is `clean_lines(text)` when the caller has it already (metadata reads it too).

    Examples
    --------
    >>> normalise("当前位置: 首页 > 通知公告\\n作为重大政治任务,不折不扣把党中央关于全面依法\\n\\n治国的决策部署落到实处。")
    '作为重大政治任务,不折不扣把党中央关于全面依法治国的决策部署落到实处。'
    """
    furniture = furniture_patterns()
    lines = [ln for ln in (clean_lines(text) if cleaned is None else cleaned) if ln and not furniture.search(ln)]
    out: list[str] = []
    for line in lines:
        if out and _broken(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
