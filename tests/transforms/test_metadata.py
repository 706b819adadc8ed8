"""Tests for transforms.metadata (docs/data-contract.md §2) and transforms.regions."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from transforms.metadata import extract_metadata, find_title, parse_date
from transforms.normalise import clean_lines, normalise
from transforms.regions import resolve_region

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
# Hand-made answers for the seeds, copied from ../shared/gold so the suite runs anywhere.
GOLD = ROOT / "tests" / "fixtures" / "gold"
SEEDS = sorted(RAW.glob("*.txt"))
GOLD_FIELDS = ["agency", "admin_level", "province", "city", "district", "region_code", "report_year",
               "publish_date", "signed_date", "title"]


def _metadata(raw: str):
    return extract_metadata(raw, normalise(raw))


def _as_gold(value):
    """A metadata value in the form the gold files write it (dates as ISO strings)."""
    return value.isoformat() if isinstance(value, dt.date) else value


# --- seeds against the gold -------------------------------------------------------------

SEED_FIELDS = [(seed, field) for seed in SEEDS for field in GOLD_FIELDS]


@pytest.mark.parametrize(("seed", "field"), SEED_FIELDS, ids=[f"{s.name[:3]}-{f}" for s, f in SEED_FIELDS])
def test_metadata_seed_field_matches_gold(seed, field):
    gold = json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))["metadata"]
    meta = _metadata(seed.read_text(encoding="utf-8"))
    assert _as_gold(getattr(meta, field)) == gold[field]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_metadata_seed_department_type_is_science_and_technology(seed):
    # docs/data-contract.md: the seeds are science-and-technology bureaus (科技局/科技厅/科技创新局).
    assert _metadata(seed.read_text(encoding="utf-8")).department_type == "科技"


# --- parse_date -------------------------------------------------------------------------

VALID_DATES = [
    ("2022-01-03", dt.date(2022, 1, 3)),  # 000 信息时间
    ("2024年02月20日", dt.date(2024, 2, 20)),  # 001 发布时间
    ("2020年12月17日", dt.date(2020, 12, 17)),  # 002
    ("2021年12月23日", dt.date(2021, 12, 23)),  # 000 signature
    ("二〇二一年十二月二十三日", dt.date(2021, 12, 23)),
    ("二〇二五年二月十二日", dt.date(2025, 2, 12)),
    ("2025 年 2 月 12 日", dt.date(2025, 2, 12)),
    ("2025/2/12", dt.date(2025, 2, 12)),
    ("2021.12.23", dt.date(2021, 12, 23)),
    ("20250212", dt.date(2025, 2, 12)),
    ("2024229", dt.date(2024, 2, 29)),  # leap year: 2-29 is the only valid split
]
COMPACT_DATES = [
    ("2025212", dt.date(2025, 2, 12)),  # 004 signature: 21-2 is no month, so 2-12
    ("2025112", None),  # 1-12 and 11-2 are both dates
    ("2025123", None),  # 1-23 and 12-3
    ("2025311", dt.date(2025, 3, 11)),
    ("2025229", None),  # not a leap year
]
INVALID_DATES = [
    ("2025-02-30", None),
    ("2023年13月1日", None),
    ("二〇二一年十二月三十二日", None),
    ("二〇二四年二月三十日", None),
    ("2021年12月", None),
    ("2021年", None),
    ("辽科党发〔2023〕13号", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), VALID_DATES + COMPACT_DATES + INVALID_DATES)
def test_metadata_parse_date(text, expected):
    assert parse_date(text) == expected


# --- find_title -------------------------------------------------------------------------

TITLES = [
    (["当前位置:首页>通知公告", "许昌市科学技术局2021年度法治建设工作情况汇报", "【信息来源:【信息时间:2022-01-03"],
     "许昌市科学技术局2021年度法治建设工作情况汇报"),  # 000
    (["网站首页>>信息公开>>年度报告", "关于2023年法治政府建设情况的报告", "发布时间:2024年02月20日"],
     "关于2023年法治政府建设情况的报告"),  # 001
    (["韶关市科学技术局", "韶关市科学技术局关于2021年度法治政府建设情况的报告"],
     "韶关市科学技术局关于2021年度法治政府建设情况的报告"),  # 003: agency line first
    (["您现在的位置:首页>政务公开>法治政府建设年度报告", "泉州市司法局2023年度依法行政工作报告"],
     "泉州市司法局2023年度依法行政工作报告"),  # a breadcrumb naming the report is not the title
    (["2021年,在市委、市政府的正确领导下,市科技局认真学习贯彻习近平法治思想,现将有关情况汇报如下:"], None),
    (["通知公告", "科技要闻"], None),
    ([], None),
]


@pytest.mark.parametrize(("lines", "expected"), TITLES)
def test_metadata_find_title(lines, expected):
    assert find_title(lines) == expected


# --- resolve_region ---------------------------------------------------------------------

REGIONS = [
    # (name, context, (code, level, province, city, district))
    ("深圳市龙岗区", "", ("440307", "district", "广东省", "深圳市", "龙岗区")),
    ("龙岗区", "", ("440307", "district", "广东省", "深圳市", "龙岗区")),
    ("辽宁省", "", ("210000", "province", "辽宁省", None, None)),
    ("许昌市", "", ("411000", "city", "河南省", "许昌市", None)),
    ("江苏省苏州市", "", ("320500", "city", "江苏省", "苏州市", None)),
    ("晋江市", "", ("350582", "county", "福建省", "泉州市", "晋江市")),
    ("长沙县", "", ("430121", "county", "湖南省", "长沙市", "长沙县")),
    ("达拉特旗", "", ("150621", "county", "内蒙古自治区", "鄂尔多斯市", "达拉特旗")),
    ("广西壮族自治区", "", ("450000", "province", "广西壮族自治区", None, None)),
    # 直辖市: province filled, city empty.
    ("北京市", "", ("110000", "province", "北京市", None, None)),
    ("北京市朝阳区", "", ("110105", "district", "北京市", None, "朝阳区")),
    ("重庆市万州区", "", ("500101", "district", "重庆市", None, "万州区")),
    # A shared district name is resolved by a parent in the name or in the report's text.
    ("长春市朝阳区", "", ("220104", "district", "吉林省", "长春市", "朝阳区")),
    ("朝阳区", "在长春市委、市政府的坚强领导下,区司法局认真学习贯彻习近平法治思想", ("220104", "district", "吉林省", "长春市", "朝阳区")),
    ("鼓楼区", "福州市鼓楼区人民政府办公室", ("350102", "district", "福建省", "福州市", "鼓楼区")),
    ("朝阳市", "", ("211300", "city", "辽宁省", "朝阳市", None)),
]
UNRESOLVED = [
    ("朝阳区", ""),
    ("鼓楼区", ""),
    ("朝阳区", "区司法局在区委、区政府的领导下认真学习贯彻习近平法治思想"),
    ("朝阳区", "北京市和长春市的经验"),  # both parents mentioned: still ambiguous
    ("省科技厅", ""),
    ("市科技局", ""),
    ("科技局", ""),
    ("", ""),
]


@pytest.mark.parametrize(("name", "context", "expected"), REGIONS)
def test_regions_resolve_region(name, context, expected):
    r = resolve_region(name, context)
    assert r is not None
    assert (r.code, r.level, r.province, r.city, r.district) == expected


@pytest.mark.parametrize(("name", "context"), UNRESOLVED)
def test_regions_resolve_region_unresolved(name, context):
    assert resolve_region(name, context) is None


@pytest.mark.parametrize(("name", "prefix"), [
    ("深圳市龙岗区科技创新局", "深圳市龙岗区"),
    ("龙岗区科技创新局", "龙岗区"),
    ("辽宁省科学技术厅", "辽宁省"),
    ("晋江市人民政府", "晋江市"),
    ("北京市朝阳区司法局", "北京市朝阳区"),
])
def test_regions_resolve_region_prefix_end(name, prefix):
    assert resolve_region(name).prefix_end == len(prefix)


# --- small reports of other departments ---------------------------------------------------

BODY = (
    "{year}年,{short}在市委、市政府的坚强领导下,深入学习贯彻习近平法治思想,全面落实法治政府建设各项任务,"
    "取得明显成效。现将有关情况报告如下:\n"
    "一、{year}年度推进法治政府建设的主要举措和成效\n"
    "(一)加强组织领导。全年召开专题会议6次,审查规范性文件12件。\n"
    "二、存在的不足和原因\n学法用法的深度还不够。\n"
    "三、下一年度推进法治政府建设的主要安排\n继续深化依法行政。\n"
)

REPORTS = {
    "city_justice": (
        "当前位置:首页 > 政务公开 > 法治政府建设\n"
        "泉州市司法局关于2023年度法治政府建设情况的报告\n"
        "发布时间:2024-01-26 09:30 来源:泉州市司法局 浏览次数:1024\n"
        + BODY.format(year=2023, short="市司法局")
        + "泉州市司法局\n2024年1月25日\n"
    ),
    "county_city_government": (
        "晋江市人民政府关于2022年法治政府建设工作情况的报告\n"
        "发布日期:2023年03月15日\n\n"
        + BODY.format(year=2022, short="市政府")
        + "晋江市人民政府\n2023年3月10日\n"
    ),
    "province_environment": (
        "湖南省生态环境厅2022年度法治政府建设情况报告\n"
        "发布时间:2023-02-28 10:00:00\n"
        + BODY.format(year=2022, short="省生态环境厅")
    ),
    "municipality_district_justice": (
        "北京市朝阳区司法局2023年法治政府建设年度情况报告\n"
        "发布日期:2024-03-29\n"
        + BODY.format(year=2023, short="区司法局")
    ),
    "county_education_no_date": (
        "长沙县教育局2023年度依法行政工作报告\n"
        + BODY.format(year=2023, short="县教育局")
    ),
    "shared_district_name_with_city_in_text": (
        "朝阳区生态环境局2023年法治政府建设年度报告\n"
        "发布时间:2024年02月05日\n"
        "2023年,区生态环境局在长春市生态环境局和朝阳区委、区政府的领导下,认真学习贯彻习近平法治思想,"
        "现将有关情况报告如下:\n一、主要举措和成效\n"
    ),
    "stale_page_clock": (
        "今天是:2019年10月31日 星期四\n"
        "许昌市教育局2018年度依法行政工作报告\n"
        + BODY.format(year=2018, short="市教育局")
    ),
    "stale_page_clock_then_publish_date": (
        "今天是:2019年10月31日 星期四\n"
        "许昌市教育局2018年度依法行政工作报告\n"
        "发布时间:2019-01-10\n"
        + BODY.format(year=2018, short="市教育局")
    ),
    "stale_current_time": (
        "当前时间:2019-10-31 10:21:05\n"
        "许昌市教育局2018年度依法行政工作报告\n"
        + BODY.format(year=2018, short="市教育局")
    ),
}

# (report, field, expected)
REPORT_FIELDS = [
    ("city_justice", "department_type", "司法"),
    ("city_justice", "admin_level", "city"),
    ("city_justice", "province", "福建省"),
    ("city_justice", "city", "泉州市"),
    ("city_justice", "district", None),
    ("city_justice", "region_code", "350500"),
    ("city_justice", "report_year", 2023),
    ("city_justice", "publish_date", dt.date(2024, 1, 26)),
    ("city_justice", "signed_date", dt.date(2024, 1, 25)),
    ("city_justice", "title", "泉州市司法局关于2023年度法治政府建设情况的报告"),
    ("county_city_government", "department_type", "人民政府"),
    ("county_city_government", "admin_level", "county"),
    ("county_city_government", "province", "福建省"),
    ("county_city_government", "city", "泉州市"),
    ("county_city_government", "district", "晋江市"),
    ("county_city_government", "region_code", "350582"),
    ("county_city_government", "report_year", 2022),
    ("county_city_government", "publish_date", dt.date(2023, 3, 15)),
    ("county_city_government", "signed_date", dt.date(2023, 3, 10)),
    ("province_environment", "department_type", "生态环境"),
    ("province_environment", "admin_level", "province"),
    ("province_environment", "province", "湖南省"),
    ("province_environment", "city", None),
    ("province_environment", "region_code", "430000"),
    ("province_environment", "report_year", 2022),
    ("province_environment", "publish_date", dt.date(2023, 2, 28)),
    ("municipality_district_justice", "department_type", "司法"),
    ("municipality_district_justice", "admin_level", "district"),
    ("municipality_district_justice", "province", "北京市"),
    ("municipality_district_justice", "city", None),
    ("municipality_district_justice", "district", "朝阳区"),
    ("municipality_district_justice", "region_code", "110105"),
    ("municipality_district_justice", "report_year", 2023),
    ("municipality_district_justice", "publish_date", dt.date(2024, 3, 29)),
    ("county_education_no_date", "department_type", "教育"),
    ("county_education_no_date", "admin_level", "county"),
    ("county_education_no_date", "city", "长沙市"),
    ("county_education_no_date", "region_code", "430121"),
    ("county_education_no_date", "report_year", 2023),
    ("county_education_no_date", "publish_date", None),
    ("county_education_no_date", "signed_date", None),
    ("shared_district_name_with_city_in_text", "admin_level", "district"),
    ("shared_district_name_with_city_in_text", "province", "吉林省"),
    ("shared_district_name_with_city_in_text", "city", "长春市"),
    ("shared_district_name_with_city_in_text", "region_code", "220104"),
    ("shared_district_name_with_city_in_text", "publish_date", dt.date(2024, 2, 5)),
    ("stale_page_clock", "publish_date", None),
    ("stale_page_clock", "report_year", 2018),
    ("stale_page_clock_then_publish_date", "publish_date", dt.date(2019, 1, 10)),
    ("stale_current_time", "publish_date", None),
]


@pytest.mark.parametrize(("report", "field", "expected"), REPORT_FIELDS,
                         ids=[f"{r}-{f}" for r, f, _ in REPORT_FIELDS])
def test_metadata_other_department_report_field(report, field, expected):
    assert getattr(_metadata(REPORTS[report]), field) == expected


AGENCIES = [
    ("city_justice", "泉州市司法局"),
    ("province_environment", "湖南省生态环境厅"),
    ("municipality_district_justice", "北京市朝阳区司法局"),
    ("shared_district_name_with_city_in_text", "长春市朝阳区生态环境局"),
    ("stale_page_clock", "许昌市教育局"),
    # Issue 3: district and county agencies carry their city prefix, county-level cities included.
    ("county_city_government", "泉州市晋江市人民政府"),
]


@pytest.mark.parametrize(("report", "expected"), AGENCIES)
def test_metadata_other_department_report_agency(report, expected):
    assert _metadata(REPORTS[report]).agency == expected


def test_metadata_region_not_guessed_for_ambiguous_district():
    raw = ("朝阳区生态环境局2023年法治政府建设年度报告\n发布时间:2024年02月05日\n"
           "2023年,区生态环境局在区委、区政府的领导下,认真学习贯彻习近平法治思想,现将有关情况报告如下:\n")
    meta = _metadata(raw)
    # Which 朝阳区 (北京, 长春) is not told; that it is a district is.
    assert (meta.agency, meta.province, meta.city, meta.region_code, meta.admin_level) == (None, None, None, None,
                                                                                          "district")


def test_metadata_nothing_guessed_without_agency_name():
    raw = "关于2023年度法治政府建设情况的报告\n" + BODY.format(year=2023, short="我局")
    meta = _metadata(raw)
    assert meta.report_year == 2023
    assert (meta.agency, meta.region_code, meta.publish_date, meta.signed_date) == (None, None, None, None)


def test_metadata_reads_furniture_lines_that_normalise_drops():
    # The 发布时间 line is page furniture for the body text but the only source of publish_date.
    raw = REPORTS["city_justice"]
    assert "发布时间" not in normalise(raw)
    assert any(line.startswith("发布时间") for line in clean_lines(raw))
    assert _metadata(raw).publish_date == dt.date(2024, 1, 26)
