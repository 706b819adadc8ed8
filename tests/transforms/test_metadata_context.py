"""Metadata from a page's context (tests/cases/metadata_cases.py), site addresses, manifests and the url column."""
from __future__ import annotations

import datetime as dt

import pytest

from flows.sources import LocalFolder, ManifestError, parse_manifest
from tests.cases.metadata_cases import METADATA_CASES
from transforms.metadata import Metadata, apply_given, extract_metadata
from transforms.normalise import normalise
from transforms.regions import division_by_code, resolve_region, short_name
from transforms.sites import site_hint


def _value(meta: Metadata, field: str):
    value = getattr(meta, field)
    return value.isoformat() if isinstance(value, dt.date) else value


CASE_FIELDS = [(i, field, expected) for i, (_, _, _, fields) in enumerate(METADATA_CASES)
               for field, expected in fields.items()]


@pytest.mark.parametrize(("i", "field", "expected"), CASE_FIELDS,
                         ids=[f"{METADATA_CASES[i][0]}-{i}-{f}" for i, f, _ in CASE_FIELDS])
def test_metadata_context_case(i, field, expected):
    _, text, url, _ = METADATA_CASES[i]
    assert _value(extract_metadata(text, normalise(text), url=url), field) == expected


SITES = [
    ("http://www.linan.gov.cn/art/1.html", ["临安区"], None),
    ("http://kj.hangzhou.gov.cn/art/1.html", ["杭州市"], "科学技术局"),
    ("http://kjj.cq.gov.cn/zwxx/1.html", ["重庆市"], "科学技术局"),
    ("https://cqjlp.gov.cn/zwgk/qsfj_65443/1.html", ["九龙坡区"], "司法局"),
    ("http://www.tjjh.gov.cn/x/1.html", ["静海区"], None),
    ("http://www.gdyunan.gov.cn/x/1.html", ["云安区", "郁南县"], None),  # both read yunan: the text's 县/区 decides
    ("http://yncxym.gov.cn/info/1.htm", ["元谋县"], None),
    ("http://www.jmsqjq.gov.cn/e/1.php", ["前进区"], None),
    ("http://www.luhe.gov.cn/swlhmzj/1.html", ["陆河县"], "民政局"),  # 陆河 of 汕尾, not 南京's 六合: the path says so
    ("http://sfj.wuhan.gov.cn/zfxxgk/1.shtml", ["武汉市"], "司法局"),
    ("https://www.example.com/kjj/1.html", [], None),                # not a government site
    ("http://cgjd.org.cn/show-1.html", [], None),
    ("", [], None),
]


@pytest.mark.parametrize(("url", "regions", "department"), SITES, ids=[s[0][:40] or "empty" for s in SITES])
def test_sites_host_and_path(url, regions, department):
    hint = site_hint(url)
    assert [division_by_code(c).name for c in hint.regions] == regions
    assert hint.department == department


@pytest.mark.parametrize(("name", "short"), [("恩施土家族苗族自治州", "恩施"), ("石柱土家族自治县", "石柱"),
                                             ("新疆维吾尔自治区", "新疆"), ("内蒙古自治区", "内蒙古"), ("渠县", "渠县"),
                                             ("临安区", "临安"), ("北京市", "北京")])
def test_regions_short_name(name, short):
    assert short_name(name) == short


def test_regions_updates_replace_old_divisions():
    # A former division stays readable (reports of 2016 name 临安市) and points at the one that replaced it.
    assert resolve_region("临安区").code == "330112" and resolve_region("临安市").code == "330185"
    assert division_by_code("330185").successor == "330112" and not division_by_code("330185").current
    assert resolve_region("武隆区").code == "500156"
    assert resolve_region("公主岭市").city == "长春市"


# ---------------------------------------------------------------- manifest.csv of a folder source

GOOD_MANIFEST = "\ufefffile,url,agency,report_year,publish_date,title\na.txt,https://kj.hangzhou.gov.cn/a.html,,2023,2024-03-01,\n"
BAD_MANIFESTS = [
    ("url,agency\nhttp://x.gov.cn/a,\n", "the first line must name the columns, `file` among them"),
    ("file,link\na.txt,http://x\n", "unknown column 'link'"),
    ("file,url\na.txt,ftp://x.gov.cn/a\n", "line 2: url 'ftp://x.gov.cn/a' is not an http(s) address"),
    ("file,report_year\na.txt,last year\n", "line 2: report_year 'last year' is not a year"),
    ("file,publish_date\na.txt,2024-13-45\n", "line 2: publish_date '2024-13-45' is not a date"),
    ("file,url\na.txt,http://a.gov.cn/1,extra\n", "line 2: more fields than columns"),
    ("file,url\na.txt,http://a.gov.cn/1\na.txt,http://a.gov.cn/2\n", "line 3: a.txt is listed twice"),
]


def test_manifest_parsed():
    rows = parse_manifest(GOOD_MANIFEST)
    assert rows == {"a.txt": {"url": "https://kj.hangzhou.gov.cn/a.html", "report_year": 2023,
                              "publish_date": "2024-03-01"}}


@pytest.mark.parametrize(("text", "message"), BAD_MANIFESTS, ids=[m[1][:30] for m in BAD_MANIFESTS])
def test_manifest_malformed_is_a_clear_error(text, message, tmp_path):
    (tmp_path / "manifest.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match="manifest.csv") as err:
        LocalFolder(tmp_path).list()
    assert message in str(err.value)


def test_manifest_row_of_a_missing_file_is_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,url\na.txt,http://a.gov.cn/1\ngone.txt,http://a.gov.cn/2\n")
    folder = LocalFolder(tmp_path)
    names = folder.list()
    assert names == ["a.txt"] and folder.describe("a.txt") == {"url": "http://a.gov.cn/1", "given": {}}
    assert folder.manifest_warnings(names) == [f"manifest.csv names gone.txt, which is not in {tmp_path}"]


def test_given_values_win_over_read_ones():
    text = f"2023年,市科技局{METADATA_CASES[0][1][8:]}"
    meta = apply_given(extract_metadata(text, normalise(text)),
                       {"agency": "苏州市科技局", "report_year": 2022, "publish_date": "2023-03-31", "title": "T"})
    assert (meta.agency, meta.region_code, meta.report_year, meta.publish_date, meta.title) == (
        "苏州市科学技术局", "320500", 2022, dt.date(2023, 3, 31), "T")


def test_page_fields_of_the_reader_are_read():
    """What the reader found on the page (`Extracted`: <title>/meta title, publish date, 来源) is read with the text."""
    from transforms.readers import Extracted

    text = "2023年，我局坚持以习近平法治思想为指导，深入推进依法行政，法治政府建设取得新成效。现将有关情况报告如下。"
    page = Extracted(text=text, fmt="html", title="苏州市科技局2023年度法治政府建设情况报告",
                     publish_date="2024-02-20", source="苏州市科学技术局")
    meta = extract_metadata(text, normalise(text), page)
    assert (meta.title, meta.agency, meta.region_code, meta.report_year, meta.publish_date) == (
        "苏州市科技局2023年度法治政府建设情况报告", "苏州市科学技术局", "320500", 2023, dt.date(2024, 2, 20))
    bare = extract_metadata(text, normalise(text), Extracted(text=text, fmt="text"))
    assert (bare.title, bare.agency, bare.publish_date) == (None, None, None)
