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


def test_dept_facts_table_is_broad():
    styles = {c[0] for c in DEPT_CASES}
    assert len(styles - {"通用"}) >= 12
    assert sum(1 for c in DEPT_CASES if not c[3]) >= 40, "hard negatives"
    assert {"session", "date", "enumeration", "article", "policy_name", "money", "per_unit", "score", "rank",
            "unit"} <= {c[1] for c in DEPT_CASES}
