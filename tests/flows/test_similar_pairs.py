"""flows.load._similar_pairs: the candidate pairs of the duplicate check, compared as arrays, decide
exactly as dedup.compatible and dedup.similarity decide pair by pair."""
from __future__ import annotations

import random

import duckdb
import pytest

from flows import load
from transforms import dedup


def _tables(reports: list[tuple], pairs: list[tuple[str, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create temp table dup_reports (ix bigint, report_id varchar, report_year integer, "
                "agency_id varchar, sig uinteger[])")
    if reports:
        con.executemany("insert into dup_reports values (?, ?, ?, ?, ?)",
                        [(i, *r) for i, r in enumerate(sorted(reports))])
    con.execute("create temp table dup_candidates (a varchar, b varchar)")
    if pairs:
        con.executemany("insert into dup_candidates values (?, ?)", pairs)
    return con


def _one_by_one(reports: list[tuple], pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    rows = {r[0]: {"report_year": r[1], "agency_id": r[2], "sig": r[3]} for r in reports}
    return sorted((a, b) for a, b in pairs if dedup.compatible(rows[a], rows[b])
                  and dedup.similarity(rows[a]["sig"], rows[b]["sig"]) >= dedup.DUPLICATE_SIMILARITY)


def _random_case(rng: random.Random, width_of) -> tuple[list[tuple], list[tuple[str, str]]]:
    base = [rng.randrange(2**32) for _ in range(dedup.NUM_PERM)]
    reports = []
    for i in range(40):
        width, kept = width_of(i), rng.choice((0.5, 0.9, 0.95, 1.0))
        sig = [v if rng.random() < kept else rng.randrange(2**32) for v in base[:width]]
        reports.append((f"r{i:02d}", rng.choice((None, 2022, 2023)), rng.choice((None, "a1", "a2")), sig))
    ids = [r[0] for r in reports]
    pairs = sorted({tuple(sorted(rng.sample(ids, 2))) for _ in range(300)})
    return reports, pairs


@pytest.mark.parametrize("seed", range(5))
def test_similar_pairs_decide_as_pair_by_pair(seed):
    reports, pairs = _random_case(random.Random(seed), lambda i: dedup.NUM_PERM)
    got = sorted(load._similar_pairs(_tables(reports, pairs)))
    want = _one_by_one(reports, pairs)
    assert got == want
    assert want, "the case should hold some duplicates"
    assert len(want) < len(pairs), "and some pairs that are not"


def test_signatures_of_other_lengths_are_compared_one_pair_at_a_time():
    # A warehouse whose older signatures have another length: no array of one width, same decisions.
    reports, pairs = _random_case(random.Random(9), lambda i: dedup.NUM_PERM if i % 2 else 32)
    same_width = [(a, b) for a, b in pairs if int(a[1:]) % 2 == int(b[1:]) % 2]
    got = sorted(load._similar_pairs(_tables(reports, same_width)))
    assert got == _one_by_one(reports, same_width)


def test_chunks_give_the_same_pairs(monkeypatch):
    reports, pairs = _random_case(random.Random(4), lambda i: dedup.NUM_PERM)
    whole = sorted(load._similar_pairs(_tables(reports, pairs)))
    monkeypatch.setattr(load, "PAIRS_PER_CHUNK", 7)
    assert sorted(load._similar_pairs(_tables(reports, pairs))) == whole


def test_no_candidates():
    con = _tables([], [])
    assert load._similar_pairs(con) == []
