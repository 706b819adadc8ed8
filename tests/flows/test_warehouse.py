"""The warehouse as users touch it: incremental loads, history, rebuilds, kill -9, BI readers, analyses, export."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import polars as pl
import pytest

from fazhi.analysis import AnalysisError, export_views, run_analysis
from flows.etl import etl_flow
from tests.helpers import cli as _cli
from tests.helpers import query as _rows
from tests.helpers import wait_for_line
from tests.synthetic import write_known

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(db) -> dict:
    tables = ["dim_report", "dim_section", "fct_quantity", "fct_term_mention", "fct_report_term", "fct_report",
              "stg_quarantine"]
    return {t: sorted(map(repr, _rows(db, f"select * from {t}"))) for t in tables}


@pytest.fixture()
def seed_copy(tmp_path, seed_dir) -> Path:
    src = tmp_path / "src"
    shutil.copytree(seed_dir, src)
    return src


def test_warehouse_incremental_change_delete_and_return(prefect_harness, seed_copy, tmp_path):
    db = tmp_path / "wh.duckdb"
    first = etl_flow(source=str(seed_copy), db=str(db))
    assert (first["new"], first["changed"], first["unchanged"], first["wrote"]) == (5, 0, 0, True)
    assert first["rebuild_reason"] == "new warehouse"
    before = _snapshot(db)
    mtime = db.stat().st_mtime_ns

    again = etl_flow(source=str(seed_copy), db=str(db))
    assert (again["new"], again["changed"], again["unchanged"], again["wrote"]) == (0, 0, 5, False)
    assert db.stat().st_mtime_ns == mtime and _snapshot(db) == before

    changed = sorted(seed_copy.glob("*.txt"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n另外,全年新增办理行政复议案件7件。\n", encoding="utf-8")
    third = etl_flow(source=str(seed_copy), db=str(db))
    assert (third["new"], third["changed"], third["unchanged"]) == (0, 1, 4)
    after = _rows(db, "select source_file, loaded_at > first_loaded_at from dim_report order by 1")
    assert [flag for name, flag in after] == [name == changed.name for name, _ in after]
    assert _rows(db, "select count(*) from export_facts where source_file = ? and value = 7 and unit = '件'",
                 [changed.name]) == [(1,)]
    assert _rows(db, "select count(*) from fct_quantity") == [(95,)]

    gone = sorted(seed_copy.glob("*.txt"))[0]
    kept = gone.read_bytes()
    gone.unlink()
    fourth = etl_flow(source=str(seed_copy), db=str(db))
    assert fourth["removed"] == 1
    assert _rows(db, "select count(*) from export_reports") == [(4,)]
    assert _rows(db, "select is_current, removed_at is not null from dim_report where source_file = ?",
                 [gone.name]) == [(False, True)]

    gone.write_bytes(kept)
    fifth = etl_flow(source=str(seed_copy), db=str(db))
    assert fifth["new"] == 1
    assert _rows(db, "select count(*) from export_reports") == [(5,)]
    runs = _rows(db, "select files_new, files_changed, files_removed from meta_run order by started_at")
    assert runs == [(5, 0, 0), (0, 1, 0), (0, 0, 1), (1, 0, 0)]


def test_warehouse_rebuilds_on_schema_version_and_old_files(prefect_harness, seed_copy, tmp_path):
    db = tmp_path / "wh.duckdb"
    etl_flow(source=str(seed_copy), db=str(db))
    con = duckdb.connect(str(db))
    con.execute("update meta_schema set schema_version = 1")
    con.close()
    summary = etl_flow(source=str(seed_copy), db=str(db))
    assert summary["rebuild_reason"].startswith("schema version 1 ->") and summary["new"] == 5
    assert _rows(db, "select count(*) from meta_run") == [(1,)]

    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute("create table dim_report (report_id varchar, source_file varchar)")
    con.close()
    summary = etl_flow(source=str(seed_copy), db=str(old))
    assert "no schema version" in summary["rebuild_reason"]
    assert _rows(old, "select count(*) from export_reports") == [(5,)]


CURRENT_REPORTS = "select count(*) from dim_report where is_current"


@pytest.mark.parametrize("point", ["after-copy", "before-commit", "before-rename", "after-rename"])
def test_warehouse_survives_kill_9(point, seed_copy, tmp_path, server_env):
    db = tmp_path / "wh.duckdb"
    home = server_env
    first = _cli(["run", "--source", str(seed_copy), "--db", str(db)], env=home)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    before = _snapshot(db)
    shutil.copy(seed_copy / sorted(os.listdir(seed_copy))[0], seed_copy / "new_copy.txt")
    # a copy of a loaded report: one more current report, marked duplicate_of (so export_reports stays at 5)

    proc = _cli(["run", "--source", str(seed_copy), "--db", str(db)], env={**home, "FAZHI_FAULT_POINT": point})
    wait_for_line(proc, f"fault point reached: {point}")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    expected_reports = 6 if point == "after-rename" else 5
    assert _rows(db, CURRENT_REPORTS) == [(expected_reports,)]
    if point != "after-rename":
        assert _snapshot(db) == before
    rerun = _cli(["run", "--source", str(seed_copy), "--db", str(db)], env=home)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    assert _rows(db, CURRENT_REPORTS) == [(6,)]
    assert not list(tmp_path.glob(".wh.duckdb.*.tmp*"))


READER = textwrap.dedent(
    """
    import sys
    from sqlalchemy import create_engine, text
    engine = create_engine("duckdb:///" + sys.argv[1], connect_args={"read_only": True})
    with engine.connect() as conn:
        print(conn.execute(text("select count(*) from dim_report where is_current")).scalar(), flush=True)
        sys.stdin.readline()
        print(conn.execute(text("select count(*) from dim_report where is_current")).scalar(), flush=True)
    engine.dispose()
    engine = create_engine("duckdb:///" + sys.argv[1], connect_args={"read_only": True})
    with engine.connect() as conn:
        print(conn.execute(text("select count(*) from dim_report where is_current")).scalar(), flush=True)
    """
)


def test_warehouse_run_while_a_bi_tool_holds_it_read_only(prefect_harness, seed_copy, tmp_path):
    db = tmp_path / "wh.duckdb"
    etl_flow(source=str(seed_copy), db=str(db))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "5"
        # a copy of a loaded report: one more current report (marked duplicate_of, not in export_reports)
        shutil.copy(seed_copy / sorted(os.listdir(seed_copy))[0], seed_copy / "new_copy.txt")
        summary = etl_flow(source=str(seed_copy), db=str(db))
        assert summary["wrote"] and summary["new"] == 1
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "5"  # its snapshot: never half a load
        assert reader.stdout.readline().strip() == "6"  # after reconnecting: the new state
    finally:
        reader.kill()
        reader.wait()


@pytest.fixture(scope="module")
def known_warehouse(prefect_harness, tmp_path_factory) -> Path:
    """The reports of tests.synthetic.KNOWN, loaded by the flow."""
    src = tmp_path_factory.mktemp("known")
    n = write_known(src)
    db = tmp_path_factory.mktemp("wh") / "known.duckdb"
    summary = etl_flow(source=str(src), db=str(db))
    assert summary["reports"] == n and summary["quarantined"] == 0
    return db


def test_analysis_indicator_by_agency_year(known_warehouse):
    df = run_analysis(known_warehouse, "indicator_by_agency_year",
                      {"indicator": "normative_docs_reviewed", "city": "苏州市"})
    got = df.select("agency_name", "report_year", "total_value").rows()
    assert got == [("苏州市司法局", 2021, 10.0), ("苏州市司法局", 2023, 12.0), ("苏州市科学技术局", 2021, 2.0),
                   ("苏州市科学技术局", 2022, 5.0), ("苏州市科学技术局", 2023, 8.0)]
    one = run_analysis(known_warehouse, "indicator_by_agency_year",
                       {"indicator": "normative_docs_reviewed", "agency": "科学技术局", "year": 2022})
    assert one.select("agency_name", "total_value").rows() == [("苏州市科学技术局", 5.0), ("许昌市科学技术局", 1.0)]


def test_analysis_requires_its_parameters(known_warehouse):
    with pytest.raises(AnalysisError, match="--indicator"):
        run_analysis(known_warehouse, "indicator_by_agency_year", {})
    with pytest.raises(AnalysisError, match="unknown analysis"):
        run_analysis(known_warehouse, "no_such_question", {})


def test_analysis_yoy_change(known_warehouse):
    df = run_analysis(known_warehouse, "indicator_yoy_change", {"indicator": "normative_docs_reviewed", "city": "苏州市"})
    assert df.select("report_year", "total_value_base", "change", "change_pct").rows() == [
        (2021, 12.0, None, None), (2022, 5.0, -7.0, -58.3), (2023, 20.0, 15.0, 300.0)]


def test_analysis_completeness_by_year(known_warehouse):
    df = run_analysis(known_warehouse, "completeness_by_year", {})
    got = {r["report_year"]: r for r in df.to_dicts()}
    assert (got[2021]["n_reports"], got[2021]["n_complete"], got[2021]["complete_pct"]) == (2, 2, 100.0)
    assert (got[2022]["n_reports"], got[2022]["n_complete"], got[2022]["missing_shortcomings"],
            got[2022]["missing_plans"]) == (2, 0, 2, 1)
    assert (got[2023]["n_complete"], got[2023]["complete_pct"]) == (2, 100.0)


def test_analysis_timeliness(known_warehouse):
    df = run_analysis(known_warehouse, "timeliness", {})
    got = {r["report_year"]: r for r in df.to_dicts()}
    assert (got[2021]["n_with_publish_date"], got[2021]["n_on_time"], got[2021]["on_time_pct"]) == (2, 2, 100.0)
    assert (got[2022]["n_on_time"], got[2022]["max_days_late"], got[2022]["avg_days_late"]) == (0, 40, 29.5)
    assert (got[2023]["n_reports"], got[2023]["n_with_publish_date"], got[2023]["n_on_time"]) == (2, 1, 1)


def test_analysis_policy_term_trends(known_warehouse):
    df = run_analysis(known_warehouse, "policy_term_trends", {"term": "放管服"})
    got = {r["report_year"]: (r["n_mentions"], r["n_reports_using"], r["n_reports"]) for r in df.to_dicts()}
    # 放管服 is in the measures part (once) and the plans part (once) of each report that has them.
    assert got == {2021: (4, 2, 2), 2022: (3, 2, 2), 2023: (4, 2, 2)}


def test_fct_report_term_is_fct_term_mention_summed_per_report(known_warehouse):
    per_section = _rows(known_warehouse, "select report_id, term_code, sum(n_mentions)::integer, count(*)::integer "
                                         "from fct_term_mention group by all order by all")
    assert per_section and any(n > 1 for *_, n in per_section)  # some term is in several sections
    assert _rows(known_warehouse, "select * from fct_report_term order by all") == per_section


def test_analysis_quantitative_density(known_warehouse):
    df = run_analysis(known_warehouse, "quantitative_density", {"year": 2021})
    rows = _rows(known_warehouse, "select f.n_facts * 1000.0 / f.n_chars from fct_report f join dim_report r "
                                  "using (report_id) where r.report_year = 2021")
    assert sorted(df["facts_per_1000_chars"].to_list()) == sorted(round(v, 2) for (v,) in rows)
    assert df["year_avg_facts_per_1000_chars"][0] == round(sum(v for (v,) in rows) / 2, 2)


def test_analysis_coverage_gaps(known_warehouse):
    df = run_analysis(known_warehouse, "coverage", {"city": "苏州市"})
    got = {r["agency_name"]: (r["years_reported"], r["missing_years"]) for r in df.to_dicts()}
    assert got == {"苏州市司法局": ([2021, 2023], [2022]), "苏州市科学技术局": ([2021, 2022, 2023], [])}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_views(known_warehouse, tmp_path, fmt):
    written = export_views(known_warehouse, tmp_path / "out", fmt)
    assert [p.name for p in written] == [f"export_reports.{fmt}", f"export_sections.{fmt}", f"export_facts.{fmt}"]
    reports = pl.read_parquet(written[0]) if fmt == "parquet" else pl.read_csv(written[0])
    assert reports.height == 6 and reports.columns[0] == "source_file"


def test_query_cli_binds_parameters(known_warehouse):
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "query", "coverage", "--db", str(known_warehouse),
                           "--agency", "司法局'; drop table dim_report; --", "--format", "csv"],
                          capture_output=True, text=True, timeout=120)
    # No agency is named like that: a clear refusal, and the text was only ever a bound value.
    assert proc.returncode == 1 and proc.stderr.startswith("fazhi: no agency name contains"), proc.stderr
    assert _rows(known_warehouse, "select count(*) from dim_report") == [(6,)]
    ok = subprocess.run([sys.executable, "-m", "fazhi.cli", "query", "coverage", "--db", str(known_warehouse),
                         "--agency", "司法局", "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.splitlines()[0].startswith("agency_name"), ok.stderr


def test_analysis_sql_runs_in_plain_duckdb(known_warehouse):
    sql = (ROOT / "sql" / "analysis" / "coverage.sql").read_text(encoding="utf-8")
    con = duckdb.connect(str(known_warehouse), read_only=True)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert len(rows) == 3
