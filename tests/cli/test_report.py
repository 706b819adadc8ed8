"""`fazhi report`: one self-contained HTML file built from the sql/analysis questions, and how a
browser shows it (headless Chromium: no console errors, every chart drawn, a screenshot)."""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from fazhi.analysis import AnalysisError, UnknownValueError, run_analysis
from fazhi.cli import main
from fazhi.report import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ALL_CHARTS = ["chart-complete", "chart-density", "chart-indicators", "chart-matrix", "chart-missing-parts",
              "chart-on-time", "chart-reports-by-year", "chart-terms"]


@pytest.fixture(scope="module")
def known_report(known_warehouse_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = write_report(known_warehouse_file, out)
    assert result.reports == 6 and result.report_pages == 6
    return out


def _specs(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="fazhi-specs">(.*?)</script>', page, re.S)
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_report_is_one_file_that_needs_no_network(known_report):
    page = known_report.read_text(encoding="utf-8")
    # Nothing is fetched: no external script, style sheet, image or font in the markup
    # (the scripts' own text is code, checked in the browser test by the requests made).
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", page, flags=re.S)
    assert markup.count("<script") == 5
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", markup)
    assert "@import" not in page and "url(http" not in page
    # The Vega libraries are inline (vegaEmbed's code), and the page says so.
    assert len(page) > 500_000 and "vega" in page.lower()
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page


def test_report_has_every_chart_with_chinese_titles(known_report):
    specs = _specs(known_report.read_text(encoding="utf-8"))
    assert sorted(specs) == ALL_CHARTS
    titles = {k: (v.get("title") if isinstance(v.get("title"), str) else v.get("title", {}).get("text"))
              for k, v in specs.items()}
    assert titles["chart-on-time"].startswith("按时发布比例") and "4月1日" in titles["chart-on-time"]
    assert all(re.search(r"[\u4e00-\u9fff]", t or "") for t in titles.values())
    # Axis labels in 万/亿 and the page's font list names CJK fonts.
    assert "'万'" in json.dumps(specs, ensure_ascii=False)
    assert "Noto Sans CJK SC" in specs["chart-terms"]["config"]["font"]


def _chart_data(spec: dict) -> list[dict]:
    return spec["data"]["values"] if "data" in spec else spec["datasets"][next(iter(spec["datasets"]))]


def test_report_figures_are_the_analyses_figures(known_report, known_warehouse_file):
    specs = _specs(known_report.read_text(encoding="utf-8"))
    timeliness = run_analysis(known_warehouse_file, "timeliness", {})
    drawn = {(r["report_year"], r["admin_level"]): r["n_reports"] for r in _chart_data(specs["chart-reports-by-year"])}
    assert drawn == {(r["report_year"], r["admin_level"]): r["n_reports"] for r in timeliness.iter_rows(named=True)}
    # The coverage matrix: 苏州市司法局 reported 2021 and 2023, so 2022 is drawn as missing; the late one as late.
    cells = {(c["agency_name"], c["report_year"]): c["状态"] for c in _chart_data(specs["chart-matrix"])}
    assert cells[("苏州市司法局", 2022)] == "缺报"
    assert cells[("苏州市科学技术局", 2022)] == "逾期发布"
    assert cells[("苏州市司法局", 2023)] == "未注明发布日期"
    assert cells[("苏州市科学技术局", 2021)] == "按时发布"
    # Indicator panels: normative documents reviewed in 苏州市 per year (2 + 10 in 2021).
    panel = [r for r in _chart_data(specs["chart-indicators"])
             if r["region"] == "苏州市" and r["report_year"] == 2021 and "规范性文件" in r["指标"]]
    assert panel and panel[0]["value_sum"] == 12 and panel[0]["is_rate"] is False


def test_report_lists_late_and_incomplete_reports_and_every_fact(known_report, known_warehouse_file):
    page = known_report.read_text(encoding="utf-8")
    late = page[page.index("<h3>逾期发布的报告</h3>"):page.index("<h3>缺少必备部分的报告</h3>")]
    assert "苏州市科学技术局" in late and "许昌市科学技术局" in late and "苏州市司法局" not in late
    assert page.count('<details class="report"') == 6
    facts = run_analysis(known_warehouse_file, "quantitative_density", {})["n_facts"].sum()
    assert page.count("<mark>") == facts
    # A fact's sentence with its number marked, and the parts a report lacks.
    assert "审查行政规范性文件<mark>12件</mark>" in html.unescape(page)
    assert "缺：存在的不足" in page


def test_report_filters_narrow_every_part(known_warehouse_file, tmp_path):
    result = write_report(known_warehouse_file, tmp_path / "r.html", {"city": "许昌市"})
    page = result.path.read_text(encoding="utf-8")
    assert result.reports == 1 and page.count('<details class="report"') == 1
    specs = _specs(page)
    assert {c["agency_name"] for c in _chart_data(specs["chart-matrix"])} == {"许昌市科学技术局"}
    assert "city=许昌市" in page


@pytest.mark.parametrize("filters, error, message", [
    ({"city": "苏洲市"}, UnknownValueError, "closest: 苏州市"),
    ({"agency": "公安局"}, UnknownValueError, "no agency name contains '公安局'"),
    ({"year": 2030}, AnalysisError, "no report matches the filters"),
])
def test_report_filters_that_match_nothing_are_clear_errors(filters, error, message, known_warehouse_file, tmp_path):
    with pytest.raises(error, match=message):
        write_report(known_warehouse_file, tmp_path / "r.html", filters)
    assert not list(tmp_path.iterdir())


def test_cli_report(known_warehouse_file, tmp_path, capsys):
    out = tmp_path / "sub" / "report.html"
    assert main(["report", "--db", str(known_warehouse_file), "--out", str(out), "--level", "city"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}") and "6 reports" in said and out.exists()
    assert main(["report", "--db", str(known_warehouse_file), "--out", str(out), "--city", "苏洲市"]) == 1


def test_cli_report_on_a_missing_warehouse(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")]) == 2
    assert "no warehouse" in capsys.readouterr().err


# ------------------------------------------------------------------ in a real browser

def _browser():
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (it is in requirements-test.lock)")
    return sync_playwright


def _render(path: Path, screenshot: Path, width: int = 1366, actions=None) -> dict:
    sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            messages = []
            page.on("console", lambda m: messages.append((m.type, m.text)))
            page.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_function("document.body.dataset.charts !== 'pending'", timeout=60_000)
            if actions:
                actions(page)
            charts = page.eval_on_selector_all(
                ".chart", "els => els.map(e => [e.id, e.querySelectorAll('svg .mark-rect path, svg .mark-line path,"
                          " svg .mark-symbol path, svg .mark-rule line, svg .mark-rect rect').length,"
                          " e.getBoundingClientRect().height])")
            state = page.evaluate("window.__fazhi")
            status = page.evaluate("document.body.dataset.charts")
            page.screenshot(path=str(screenshot), full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    return {"messages": messages, "charts": charts, "state": state, "status": status, "requests": requests,
            "scroll_width": scroll_width}


def test_browser_draws_every_chart_without_errors(known_report, tmp_path):
    shot = tmp_path / "report.png"
    seen = _render(known_report, shot)
    errors = [m for m in seen["messages"] if m[0] in ("error", "pageerror")]
    assert errors == [] and seen["state"]["errors"] == []
    assert seen["status"] == "drawn" and seen["state"]["drawn"] == seen["state"]["expected"] == len(ALL_CHARTS)
    assert sorted(c[0] for c in seen["charts"]) == ALL_CHARTS
    for chart_id, marks, height in seen["charts"]:
        assert marks > 0 and height > 50, chart_id
    # Only the file itself was loaded, and the page fits a laptop screen's width.
    assert all(u.startswith(("file:", "data:", "about:")) for u in seen["requests"]), seen["requests"]
    assert seen["scroll_width"] <= 1366
    assert shot.stat().st_size > 50_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_browser_region_selector_and_drill_down(known_report, tmp_path):
    def act(page):
        page.select_option("select[name='region']", "许昌市")
        page.wait_for_timeout(300)
        page.click("details.report summary")
        page.fill("#report-search", "许昌")

    seen = _render(known_report, tmp_path / "r.png", actions=act)
    assert [m for m in seen["messages"] if m[0] in ("error", "pageerror")] == []
    assert dict((c[0], c[1]) for c in seen["charts"])["chart-indicators"] > 0


# ------------------------------------------------------------------ synth and demo commands

def test_cli_synth_writes_reports_and_gold(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["synth", "--out", str(out), "--n", "9", "--seed", "3", "--years", "2020-2022"]) == 0
    said = capsys.readouterr().out
    assert "9 reports written" in said
    files = sorted(p.suffix for p in out.iterdir())
    assert files.count(".txt") == files.count(".html") == files.count(".docx") == 3
    assert len(list((tmp_path / "corpus-gold").glob("*.json"))) == 9
    assert main(["synth", "--out", str(out), "--n", "2", "--formats", "odt"]) == 2
    assert main(["synth", "--out", str(out), "--n", "2", "--years", "twenty"]) == 2


@pytest.mark.e2e
def test_cli_demo_builds_a_labelled_synthetic_warehouse_and_its_report(tmp_path, server_env):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "demo", "--dir", str(tmp_path / "demo"), "--n", "30",
                           "--years", "2020-2024"], env={**__import__("os").environ, **server_env},
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "SYNTHETIC" in proc.stdout.splitlines()[0]
    page = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert "演示数据" in page and page.count('<details class="report"') == 30
    # Several agencies over five years: the trend charts have something to draw.
    specs = _specs(page)
    years = {r["report_year"] for r in _chart_data(specs["chart-indicators"])}
    assert years == {2020, 2021, 2022, 2023, 2024}
    status = run_analysis(tmp_path / "demo" / "demo.duckdb", "report_status", {})
    assert status.height == 30 and status["agency_name"].n_unique() == 6
