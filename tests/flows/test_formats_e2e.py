"""End to end: the real flow on the seeds as every format, from every kind of source, with bad inputs."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from flows.etl import etl_flow
from tests.conftest import GOLD, RAW
from tests.helpers import query_dicts as _rows
from tests.make_files import encode_text, make_docx, make_html, make_image_pdf, make_pdf
from tests.transforms.test_readers import PAGE_META, seed_body, seed_raw

pytestmark = pytest.mark.e2e

SEEDS = sorted(p.name for p in RAW.glob("*.txt"))
FIELDS = ["agency", "admin_level", "province", "city", "district", "region_code", "report_year",
          "publish_date", "signed_date", "title"]
FORMATS = {
    "txt": lambda n: (f"{n[:-4]}.txt", (RAW / n).read_bytes()),
    "gbk": lambda n: (f"{n[:-4]}.txt", encode_text(seed_raw(n), "gbk")),
    "utf16": lambda n: (f"{n[:-4]}.txt", encode_text(seed_raw(n), "utf-16")),
    "html": lambda n: (f"{n[:-4]}.html", make_html(seed_body(n), *PAGE_META[n[:3]])),
    "pdf": lambda n: (f"{n[:-4]}.pdf", make_pdf(seed_raw(n))),
    "docx": lambda n: (f"{n[:-4]}.docx", make_docx(seed_raw(n))),
}


def _gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def format_warehouse(prefect_harness, tmp_path_factory):
    src = tmp_path_factory.mktemp("formats")
    for fmt, build in FORMATS.items():
        (src / fmt).mkdir()
        for name in SEEDS:
            filename, data = build(name)
            (src / fmt / filename).write_bytes(data)
    bad = src / "bad"
    bad.mkdir()
    pdf = make_pdf(seed_raw(SEEDS[0]))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(os.urandom(8192))
    (bad / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (bad / "scanned.pdf").write_bytes(make_image_pdf())
    (bad / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    notice = (
        "各区县人民政府,市政府各部门:\n"
        "根据国务院办公厅关于2024年部分节假日安排的通知精神,经市政府同意,现将端午节放假安排通知如下。"
        "6月10日放假,与周末连休,共3天。节假日期间,各单位要妥善安排好值班和安全保卫等工作。\n"
        "遇有重大突发事件,要按规定及时报告并妥善处置,确保人民群众祥和平安度过节日假期。"
        "各单位要严格落实中央八项规定精神,坚决纠治四风,严禁公款吃喝、公款旅游和违规发放津贴补贴。\n"
        "请各单位提前做好节前安全检查,排查消除各类安全隐患,加强对重点场所和人员密集区域的巡查。"
        "交通运输部门要做好节日期间旅客运输组织工作,保障群众出行安全顺畅,做好应急预案和物资准备。"
    )
    (bad / "notice.html").write_bytes(make_html(notice, "关于端午节放假安排的通知", "2024-06-01", "市政府办公室"))
    with open(bad / "huge.txt", "wb") as fh:
        fh.truncate(50_000_001)
    db = tmp_path_factory.mktemp("wh") / "formats.duckdb"
    summary = etl_flow(source=str(src), db=str(db), batch_size=7)
    return db, summary


def test_formats_every_good_file_loads(format_warehouse):
    _, summary = format_warehouse
    assert summary["reports"] == len(SEEDS) * len(FORMATS)
    assert summary["quarantined"] == 7


def test_formats_one_report_in_six_formats_is_one_row(format_warehouse):
    """A text, a page, a PDF and a Word file of one report are the same report found again: one row each."""
    db, _ = format_warehouse
    rows = _rows(db, "select source_file from export_reports")
    assert sorted(r["source_file"].split("/")[1].rsplit(".", 1)[0] for r in rows) == [n[:-4] for n in SEEDS]
    copies = _rows(db, "select count(*) as n from dim_report where is_current and duplicate_of is not null")
    assert copies[0]["n"] == len(SEEDS) * (len(FORMATS) - 1)


_BY_FORMAT: dict[str, Path] = {}


@pytest.fixture()
def format_alone(prefect_harness, tmp_path_factory):
    """The warehouse of the five seeds in one format only (in one warehouse, the formats are copies)."""
    def build(fmt: str) -> Path:
        if fmt not in _BY_FORMAT:
            src = tmp_path_factory.mktemp(f"only-{fmt}")
            for name in SEEDS:
                filename, data = FORMATS[fmt](name)
                (src / filename).write_bytes(data)
            db = tmp_path_factory.mktemp("wh") / f"{fmt}.duckdb"
            etl_flow(source=str(src), db=str(db))
            _BY_FORMAT[fmt] = db
        return _BY_FORMAT[fmt]
    return build


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_formats_metadata_matches_gold(format_alone, fmt):
    db = format_alone(fmt)
    rows = _rows(db, "select * from export_reports")
    assert len(rows) == len(SEEDS)
    wrong = []
    for row in rows:
        gold = _gold(row["source_file"].rsplit(".", 1)[0])["metadata"]
        for field in FIELDS:
            got = row[field].isoformat() if isinstance(row[field], dt.date) else row[field]
            if field in gold and got != gold[field]:
                wrong.append((row["source_file"], field, gold[field], got))
    assert wrong == []


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_formats_facts_match_gold(format_alone, fmt):
    db = format_alone(fmt)
    got = {(r["source_file"].rsplit(".", 1)[0], r["value"], r["unit"])
           for r in _rows(db, "select source_file, value, unit from export_facts")}
    want = {(stem, float(f["value"]), f["unit"]) for stem in (n[:-4] for n in SEEDS) for f in _gold(stem)["facts"]}
    assert got == want


def test_formats_bad_inputs_quarantined_with_reasons(format_warehouse):
    db, _ = format_warehouse
    reasons = {r["source_file"]: (r["stage"], r["reason"]) for r in _rows(db, "select * from stg_quarantine")}
    expected = {
        "bad/empty.txt": ("read", "empty"),
        "bad/junk.txt": ("read", "binary content"),
        "bad/truncated.pdf": ("read", "corrupt or truncated PDF"),
        "bad/scanned.pdf": ("read", "no text layer"),
        "bad/legacy.doc": ("read", ".doc"),
        "bad/notice.html": ("validate", "not a report on law-based government"),
        "bad/huge.txt": ("fetch", "file too large"),
    }
    assert set(reasons) == set(expected)
    for name, (stage, words) in expected.items():
        assert reasons[name][0] == stage and words in reasons[name][1], (name, reasons[name])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_formats_url_list_source_through_the_flow(prefect_harness, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    for name in SEEDS[:2]:
        filename, data = FORMATS["html"](name)
        (site / filename).write_bytes(data)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        listing = tmp_path / "reports.urls"
        urls = [f"{base}/{n[:-4]}.html" for n in SEEDS[:2]] + [f"{base}/gone.html"]
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        monkeypatch.chdir(tmp_path)  # the download cache lives under ./data/cache
        db = tmp_path / "urls.duckdb"
        summary = etl_flow(source=str(listing), db=str(db))
    finally:
        server.shutdown()
        server.server_close()
    assert summary["reports"] == 2 and summary["quarantined"] == 1
    rows = _rows(db, "select source_file, agency, url from export_reports order by 1")
    assert [r["source_file"] for r in rows] == urls[:2] and [r["url"] for r in rows] == urls[:2]
    assert rows[0]["agency"] == _gold(SEEDS[0][:-4])["metadata"]["agency"]
    [q] = _rows(db, "select * from stg_quarantine")
    assert q["source_file"] == urls[2] and q["stage"] == "fetch" and "HTTP 404" in q["reason"]
    assert any((tmp_path / "data" / "cache").iterdir())


def test_formats_fsspec_source_through_the_flow(prefect_harness, tmp_path):
    import fsspec

    fs = fsspec.filesystem("memory")
    for name in SEEDS:
        filename, data = FORMATS["docx"](name)
        fs.pipe(f"/fazhi-test/reports/{filename}", data)
    db = tmp_path / "fsspec.duckdb"
    summary = etl_flow(source="memory://fazhi-test/reports", db=str(db))
    assert summary["reports"] == len(SEEDS) and summary["quarantined"] == 0
    rows = _rows(db, "select source_file, region_code from export_reports order by 1")
    assert [r["region_code"] for r in rows] == [_gold(n[:-4])["metadata"]["region_code"] for n in SEEDS]
