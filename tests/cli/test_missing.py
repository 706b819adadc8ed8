"""`fazhi query missing`: the column list of `fazhi collect` as the expected publishers; who published
no report for a year, and who published after 1 April of the following year."""
from __future__ import annotations

import json
from pathlib import Path

from fazhi.analysis import run_analysis
from fazhi.cli import main

COLUMNS = Path(__file__).resolve().parents[1] / "fixtures" / "columns_known.csv"


def _rows(db, **params) -> list[tuple]:
    frame = run_analysis(db, "missing", {"columns": str(COLUMNS), **params})
    return [(r["report_year"], r["publisher"], r["status"], r["days_late"]) for r in frame.to_dicts()]


def test_cli_query_missing(known_warehouse_file, capsys, tmp_path):
    args = ["query", "missing", "--db", str(known_warehouse_file), "--year", "2022", "--format", "json"]
    assert main(args + ["--columns", str(COLUMNS)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 4
    assert main(args) == 2
    assert "missing needs --columns" in capsys.readouterr().err
    assert main(args + ["--columns", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_missing_and_late_publishers_of_a_year(known_warehouse_file):
    # KNOWN: 苏州市科学技术局 2022 published 2023-04-20, 许昌市科学技术局 2022 on 2023-05-11, 苏州市司法局 no 2022
    # report, and 苏州市生态环境局 (in the column list only) never reported.
    assert _rows(known_warehouse_file, year=2022) == [
        (2022, "苏州市科学技术局", "late", 19),
        (2022, "许昌市科学技术局", "late", 40),
        (2022, "苏州市司法局", "no report", None),
        (2022, "苏州市生态环境局", "no report", None),
    ]


def test_on_time_is_up_to_1_april_itself(known_warehouse_file):
    rows = _rows(known_warehouse_file, year=2021)
    # 苏州市司法局 published its 2021 report on 2022-04-01: on time; 苏州市科学技术局 on 2022-03-01
    assert {p for _, p, _, _ in rows} == {"许昌市科学技术局", "苏州市生态环境局"}
    assert all(status == "no report" for _, _, status, _ in rows)


def test_every_year_without_year(known_warehouse_file):
    years = {y for y, _, _, _ in _rows(known_warehouse_file)}
    assert years == {2021, 2022, 2023}


def test_a_year_nobody_reported_lists_everyone(known_warehouse_file):
    assert len(_rows(known_warehouse_file, year=2019)) == 4


def test_a_column_without_agency_matches_by_host(known_warehouse_file, tmp_path):
    listing = tmp_path / "c.csv"
    listing.write_text("url,agency\nhttp://nowhere.gov.cn/fzzf/,\n", encoding="utf-8")
    frame = run_analysis(known_warehouse_file, "missing", {"columns": str(listing), "year": 2022})
    assert frame.to_dicts()[0]["publisher"] == "http://nowhere.gov.cn/fzzf/"
