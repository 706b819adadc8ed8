"""The fast paths of fact extraction give what the plain forms they stand for give.

Each shortcut (a lookahead before the candidate regex, the fixed phrases grouped by first character,
one regex of all the qualifier words before a number, the first-hit search of the indicators, the
end-anchored subject patterns) is compared with the straightforward form on random strings of the
characters the rules are written in.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import indicators as I
from transforms import subjects as S
from transforms.facts import candidate as C
from transforms.facts import patterns as P
from transforms.rules import exclusion_phrases, indicators, qualifiers

_WORDS = sorted({q.word for q in qualifiers()} | set(exclusion_phrases())
                | {p for ind in indicators() for alt in ind.keywords for p in alt} | {x for ind in indicators() for x in ind.exclude})
_PIECES = st.one_of(st.sampled_from(_WORDS), st.sampled_from(list("0123456789.,-/:%万亿千百十一二两三第前首位榜元件家个项次，。、；\n“”《》（）的了由向")),
                    st.text(alphabet="审查行政规范性文件案件复议诉讼培训人次", max_size=3))
_TEXT = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_candidate_regex_same_matches_as_without_its_lookahead(text):
    fast = P.candidate_regex()
    pattern = fast.pattern
    plain = re.compile(pattern[pattern.index("])(?:") + len("])(?:"):-1])
    assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_exclusion_regex_same_spans_as_the_plain_alternation(text):
    plain = re.compile("|".join(re.escape(p) for p in exclusion_phrases()))
    assert [m.span() for m in P.exclusion_regex().finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_qualifier_before_same_as_every_word_tried(text):
    window = text[-8:]
    expected = next((q for pattern, q in C._before_qualifier_regexes() if pattern.search(window)), None)
    assert C._qualifier_before(text, len(text)) == expected


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted({(i.kind, u or None) for i in indicators() for u in (i.units or ("", "件"))}, key=repr)), _TEXT)
def test_first_hit_same_as_every_indicator_tried(kind_unit, text):
    kind, unit = kind_unit
    expected = next((ind.code for ind, first, exclude in I._candidates(kind, unit) if I._hits(ind, first, exclude, text)), None)
    assert I._first_hit(kind, unit, text) == expected


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_subject_clause_and_tail_run_same_as_every_stop_and_run_found(text):
    runs = S._CJK_RUN.findall(text)
    assert S._tail_run(text) == (runs[-1] if runs and text.endswith(runs[-1]) else "")
    cut = max((m.end() for m in S._CLAUSE_STOP.finditer(text)), default=0)
    assert S._clause(text + "1", len(text), len(text) + 1, 0, len(text) + 1)[0] == text[cut:]
    for tail in (text, text[-6:]):
        assert bool(S._INTRODUCERS.search(text)) == bool(S._INTRODUCERS.search(tail))
        assert bool(S._PREP_PLACE.search(text)) == bool(S._PREP_PLACE.search(tail))
