"""Facts as rows: each fact of the scan with its sentence, subject and indicator.

The subject is the phrase before the number that names what is counted (transforms.subjects,
with jieba's words); the indicator comes from the taxonomy (transforms.indicators), matched in
the subject and the clause around the number. On a page in traditional characters the subject is
given as the page writes it, and the indicator's keywords are matched in its simplified copy.
"""
from __future__ import annotations

import bisect

import polars as pl

from transforms.facts import patterns as P
from transforms.facts.scan import facts_of
from transforms.indicators import match_indicator
from transforms.schema import stage_schema
from transforms.script import simplified, to_simplified
from transforms.subjects import find_subject

# The rows of one report; the pipeline adds report_id and the section columns.
FACT_SCHEMA = stage_schema("fct_quantity", drop=("report_id", "section_ordinal", "l1_ordinal"))


def _sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    cuts = [m.end() for m in P.SENTENCE_SPLIT.finditer(text)]
    return [0, *cuts], [*cuts, len(text)]


def _as_written(text: str, plain: str, phrase: str, lo: int, hi: int, at: int) -> str:
    """`phrase`, found in the simplified copy `plain` of `text` within [lo, hi) next to `at`, as `text` writes it."""
    j = plain.rfind(phrase, lo, at)
    if j < 0:
        j = plain.find(phrase, at, hi)
    return text[j:j + len(phrase)] if j >= 0 else phrase


def extract_facts(text: str) -> pl.DataFrame:
    """Quantitative facts of a normalised report, one row per mention.

    Examples
    --------
    >>> df = extract_facts("向省内7000余家企业宣讲科技创新税收优惠政策。")
    >>> df.select("value", "unit", "kind", "qualifier").row(0)
    (7000.0, '家', 'count', 'at_least')
    """
    return pl.DataFrame(fact_rows(text), schema=FACT_SCHEMA)


def fact_rows(text: str) -> list[dict]:
    """The rows of `extract_facts` as dicts (the pipeline makes one frame per batch of documents)."""
    plain = simplified(text)  # the keywords of the indicators are simplified characters
    facts = facts_of(text, plain)
    starts, ends = _sentence_bounds(text)
    rows = []
    prev_subject: dict[int, str] = {}
    by_change: dict[int, str] = {}
    prev_end = 0
    for i, f in enumerate(facts):
        s_idx = bisect.bisect_right(starts, f.start) - 1
        # Sentences and clauses are clipped around the fact: a run-on "sentence" of a
        # garbled page must not make the work per fact grow with the page.
        lo, hi = max(starts[s_idx], f.start - P.MAX_SENTENCE), min(ends[s_idx], f.end + P.MAX_SENTENCE)
        sentence = text[lo:hi]
        # The clause of a fact starts after the previous fact of its sentence.
        clause_start = max(lo, prev_end)
        subject = find_subject(plain, f.start, f.end, clause_start, hi)
        if subject and plain is not text:
            subject = _as_written(text, plain, subject, lo, hi, f.start)
        # The verb right before the number tells reviewed from made (审查了2件规范性文件).
        lead = plain[max(clause_start, f.start - 12):f.start].rsplit("、", 1)[-1]
        prev_end = f.end
        if not subject and f.change_id is not None and f.role == "after":
            subject = by_change.get(f.change_id)
        if not subject:
            subject = prev_subject.get(s_idx)
        if subject:
            prev_subject[s_idx] = subject
        if f.change_id is not None and f.role == "before" and subject:
            by_change[f.change_id] = subject
        to_base = f.extra.get("to_base", 1.0)
        value_base = round(f.value * to_base, 6) if f.kind in ("money", "duration") else f.value
        clause = plain[max(lo, f.start - 20):min(hi, f.end + 20)]
        keyed_unit, keyed_subject = (to_simplified(v) if v and plain is not text else v for v in (f.unit, subject))
        rows.append({
            "fact_no": i + 1,
            "value": f.value,
            "unit": f.unit,
            "kind": f.kind,
            "qualifier": f.qualifier,
            "value_base": value_base,
            "subject": subject or None,
            "indicator_code": match_indicator(f.kind, keyed_unit, lead + (keyed_subject or ""), clause),
            "char_start": f.start,
            "char_end": f.end,
            "surface": text[f.start:f.end],
            "sentence": sentence.strip(),
            "change_id": f.change_id,
            "role": f.role,
        })
    return rows
