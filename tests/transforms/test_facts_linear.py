"""Extraction does linear work in its input's length: no quadratic loop, however dense the numbers.

Work is counted, not timed (a timed assertion fails at random on a busy machine): every
Python and C function call made while extracting, counted by a profile hook. Doubling the
text may at most about double the calls. Wall-clock ratios, which also catch a regular
expression that backtracks, are measured by benchmarks/bench_linear.py.
"""
from __future__ import annotations

import sys

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from transforms.facts import extract_facts
from transforms.normalise import normalise

SIZE = 40_000
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
# Fixed costs (rule loading is cached; frame building) make small inputs relatively dearer, never cheaper.
SLACK = 2.3


def calls(text: str) -> int:
    """Function calls (Python and C) made by extract_facts(text)."""
    extract_facts("全年审查规范性文件12件，培训300余人次。" + text[:2000])  # warm caches and jieba outside the count
    count = 0

    def hook(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(hook)
    try:
        extract_facts(text)
    finally:
        sys.setprofile(None)
    return count


def _fill(chunk: str, size: int) -> str:
    return (chunk * (size // len(chunk) + 1))[:size]


def test_facts_calls_grow_linearly_on_report_text(seed_texts):
    ordinary = "\n".join(normalise(t) for t in seed_texts.values())
    assert calls(_fill(ordinary, 2 * SIZE)) <= SLACK * calls(_fill(ordinary, SIZE))


@settings(max_examples=8, deadline=None, phases=NO_SHRINK)
@given(chunk=st.text(alphabet=st.sampled_from(list("0123456789,.一二两三四五六七八九十百千万亿零〇第%个件家人次年月日元至-《》“”，。\n")),
                     min_size=1, max_size=30))
def test_facts_calls_grow_linearly_even_when_dense(chunk):
    assert calls(_fill(chunk, 2 * SIZE)) <= SLACK * calls(_fill(chunk, SIZE)) + 1000
