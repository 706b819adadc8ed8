"""End to end: the real Prefect flow on the seed reports into a temporary DuckDB file."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.etl import etl_flow, transform_batch
from flows.warehouse import publish
from tests.helpers import query as _rows
from transforms.star import build_tables

pytestmark = pytest.mark.e2e

EXPORT_COLUMNS = {
    "export_reports": ["source_file", "agency", "admin_level", "province", "city", "district", "region_code",
                       "report_year", "publish_date", "signed_date", "title", "is_complete", "url"],
    "export_sections": ["source_file", "level", "ordinal", "heading", "section_type"],
    "export_facts": ["source_file", "value", "unit", "kind", "qualifier", "value_base", "subject", "indicator",
                     "section_type", "char_start", "char_end", "change_id", "role"],
}
STAR_TABLES = ["dim_report", "dim_agency", "dim_region", "dim_year", "dim_date", "dim_indicator", "dim_unit",
               "dim_policy_term", "dim_section", "dim_section_type", "fct_quantity", "fct_term_mention",
               "fct_report_term", "fct_report", "stg_document", "stg_quarantine", "meta_schema", "meta_run"]


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall())) for v in EXPORT_COLUMNS}
    finally:
        con.close()


@pytest.fixture(scope="module")
def warehouse(prefect_harness, seed_dir, tmp_path_factory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    summary = etl_flow(source=str(seed_dir), db=str(db), batch_size=2)
    return db, summary


def test_flow_summary_counts(warehouse):
    _, summary = warehouse
    assert summary["files"] == 5 and summary["reports"] == 5 and summary["quarantined"] == 0
    assert summary["facts"] >= 90


def test_flow_star_schema_tables(warehouse):
    db, _ = warehouse
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert set(STAR_TABLES) <= tables
    assert con.execute("select count(*) from dim_report").fetchone()[0] == 5
    assert con.execute("select count(*) from dim_report where agency_id is null").fetchone()[0] == 0
    orphans = con.execute(
        "select count(*) from fct_quantity f left join dim_indicator i using (indicator_code) where i.indicator_code is null"
    ).fetchone()[0]
    assert orphans == 0
    con.close()


@pytest.mark.parametrize("view", sorted(EXPORT_COLUMNS))
def test_flow_export_view_columns(warehouse, view):
    db, _ = warehouse
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [d[0] for d in con.execute(f"select * from {view} limit 0").description]
    finally:
        con.close()
    assert cols == EXPORT_COLUMNS[view]


@pytest.mark.parametrize(
    ("source_file", "where", "expected"),
    [
        ("001_39330c9e763261de.txt", "value = 7000 and unit = '家'", ("count", "at_least", 7000.0)),
        ("002_1027f9a957e759b9.txt", "value = 1442", ("money", "exact", 14420000.0)),
        ("000_5707841f7d9a56d3.txt", "value = 3 and unit = '位'", ("rank", "exact", 3.0)),
        ("004_22acb626d0f6affa.txt", "value = 1.5", ("duration", "exact", 45.0)),
        ("004_22acb626d0f6affa.txt", "unit is null", ("count", "at_least", 10.0)),
    ],
)
def test_flow_facts_by_value(warehouse, source_file, where, expected):
    db, _ = warehouse
    rows = _rows(db, f"select kind, qualifier, value_base from export_facts where source_file = ? and {where}",
                 [source_file])
    assert rows == [expected]


def test_flow_change_pair_and_section_type(warehouse):
    db, _ = warehouse
    rows = _rows(db, "select value, role, section_type from export_facts "
                     "where source_file = '000_5707841f7d9a56d3.txt' and change_id is not null order by char_start")
    assert rows == [(1016.0, "before", "measures"), (38.0, "after", "measures")]


def test_flow_report_metadata(warehouse):
    db, _ = warehouse
    [row] = _rows(db, "select agency, admin_level, city, district, region_code, report_year, publish_date, is_complete "
                      "from export_reports where source_file = '002_1027f9a957e759b9.txt'")
    assert row == ("深圳市龙岗区科技创新局", "district", "深圳市", "龙岗区", "440307", 2020, dt.date(2020, 12, 17), False)


def test_flow_char_spans_index_normalised_text(warehouse):
    db, _ = warehouse
    [(bad,)] = _rows(db, "select count(*) from fct_quantity f join stg_document d using (report_id) "
                         "where substr(d.text, f.char_start + 1, f.char_end - f.char_start) <> f.surface")
    assert bad == 0


def test_flow_second_run_is_idempotent(warehouse, seed_dir):
    db, _ = warehouse
    before = _snapshot(db)
    etl_flow(source=str(seed_dir), db=str(db), batch_size=3)
    assert _snapshot(db) == before


def test_flow_quarantines_bad_files_and_loads_the_rest(prefect_harness, seed_dir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(seed_dir, src / "good")
    (src / "bad").mkdir()
    (src / "bad" / "empty.txt").write_bytes(b"")
    (src / "bad" / "junk.txt").write_bytes(os.urandom(4096))
    (src / "bad" / "short.md").write_text("# 标题\n\n这不是报告。", encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    summary = etl_flow(source=str(src), db=str(db))
    assert summary["reports"] == 5 and summary["quarantined"] == 3
    rows = dict(_rows(db, "select source_file, stage from stg_quarantine"))
    files = [r[0] for r in _rows(db, "select source_file from export_reports order by 1")]
    assert rows == {"bad/empty.txt": "read", "bad/junk.txt": "read", "bad/short.md": "validate"}
    assert all(f.startswith("good/") for f in files) and len(files) == 5


def test_flow_failed_load_leaves_warehouse_as_it_was(warehouse, seed_dir, tmp_path):
    db, _ = warehouse
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    before = _snapshot(copy)
    result = transform_batch.fn(str(seed_dir), ["000_5707841f7d9a56d3.txt"])
    now = dt.datetime.now()
    tables, quarantine = build_tables([result], now, str(seed_dir))
    # A fact without a value violates the NOT NULL constraint after the old rows were deleted.
    tables["fct_quantity"] = tables["fct_quantity"].with_columns(pl.lit(None, dtype=pl.Float64).alias("value"))
    run = {"run_id": "test", "started_at": now, "source": str(seed_dir), "files_seen": 1, "files_new": 0,
           "files_changed": 1, "files_unchanged": 0, "files_removed": 0, "files_quarantined": 0,
           "reports_loaded": 1, "facts_loaded": 1}
    with pytest.raises(duckdb.ConstraintException):
        publish(copy, tables, quarantine, [], str(seed_dir), run, rebuild=False)
    assert _snapshot(copy) == before
    assert not list(tmp_path.glob(".copy.duckdb.*"))


def test_flow_cli_output_is_clean(seed_dir, tmp_path):
    db = tmp_path / "cli.duckdb"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "run", "--source", str(seed_dir), "--db", str(db)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "reports loaded   5" in proc.stdout and "quarantined      0" in proc.stdout
    for noise in ("Traceback", "ERROR", "Stopping temporary server", "Starting temporary server"):
        assert noise not in proc.stdout + proc.stderr


def test_flow_every_table_and_column_is_commented(warehouse):
    db, _ = warehouse
    tables = _rows(db, "select table_name from duckdb_tables() where comment is null")
    columns = _rows(db, "select table_name, column_name from duckdb_columns() "
                        "where comment is null and table_name in (select table_name from duckdb_tables())")
    views = _rows(db, "select view_name from duckdb_views() where not internal and comment is null")
    assert (tables, columns, views) == ([], [], [])


def test_flow_manifest_gives_urls_and_metadata_and_a_changed_row_reloads(prefect_harness, tmp_path):
    """A folder's manifest.csv: url into export_reports, given values win, and editing a row reloads that report."""
    src = tmp_path / "src"
    src.mkdir()
    body = ("2023年,市科技局坚持以习近平法治思想为指导,全面推进法治政府建设,依法行政水平不断提升。现将有关情况报告如下:\n"
            "一、主要举措和成效\n全年审查规范性文件12件,开展法治培训3场次,组织旁听庭审2次,办理行政复议案件5件。\n"
            "二、存在的不足\n法治宣传的针对性有待加强,执法人员的法治素养有待提高。\n"
            "三、下一步工作计划\n继续推进法治政府建设,深化行政执法体制改革,健全行政执法监督机制,加强法治宣传教育,"
            "提升依法行政能力和水平,为经济社会高质量发展提供有力法治保障。\n")
    (src / "a.txt").write_text(body, encoding="utf-8")
    (src / "b.txt").write_text(body.replace("2023年", "2022年"), encoding="utf-8")
    manifest = src / "manifest.csv"
    manifest.write_text("file,url,title\na.txt,http://kj.hangzhou.gov.cn/art/a.html,\n"
                        "b.txt,http://kj.suzhou.gov.cn/art/b.html,苏州市科技局2022年度法治政府建设情况报告\n", encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    first = etl_flow(source=str(src), db=str(db))
    assert first["reports"] == 2
    rows = {r[0]: r[1:] for r in _rows(db, "select source_file, url, agency, title, report_year from export_reports")}
    assert rows["a.txt"] == ("http://kj.hangzhou.gov.cn/art/a.html", "杭州市科学技术局", None, 2023)
    assert rows["b.txt"] == ("http://kj.suzhou.gov.cn/art/b.html", "苏州市科学技术局",
                             "苏州市科技局2022年度法治政府建设情况报告", 2022)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("kj.hangzhou", "kj.ningbo"), encoding="utf-8")
    second = etl_flow(source=str(src), db=str(db))
    assert (second["changed"], second["unchanged"]) == (1, 1)
    assert _rows(db, "select agency from export_reports where source_file = 'a.txt'") == [("宁波市科学技术局",)]
