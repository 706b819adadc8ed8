"""One agency across its renames, one report however often it is found: end to end, through the real flow."""
from __future__ import annotations

import pytest

from fazhi.analysis import run_analysis
from flows.etl import etl_flow
from tests.helpers import query as _rows
from tests.make_files import make_html, make_pdf
from tests.synthetic import report

pytestmark = pytest.mark.e2e


def test_identity_a_renamed_agency_is_one_line_of_its_trend(prefect_harness, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    # 2018 机构改革: 卫生和计划生育委员会 -> 卫生健康委员会; a county that became a district (临安市 -> 临安区).
    (src / "wj2017.txt").write_text(report("苏州市卫生和计划生育委员会", 2017, reviewed=4), encoding="utf-8")
    (src / "wj2020.txt").write_text(report("苏州市卫生健康委员会", 2020, reviewed=6), encoding="utf-8")
    (src / "la2016.txt").write_text(report("杭州市临安市科学技术局", 2016, reviewed=1), encoding="utf-8")
    (src / "la2021.txt").write_text(report("杭州市临安区科学技术局", 2021, reviewed=2), encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    assert etl_flow(source=str(src), db=str(db))["reports"] == 4

    trend = run_analysis(db, "indicator_by_agency_year", {"indicator": "normative_docs_reviewed"})
    lines = {name: sorted(trend.filter(trend["agency_name"] == name)["report_year"].to_list())
             for name in trend["agency_name"].unique()}
    assert lines == {"苏州市卫生健康委员会": [2017, 2020], "杭州市临安区科学技术局": [2016, 2021]}
    names = _rows(db, "select agency_name, first_year, last_year, is_current_name from dim_agency_name "
                      "order by agency_name")
    assert ("苏州市卫生和计划生育委员会", 2017, 2017, False) in names and ("苏州市卫生健康委员会", 2020, 2020, True) in names
    assert _rows(db, "select agency_key from dim_agency order by 1") == [("320500|卫生健康",), ("330112|科技",)]
    # --agency matches a name the agency had, and the answer still follows the whole agency.
    old_name = run_analysis(db, "indicator_by_agency_year", {"indicator": "normative_docs_reviewed",
                                                             "agency": "卫生和计划生育"})
    assert sorted(old_name["report_year"].to_list()) == [2017, 2020]
    coverage = run_analysis(db, "coverage", {})
    assert sorted(tuple(y) for y in coverage["years_reported"].to_list()) == [(2016, 2021), (2017, 2020)]


def test_identity_one_report_found_three_times_loads_once(prefect_harness, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    text = report("苏州市司法局", 2023, reviewed=9, published="2024-03-01")
    (src / "sfj.txt").write_text(text, encoding="utf-8")
    # The same report on a mirror site (another page's furniture) and as a PDF.
    (src / "mirror.html").write_bytes(make_html(text, "苏州市司法局2023年度法治政府建设情况报告", "2024-03-05", "某某网"))
    (src / "scan.pdf").write_bytes(make_pdf(text))
    (src / "manifest.csv").write_text("file,url\nsfj.txt,https://sfj.suzhou.gov.cn/art/2024/3/1/1.html\n"
                                      "mirror.html,https://www.example-mirror.com/news/1.html\n", encoding="utf-8")
    # Another agency's report of the same year, written from the same template: not the same report.
    (src / "kjj.txt").write_text(report("苏州市科学技术局", 2023, reviewed=9, published="2024-03-01"), encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    assert etl_flow(source=str(src), db=str(db))["reports"] == 4

    assert _rows(db, "select source_file from export_reports order by 1") == [("kjj.txt",), ("sfj.txt",)]
    found = _rows(db, "select l.source_file, l.is_kept from dim_report_location l join current_report r "
                      "using (report_id) where r.source_file = 'sfj.txt' order by 1")
    assert found == [("mirror.html", False), ("scan.pdf", False), ("sfj.txt", True)]
    trend = run_analysis(db, "indicator_by_agency_year", {"indicator": "normative_docs_reviewed", "agency": "司法局"})
    assert trend["total_value"].to_list() == [9.0]  # counted once, not three times

    # A corrected version published later on the issuer's own site replaces the one kept.
    corrected = text.replace("审查行政规范性文件9件", "审查行政规范性文件11件").replace("2024-03-01", "2024-04-10")
    (src / "sfj-corrected.txt").write_text(corrected, encoding="utf-8")
    with open(src / "manifest.csv", "a", encoding="utf-8") as fh:
        fh.write("sfj-corrected.txt,https://sfj.suzhou.gov.cn/art/2024/4/10/2.html\n")
    etl_flow(source=str(src), db=str(db))
    assert _rows(db, "select source_file from export_reports where source_file like 'sfj%'") == [("sfj-corrected.txt",)]
    trend = run_analysis(db, "indicator_by_agency_year", {"indicator": "normative_docs_reviewed", "agency": "司法局"})
    assert trend["total_value"].to_list() == [11.0]
    # The kept version's file goes: one of its copies is kept instead, nothing is counted twice.
    (src / "sfj-corrected.txt").unlink()
    etl_flow(source=str(src), db=str(db))
    kept = _rows(db, "select source_file from export_reports where source_file <> 'kjj.txt'")
    assert kept == [("sfj.txt",)]
