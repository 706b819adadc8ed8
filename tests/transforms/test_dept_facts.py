"""Facts in the styles of many departments, and the error classes found on real reports (tests/cases/dept_fact_cases.py)."""
from __future__ import annotations

import pytest

from tests.cases.dept_fact_cases import DEPT_CASES
from transforms.facts import extract_facts
from transforms.normalise import normalise


def _triples(text: str) -> list[tuple]:
    df = extract_facts(normalise(text))
    return [(v, u, q) for v, u, q in df.select("value", "unit", "qualifier").rows()]


@pytest.mark.parametrize(("style", "category", "sentence", "expected"), DEPT_CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(DEPT_CASES)])
def test_dept_facts_case(style, category, sentence, expected):
    assert _triples(sentence) == [(float(v), u, q) for v, u, q in expected]
