"""`fazhi collect` against the invented portals of tests/portals.py (loopback only): each site family,
failures recorded while the crawl goes on, politeness, conditional re-crawls, resuming after kill -9,
and end to end: collect -> run -> the warehouse's reports carry their url and their site's agency."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time

import pytest

from flows.crawl.crawl import crawl, read_columns
from flows.crawl.fetch import Politeness
from flows.crawl.state import CrawlState
from flows.crawl.walk import Column
from tests.helpers import cli, query_dicts
from tests.portals import PortalServer

FAST = Politeness(delay_seconds=0, timeout_seconds=2, retries=3, backoff_seconds=0)
AGENCIES = {"/fzzf/index.html": "嘉兴市司法局", "/col/col1229/index.html": "宁波市科学技术局",
            "/gkmlpt/index#2375": "广州市番禺区司法局", "/plain/list.html": "许昌市生态环境局"}


@pytest.fixture(scope="module")
def portal():
    server = PortalServer().start()
    yield server
    server.stop()


@pytest.fixture()
def site(portal):
    portal.reset()
    return portal


def columns(site, *paths) -> list[Column]:
    return [Column(site.url(p), AGENCIES[p]) for p in (paths or AGENCIES)]


def manifest(out) -> list[dict]:
    with open(out / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def paths(rows) -> set[str]:
    return {r["url"].split("/", 3)[3] for r in rows}


def failures(out) -> list[dict]:
    state = CrawlState(out)
    try:
        return state.failures()
    finally:
        state.close()


def test_static_paged_column(site, tmp_path):
    result = crawl(columns(site, "/fzzf/index.html"), tmp_path, FAST)
    rows = manifest(tmp_path)
    # pages index, index_1, index_2 (createPageHTML says 3); news, the 信息公开 annual report and the notice skipped
    assert paths(rows) == {"fzzf/art/2024/0328/a2023.html", "fzzf/art/2023/0325/a2022.html",
                           "fzzf/art/2021/0329/a2020.html"}
    assert result.columns[0]["list_pages"] == 3
    assert not {"/fzzf/art/2024/0301/news1.html", "/fzzf/art/2024/0120/xxgk.html", "/index.html"} & set(site.paths())
    first = next(r for r in rows if r["url"].endswith("a2023.html"))
    assert (first["agency"], first["report_year"], first["publish_date"], first["title"]) == (
        "嘉兴市司法局", "2023", "2024-03-28", "嘉兴市司法局2023年度法治政府建设情况报告")
    assert all((tmp_path / r["file"]).is_file() for r in rows)


def test_broken_link_and_robots_disallow_are_recorded_and_the_crawl_goes_on(site, tmp_path):
    crawl(columns(site, "/fzzf/index.html"), tmp_path, FAST)
    failed = {f["url"].split("/", 3)[3]: (f["status"], f["error"]) for f in failures(tmp_path)}
    assert failed == {"fzzf/art/2022/0330/a2021.html": (404, "HTTP 404"),
                      "private/a2019.html": (None, "robots.txt disallows")}
    assert "/private/a2019.html" not in site.paths()  # never asked for
    assert "/fzzf/art/2021/0329/a2020.html" in site.paths(200)  # listed after the dead link: still fetched


def test_hanweb_datastore_column_with_a_redirect_and_an_attachment(site, tmp_path):
    crawl(columns(site, "/col/col1229/index.html"), tmp_path, FAST)
    rows = manifest(tmp_path)
    # page 2 by uid/pageNum; old_104 redirects to art_1229_104; 103 is a wrapper: its DOCX is the report
    assert paths(rows) == {"art/2024/3/25/art_1229_101.html", "picture/0/fzbg2022.docx",
                           "art/2022/3/30/art_1229_104.html"}
    assert "/col/col1229/index.html?uid=4501&pageNum=2" in site.paths(200)
    docx = next(r for r in rows if r["file"].endswith(".docx"))
    assert (docx["report_year"], docx["publish_date"]) == ("2022", "2023-03-20")
    assert (tmp_path / docx["file"]).read_bytes()[:2] == b"PK"


def test_platform_json_api_column(site, tmp_path):
    crawl(columns(site, "/gkmlpt/index#2375"), tmp_path, FAST)
    assert paths(manifest(tmp_path)) == {"gkmlpt/content/9/9512/post_9512345.html",
                                         "gkmlpt/content/8/8123/post_8123456.html"}
    assert {"/gkmlpt/api/all/2375?page=1&sid=755031", "/gkmlpt/api/all/2375?page=2&sid=755031"} <= set(site.paths())
    assert "/gkmlpt/content/9/9500/post_9500001.html" not in site.paths()  # news item


def test_plain_gbk_list_with_a_next_link(site, tmp_path):
    crawl(columns(site, "/plain/list.html"), tmp_path, FAST)
    rows = manifest(tmp_path)
    assert paths(rows) == {"plain/content/2024-03/fz2023.html", "plain/files/fz2022.pdf"}
    # both titles came from GBK list pages (one says gb2312 in a meta tag)
    assert {r["title"] for r in rows} == {"许昌市生态环境局2023年度法治政府建设情况报告", "许昌市生态环境局2022年度法治政府建设情况报告"}


def test_a_slow_page_and_a_503_are_retried(site, tmp_path):
    site.plan["/fzzf/art/2023/0325/a2022.html"] = ["slow"]
    site.plan["/fzzf/art/2024/0328/a2023.html"] = ["503", "503"]
    site.slow_seconds = 3
    polite = Politeness(delay_seconds=0, timeout_seconds=1, retries=4, backoff_seconds=0)
    crawl(columns(site, "/fzzf/index.html"), tmp_path, polite)
    assert {"fzzf/art/2023/0325/a2022.html", "fzzf/art/2024/0328/a2023.html"} <= paths(manifest(tmp_path))
    assert not [f for f in failures(tmp_path) if "a2022" in f["url"] or "a2023" in f["url"]]
    # at least: two 503s and the answer; the slow try and the one after it (more on a busy machine)
    assert site.arrived.count("/fzzf/art/2024/0328/a2023.html") >= 3
    assert site.arrived.count("/fzzf/art/2023/0325/a2022.html") >= 2


def test_a_503_that_outlasts_the_retries_is_recorded(site, tmp_path):
    site.plan["/fzzf/art/2024/0328/a2023.html"] = ["503"] * 5
    crawl(columns(site, "/fzzf/index.html"), tmp_path, Politeness(delay_seconds=0, retries=2, backoff_seconds=0))
    assert {"status": 503, "error": "HTTP 503 after 2 tries"}.items() <= next(
        f for f in failures(tmp_path) if f["url"].endswith("a2023.html")).items()
    assert "fzzf/art/2021/0329/a2020.html" in paths(manifest(tmp_path))


def test_the_delay_keeps_requests_to_a_host_apart(site, tmp_path):
    started = time.monotonic()
    crawl(columns(site, "/plain/list.html"), tmp_path, Politeness(delay_seconds=0.2, retries=1))
    # robots.txt, 2 list pages, a report page and a PDF: 5 requests, 4 gaps of at least 0.2 s
    assert len(site.paths()) == 5 and time.monotonic() - started >= 0.8


def test_every_request_names_fazhi_in_its_user_agent(site, tmp_path):
    from flows.crawl.fetch import USER_AGENT

    crawl(columns(site, "/plain/list.html"), tmp_path, FAST)
    assert site.agents == {USER_AGENT} and USER_AGENT.startswith("fazhi/")
    site.reset()
    crawl(columns(site, "/plain/list.html"), tmp_path / "b", Politeness(delay_seconds=0, user_agent="fazhi-test/1 (ops@x)"))
    assert site.agents == {"fazhi-test/1 (ops@x)"}


def test_an_unreadable_robots_txt_stops_the_host(site, tmp_path):
    site.plan["/robots.txt"] = ["503"] * 3
    crawl(columns(site, "/plain/list.html"), tmp_path, FAST)
    assert site.paths() == ["/robots.txt"] * 3  # tried three times, then nothing else asked for
    assert [f["error"] for f in failures(tmp_path)] == ["robots.txt unreadable"]


def test_a_recrawl_asks_conditionally_and_fetches_no_unchanged_body(site, tmp_path):
    crawl(columns(site), tmp_path, FAST)
    before = {r["file"]: (tmp_path / r["file"]).read_bytes() for r in manifest(tmp_path)}
    stamp = (tmp_path / "manifest.csv").stat().st_mtime_ns
    site.reset()
    result = crawl(columns(site), tmp_path, FAST)
    bodies = [p for p, status, _ in site.log if status == 200 and p != "/robots.txt"]
    assert bodies == [] and not result.resumed
    assert all(cond for p, status, cond in site.log if status == 304) and site.paths(304)
    assert {r["file"]: (tmp_path / r["file"]).read_bytes() for r in manifest(tmp_path)} == before
    assert (tmp_path / "manifest.csv").stat().st_mtime_ns == stamp  # nothing changed: not even rewritten


def test_the_page_budget_stops_a_column_and_is_recorded(site, tmp_path):
    crawl(columns(site, "/fzzf/index.html", "/plain/list.html"), tmp_path, FAST, budget=3)
    fzzf = [p for p in site.paths() if p.startswith("/fzzf/")]
    assert len(fzzf) == 3  # three list pages, then the budget
    assert any("page budget of 3" in f["error"] for f in failures(tmp_path))
    assert "plain/content/2024-03/fz2023.html" in paths(manifest(tmp_path))  # the next column has its own budget


RESUME = """
import sys
from flows.crawl.crawl import crawl
from flows.crawl.fetch import Politeness
from flows.crawl.walk import Column
cols = [Column(u, a) for u, a in zip(sys.argv[2::2], sys.argv[3::2])]
crawl(cols, sys.argv[1], Politeness(delay_seconds=0, timeout_seconds=120, retries=1))
"""


def test_a_crawl_killed_mid_way_resumes_without_fetching_again(site, tmp_path):
    cols = columns(site)
    site.hang_at = 12  # the 12th request never gets an answer: the crawler is killed while waiting for it
    args = [a for c in cols for a in (c.url, c.agency)]
    proc = subprocess.Popen([sys.executable, "-c", RESUME, str(tmp_path), *args], start_new_session=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    deadline = time.time() + 60
    while site.requests < 12 and time.time() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    answered = [p for p, status, _ in site.log if p != "/robots.txt"]
    assert len(answered) == 10  # robots.txt and ten more answered, the 12th hanging
    site.reset()
    result = crawl(cols, tmp_path, FAST)
    again = [p for p, _, _ in site.log if p != "/robots.txt"]
    assert result.resumed and not set(again) & set(answered)
    fresh = tmp_path / "fresh"
    site.reset()
    crawl(cols, fresh, FAST)
    assert paths(manifest(tmp_path)) == paths(manifest(fresh))  # the same reports as an uninterrupted crawl


def test_a_column_with_a_bad_rule_is_recorded_and_the_others_are_crawled(site, tmp_path):
    cols = [Column(site.url("/fzzf/index.html"), "嘉兴市司法局", None, {"items": "li:nth-child(2)"}),
            Column(site.url("/plain/list.html"), "许昌市生态环境局", None, {"family": "nosuch"}),
            *columns(site, "/gkmlpt/index#2375")]
    crawl(cols, tmp_path, FAST)
    errors = sorted(f["error"] for f in failures(tmp_path))
    assert len(errors) == 2 and all(e.startswith("rule: ") for e in errors)
    assert len(manifest(tmp_path)) == 2  # the platform column's two reports


def test_an_unforeseen_error_in_one_column_is_recorded_and_the_next_is_crawled(site, tmp_path, monkeypatch):
    from flows.crawl.walk import ColumnWalk

    real = ColumnWalk.items

    def items(self, fam):
        if "fzzf" in self.column.url:
            raise RuntimeError("disk on fire")
        return real(self, fam)

    monkeypatch.setattr(ColumnWalk, "items", items)
    crawl(columns(site, "/fzzf/index.html", "/plain/list.html"), tmp_path, FAST)
    assert [f["error"] for f in failures(tmp_path)] == ["RuntimeError: disk on fire"]
    assert len(manifest(tmp_path)) == 2


def test_cli_collect_without_prefect(site, tmp_path, capsys):
    from fazhi.cli import main

    listing = tmp_path / "columns.csv"
    listing.write_text(f"url,agency\n{site.url('/plain/list.html')},许昌市生态环境局\n", encoding="utf-8")
    assert main(["collect", "--columns", str(listing), "--out", str(tmp_path / "out"), "--delay", "0",
                 "--no-prefect"]) == 0
    assert "files in manifest 2" in capsys.readouterr().out
    assert len(manifest(tmp_path / "out")) == 2
    listing.write_text("agency\n甲\n", encoding="utf-8")
    assert main(["collect", "--columns", str(listing), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("fazhi: ")
    assert main(["collect", "--columns", str(tmp_path / "none.csv"), "--out", str(tmp_path / "out")]) == 2
    listing.write_text(f"url\n{site.url('/plain/list.html')}\n", encoding="utf-8")
    assert main(["collect", "--columns", str(listing), "--out", str(tmp_path), "--delay", "-1"]) == 2
    assert "--delay must be 0 or more" in capsys.readouterr().err


def test_read_columns(tmp_path):
    from flows.crawl.crawl import ColumnsError

    good = tmp_path / "c.csv"
    good.write_text("url,agency,region_code,items\nhttp://a.gov.cn/fzzf/,嘉兴市司法局,330400,ul.list li\n"
                    "https://b.gov.cn/col/col1/index.html,,,\n", encoding="utf-8")
    cols = read_columns(good)
    assert (cols[0].agency, cols[0].region_code, cols[0].overrides) == ("嘉兴市司法局", "330400", {"items": "ul.list li"})
    assert cols[1].agency is None
    for text, message in [("agency\n甲\n", "url"), ("url,x\nhttp://a/,1\n", "unknown column"),
                          ("url\nftp://a/\n", "line 2"), ("url\nhttp://a/\nhttp://a/\n", "twice")]:
        bad = tmp_path / "bad.csv"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ColumnsError, match=message):
            read_columns(bad)


@pytest.mark.e2e
def test_collect_then_run_gives_every_report_its_url_and_agency(portal, tmp_path, server_env):
    portal.reset()
    listing = tmp_path / "columns.csv"
    listing.write_text("url,agency\n" + "".join(f"{portal.url(p)},{a}\n" for p, a in AGENCIES.items()), encoding="utf-8")
    out, db = tmp_path / "reports", tmp_path / "wh.duckdb"
    proc = cli(["collect", "--columns", str(listing), "--out", str(out), "--delay", "0"], env=server_env)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert "failures         2" in stdout
    rows = manifest(out)
    assert len(rows) == 10
    proc = cli(["run", "--source", str(out), "--db", str(db)], env=server_env)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr + stdout
    reports = query_dicts(db, "select source_file, url, agency, report_year, publish_date from export_reports")
    by_file = {r["source_file"]: r for r in reports}
    # one report, one row: every report of the manifest is in the warehouse with its address and agency
    expected = {(r["agency"], int(r["report_year"])) for r in rows}
    assert {(r["agency"], r["report_year"]) for r in reports} == expected
    for r in reports:
        given = next(m for m in rows if m["file"] == r["source_file"])
        assert r["url"] == given["url"] and r["agency"] == given["agency"]
        assert str(r["publish_date"]) == given["publish_date"]
    assert len(by_file) == len(reports)


@pytest.mark.e2e
def test_run_with_collect_crawls_then_loads_and_a_second_run_adds_nothing(portal, tmp_path, server_env):
    """`fazhi run --collect COLUMNS.csv`: the crawl is the flow's first step (the subflow fazhi-collect),
    into the --source folder; run again, the re-crawl brings nothing new and the warehouse is not written."""
    portal.reset()
    listing = tmp_path / "columns.csv"
    listing.write_text("url,agency\n" + "".join(f"{portal.url(p)},{a}\n" for p, a in AGENCIES.items()), encoding="utf-8")
    out, db = tmp_path / "collected", tmp_path / "wh.duckdb"
    args = ["run", "--collect", str(listing), "--collect-delay", "0", "--source", str(out), "--db", str(db)]
    proc = cli(args, env=server_env)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr + stdout
    assert "warning: collect: 2 pages could not be fetched or read" in stderr, stderr
    rows = manifest(out)
    reports = query_dicts(db, "select source_file, url, agency from export_reports")
    assert len(reports) == len(rows) == 10
    assert {(r["source_file"], r["url"], r["agency"]) for r in reports} == {
        (m["file"], m["url"], m["agency"]) for m in rows}
    proc = cli(args, env=server_env)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr + stdout
    assert "new / changed    0 / 0" in stdout and "(no changes, not written)" in stdout, stdout
    assert query_dicts(db, "select count(*) as n from export_reports") == [{"n": 10}]
    assert query_dicts(db, "select count(*) as n from meta_run") == [{"n": 1}]


@pytest.mark.parametrize("make, expected", [
    (lambda tmp: (tmp / "missing.csv", tmp / "out"), "no such file"),
    (lambda tmp: (tmp / "columns.csv", tmp / "list.urls"), "must be a folder"),
])
def test_run_with_collect_checks_its_column_list_and_folder_first(make, expected, tmp_path):
    (tmp_path / "columns.csv").write_text("url\nhttp://127.0.0.1:9/a/\n", encoding="utf-8")
    (tmp_path / "list.urls").write_text("http://127.0.0.1:9/a.html\n", encoding="utf-8")
    columns, source = make(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "run", "--collect", str(columns), "--source", str(source),
                           "--db", str(tmp_path / "wh.duckdb")], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and expected in proc.stderr, proc.stderr
    assert not (tmp_path / "wh.duckdb").exists()
