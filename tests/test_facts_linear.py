"""Extraction time stays linear in input length: no catastrophic backtracking.

Measured as ratios within one test (to ordinary report text of the same size,
or to the same text at half the length), never as an absolute time.
"""
from __future__ import annotations

import time

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from transforms.facts import extract_facts
from transforms.normalise import normalise

SIZE = 200_000
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def _seconds(text: str, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract_facts(text)
        best = min(best, time.perf_counter() - start)
    return best


def _fill(chunk: str, size: int) -> str:
    return (chunk * (size // len(chunk) + 1))[:size]


@settings(max_examples=6, deadline=None, phases=NO_SHRINK)
@given(chunk=st.text(alphabet=st.sampled_from(list("0123456789,.一二两三四五六七八九十百千万亿零〇")), min_size=1, max_size=40))
def test_facts_numeral_line_costs_about_ordinary_text(chunk, seed_texts):
    ordinary = _fill("\n".join(normalise(t) for t in seed_texts.values()), SIZE)
    assert _seconds(_fill(chunk, SIZE)) <= 3 * _seconds(ordinary) + 0.05


@settings(max_examples=6, deadline=None, phases=NO_SHRINK)
@given(chunk=st.text(alphabet=st.sampled_from(list("0123456789,.一二两三十百千万余多约近第%个件家人次年月日元至-《》“”，。\n")),
                     min_size=1, max_size=30))
def test_facts_time_linear_in_length_even_when_dense(chunk):
    half, full = _fill(chunk, SIZE // 8), _fill(chunk, SIZE // 4)
    assert _seconds(full) <= 3 * _seconds(half) + 0.05
