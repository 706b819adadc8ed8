"""How results are printed and exported: tables that fit the terminal, Markdown, CSV with a BOM,
an Excel workbook, and an empty result that says which filter matched nothing."""
from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest

from fazhi.analysis import analyses, export_views, run_analysis
from fazhi.cli import main
from fazhi.output import markdown, table, text_width, truncate, zh_number

ZH_NUMBERS = [
    (0, "0"), (7, "7"), (7000, "7,000"), (9999, "9,999"), (10000, "1万"), (12000, "1.2万"), (14420000, "1442万"),
    (99999999, "10000万"), (100000000, "1亿"), (350000000, "3.5亿"), (1.25, "1.25"), (96.3, "96.3"),
    (-45600, "-4.56万"), (None, ""), (float("nan"), ""),
]


@pytest.mark.parametrize("value, text", ZH_NUMBERS, ids=[str(v) for v, _ in ZH_NUMBERS])
def test_numbers_are_written_with_wan_and_yi(value, text):
    assert zh_number(value) == text


WIDTHS = [("苏州市科学技术局", 16), ("abc", 3), ("2024年", 6), ("，", 2), ("é", 1), ("", 0)]


@pytest.mark.parametrize("text, width", WIDTHS, ids=[t for t, _ in WIDTHS])
def test_wide_characters_count_two_columns(text, width):
    assert text_width(text) == width


@pytest.mark.parametrize("width", [3, 5, 8, 9, 15])
def test_truncate_never_exceeds_the_width_and_marks_the_cut(width):
    cut = truncate("深圳市龙岗区科技创新局法治政府建设", width)
    assert text_width(cut) <= width and cut.endswith("…")


def _wide_frame(columns: int, rows: int = 4) -> pl.DataFrame:
    return pl.DataFrame({f"column_number_{i}": [f"深圳市龙岗区科技创新局第{r}份报告的很长的标题" * 2 for r in range(rows)]
                         for i in range(columns)})


@pytest.mark.parametrize("columns", [1, 3, 8, 20])
@pytest.mark.parametrize("width", [60, 100, 160])
def test_table_fits_the_width(columns, width):
    text = table(_wide_frame(columns), width=width)
    assert max(text_width(line) for line in text.splitlines()) <= width
    assert "shape:" not in text and "str" not in text.splitlines()[1]


def test_table_names_the_columns_it_leaves_out():
    text = table(_wide_frame(20), width=100)
    assert "more columns not shown" in text and "column_number_19" in text


def test_table_shows_the_limit_and_the_row_count():
    frame = pl.DataFrame({"n": list(range(120))})
    text = table(frame, width=100, limit=10)
    assert "120 rows, first 10 shown" in text and len(text.splitlines()) == 2 + 10 + 1


def test_markdown_keeps_every_column_and_escapes_pipes():
    frame = pl.DataFrame({"agency": ["苏州市|科学技术局"], "n": [3], "years": [[2021, 2022]]})
    lines = markdown(frame).splitlines()
    assert lines[0] == "| agency | n | years |" and lines[1] == "|---|---:|---|"
    assert lines[2] == "| 苏州市\\|科学技术局 | 3 | 2021, 2022 |"


def _params(name: str) -> dict:
    if name == "missing":  # the expected publishers: a column list of the KNOWN agencies and one more
        from pathlib import Path

        return {"columns": str(Path(__file__).resolve().parents[1] / "fixtures" / "columns_known.csv")}
    return {"indicator": "normative_docs_reviewed"} if name in ("indicator_by_agency_year",
                                                                "indicator_yoy_change") else {}


