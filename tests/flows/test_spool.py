"""The spool: batches write their report tables as Parquet parts, and the publish step loads the
parts; the warehouse is the same as when the tables are held in memory, and nothing is left."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from flows.etl import SpooledBatch, spooled_tables, transform_batch
from flows.spool import SPOOLED_TABLES, drop_spool, new_spool
from flows.warehouse import publish
from transforms.star import RUN_TABLE_COLUMNS, build_tables

TABLES = ("stg_document", "dim_report", "dim_section", "fct_quantity", "fct_term_mention", "fct_report_term",
          "fct_report", "dim_region", "dim_agency", "dim_year", "dim_date", "stg_quarantine")


def _rows(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"select * exclude (first_loaded_at, loaded_at) from {t}"
                                                if t == "dim_report" else
                                                f"select * exclude (first_seen, last_seen) from {t}"
                                                if t == "stg_quarantine" else f"select * from {t}").fetchall()))
                for t in TABLES}
    finally:
        con.close()


def _run(now, source, n_reports, n_facts) -> dict:
    return {"run_id": "t", "started_at": now, "source": source, "files_seen": n_reports, "files_new": n_reports,
            "files_changed": 0, "files_unchanged": 0, "files_removed": 0, "files_quarantined": 0,
            "reports_loaded": n_reports, "facts_loaded": n_facts}


@pytest.fixture()
def source(seed_dir, tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(seed_dir.iterdir()):
        (src / p.name).write_bytes(p.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    return src


@pytest.mark.parametrize("parts_per_insert", [16, 1], ids=["one insert per table", "an insert per part"])
def test_spooled_load_equals_the_in_memory_load(source, tmp_path, monkeypatch, parts_per_insert):
    monkeypatch.setattr("flows.load.PARTS_PER_INSERT", parts_per_insert)
    names = sorted(p.name for p in source.iterdir())
    batches = [names[:3], names[3:]]
    now = dt.datetime(2026, 1, 2, 3, 4, 5)
    in_memory = [transform_batch.fn(str(source), b, limits=None) for b in batches]
    tables, quarantine = build_tables(in_memory, now, str(source))
    publish(tmp_path / "memory.duckdb", tables, quarantine, [], str(source),
            _run(now, str(source), 5, tables["fct_quantity"].height), rebuild=True)

    db = tmp_path / "spooled.duckdb"
    spool = new_spool(db)
    spooled = [transform_batch.fn(str(source), b, limits=None, spool=str(spool), run_at=now) for b in batches]
    assert all(isinstance(s, SpooledBatch) and tuple(s.reports.columns) == RUN_TABLE_COLUMNS for s in spooled)
    assert sum(s.n_facts for s in spooled) == tables["fct_quantity"].height
    parts = sorted(p.name.rsplit("-", 1)[0] for p in spool.iterdir())
    assert parts == sorted(SPOOLED_TABLES * 2)  # one part per table and batch
    tables2, quarantine2 = spooled_tables(spooled, str(spool))
    stats = publish(db, tables2, quarantine2, [], str(source), _run(now, str(source), 5, 0), rebuild=True)
    drop_spool(spool)
    assert (stats.reports, stats.facts) == (5, tables["fct_quantity"].height)
    assert _rows(db) == _rows(tmp_path / "memory.duckdb")
    assert not spool.exists()


def test_a_new_spool_removes_those_of_killed_runs(tmp_path):
    db = tmp_path / "w.duckdb"
    stale = tmp_path / ".w.duckdb.dead1234.spool"
    stale.mkdir()
    (stale / "fct_quantity-x.parquet").write_bytes(b"PAR1")
    spool = new_spool(db)
    assert spool.exists() and not stale.exists()
    drop_spool(spool)
    assert list(tmp_path.iterdir()) == []


def test_a_batch_with_nothing_to_load_writes_no_part(source, tmp_path):
    spool = new_spool(tmp_path / "w.duckdb")
    result = transform_batch.fn(str(source), ["empty.txt"], limits=None, spool=str(spool),
                                run_at=dt.datetime(2026, 1, 1))
    assert result.reports.height == 0 and result.quarantine.height == 1 and list(spool.iterdir()) == []
    tables, _ = spooled_tables([result], str(spool))
    assert all(tables[t] == [] for t in SPOOLED_TABLES)
    drop_spool(spool)


@pytest.mark.e2e
def test_a_run_whose_file_list_passes_prefects_parameter_limit(prefect_harness, seed_dir, tmp_path):
    """Prefect refuses a flow run whose parameters pass 512 KB: the names of some 18,000 documents.
    The batches travel in a plan file, so a large folder runs (here 2,300 names of 238 bytes)."""
    from flows.etl import etl_flow

    src = tmp_path / "many"
    src.mkdir()
    for i in range(2300):
        (src / f"{i:05d}-{'报' * 76}.txt").write_bytes(b"")  # 5 + 1 + 228 + 4 bytes: quarantined as empty
    (src / "real.txt").write_bytes(next(iter(sorted(seed_dir.iterdir()))).read_bytes())
    assert sum(len(p.name.encode()) for p in src.iterdir()) > 524_288
    db = tmp_path / "many.duckdb"
    summary = etl_flow(source=str(src), db=str(db))
    assert summary["files"] == 2301 and summary["reports"] == 1 and summary["quarantined"] == 2300
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".spool")]


def test_the_load_runs_under_duckdbs_memory_limit(source, tmp_path, monkeypatch):
    """FAZHI_LOAD_MEMORY reaches DuckDB: too little memory fails the load cleanly, enough loads it."""
    now = dt.datetime(2026, 1, 2)
    tables, quarantine = build_tables([transform_batch.fn(str(source), sorted(p.name for p in source.iterdir()),
                                                          limits=None)], now, str(source))
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("FAZHI_LOAD_MEMORY", "1MB")
    with pytest.raises(duckdb.OutOfMemoryException):
        publish(db, tables, quarantine, [], str(source), _run(now, str(source), 5, 0), rebuild=True)
    assert list(tmp_path.glob("*.duckdb*")) == [] and not list(tmp_path.glob(".w.duckdb*"))
    monkeypatch.setenv("FAZHI_LOAD_MEMORY", "64MB")
    assert publish(db, tables, quarantine, [], str(source), _run(now, str(source), 5, 0), rebuild=True).reports == 5


@pytest.mark.parametrize("table", ["fct_quantity", "dim_section", "dim_report"])
def test_a_load_that_would_repeat_a_key_fails_and_changes_nothing(source, tmp_path, table):
    """The report tables have no PRIMARY KEY index (memory): the load checks their keys itself."""
    import polars as pl

    from flows.load import KeyViolation

    now = dt.datetime(2026, 1, 2)
    tables, quarantine = build_tables([transform_batch.fn(str(source), sorted(p.name for p in source.iterdir()),
                                                          limits=None)], now, str(source))
    db = tmp_path / "w.duckdb"
    publish(db, tables, quarantine, [], str(source), _run(now, str(source), 5, 0), rebuild=True)
    before = _rows(db)
    twice = {**tables, table: pl.concat([tables[table], tables[table].head(1)])}
    again = {**_run(dt.datetime(2026, 1, 3), str(source), 5, 0), "run_id": "t2"}
    with pytest.raises(KeyViolation, match=f"^{table}: 2 rows with the same key \\(report_id="):
        publish(db, twice, quarantine, [], str(source), again, rebuild=False)
    assert _rows(db) == before
    assert publish(db, tables, quarantine, [], str(source), again, rebuild=False).reports == 5


@pytest.mark.parametrize("names", [[], ["gone.txt"]], ids=["no names", "only a file that cannot be fetched"])
def test_a_batch_that_fetches_nothing(names, source, tmp_path):
    spool = new_spool(tmp_path / "w.duckdb")
    result = transform_batch.fn(str(source), names, limits=None, spool=str(spool), run_at=dt.datetime(2026, 1, 1))
    assert result.reports.height == 0 and result.quarantine["stage"].to_list() == ["fetch"] * len(names)
    drop_spool(spool)