@pytest.mark.parametrize("name", sorted(analyses()))
def test_every_analysis_prints_within_100_columns(name, known_warehouse_file, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    args = ["query", name, "--db", str(known_warehouse_file)]
    for key, value in _params(name).items():
        args += [f"--{key}", value]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.strip() and max(text_width(line) for line in out.splitlines()) <= 100
    assert "shape:" not in out and "decimal[" not in out


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_other_formats_hold_every_row_and_column(fmt, known_warehouse_file, capsys):
    frame = run_analysis(known_warehouse_file, "report_status", {})
    assert main(["query", "report_status", "--db", str(known_warehouse_file), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == frame.height and list(rows[0]) == frame.columns
    elif fmt == "json":
        rows = json.loads(out)
        assert len(rows) == frame.height and "苏州市司法局" in {r["agency_name"] for r in rows}
    else:
        assert len(out.splitlines()) == frame.height + 2 and all(c in out for c in frame.columns)


EMPTY = [
    (["timeliness", "--year", "2019"], "no rows: --year 2019 matches no report (the warehouse holds year 2021, 2022, 2023)"),
    (["timeliness", "--year", "2021", "--level", "county"], "no rows: --level county matches no report"),
    (["report_status", "--city", "许昌市", "--year", "2021"],
     "no rows: each of --city 许昌市 --year 2021 matches reports, but no report matches them all together"),
]


@pytest.mark.parametrize("args, message", EMPTY, ids=[" ".join(a) for a, _ in EMPTY])
def test_an_empty_result_says_which_filter_matched_nothing(args, message, known_warehouse_file, capsys):
    assert main(["query", *args, "--db", str(known_warehouse_file)]) == 0
    assert capsys.readouterr().out.startswith(message)


def test_report_status_says_who_was_late_and_what_is_missing(known_warehouse_file):
    rows = {(r["agency_name"], r["report_year"]): r
            for r in run_analysis(known_warehouse_file, "report_status", {}).iter_rows(named=True)}
    assert rows[("苏州市科学技术局", 2022)]["timeliness"] == "late"
    assert rows[("苏州市科学技术局", 2022)]["days_after_deadline"] == 19
    assert rows[("苏州市司法局", 2023)]["timeliness"] == "no date"
    assert rows[("苏州市司法局", 2021)]["timeliness"] == "on time"  # 1 April itself is on time
    assert rows[("许昌市科学技术局", 2022)]["missing_parts"] == "shortcomings,plans"
    assert rows[("苏州市科学技术局", 2023)]["is_complete"] is True


def test_csv_export_starts_with_a_bom_unless_asked_not_to(known_warehouse_file, tmp_path):
    with_bom = export_views(known_warehouse_file, tmp_path / "a", "csv")
    without = export_views(known_warehouse_file, tmp_path / "b", "csv", bom=False)
    for a, b in zip(with_bom, without, strict=True):
        raw = a.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not b.read_bytes().startswith(b"\xef\xbb\xbf")
        assert raw[3:] == b.read_bytes()
    # Excel's reading of a BOM file: the first header is the column name, not '\ufeffsource_file'.
    rows = list(csv.DictReader(io.StringIO(with_bom[0].read_text(encoding="utf-8-sig"))))
    assert "source_file" in rows[0] and any(r["agency"] == "苏州市司法局" for r in rows)


def test_cli_export_no_bom_flag(known_warehouse_file, tmp_path, capsys):
    assert main(["export", str(tmp_path), "--format", "csv", "--no-bom", "--db", str(known_warehouse_file)]) == 0
    assert (tmp_path / "export_facts.csv").read_bytes().startswith(b"source_file,")


def test_xlsx_export_opens_with_a_sheet_per_view_and_a_readme(known_warehouse_file, tmp_path):
    import openpyxl

    (path,) = export_views(known_warehouse_file, tmp_path, "xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["README", "export_reports", "export_sections", "export_facts"]
    con_rows = {}
    for view in ("export_reports", "export_sections", "export_facts"):
        sheet = book[view]
        header = [c.value for c in sheet[1]]
        con_rows[view] = sheet.max_row - 1
        assert header[0] == "source_file"
    reports = book["export_reports"]
    header = [c.value for c in reports[1]]
    agencies = {row[header.index("agency")] for row in reports.iter_rows(min_row=2, values_only=True)}
    assert agencies == {"苏州市科学技术局", "苏州市司法局", "许昌市科学技术局"}
    assert con_rows["export_reports"] == 6 and con_rows["export_facts"] > 6
    # The column comments of the views: in the README sheet and as notes on the header cells.
    readme = {(r[0], r[1]): r[3] for r in book["README"].iter_rows(min_row=4, values_only=True)}
    assert "GB/T 2260" in readme[("export_reports", "region_code")]
    assert reports.cell(1, header.index("report_year") + 1).comment is not None
    dates = [row[header.index("publish_date")] for row in reports.iter_rows(min_row=2, values_only=True)]
    assert any(d is not None and d.year == 2022 for d in dates)
