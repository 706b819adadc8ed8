"""Star-schema shaping: agency identity across names and years, regions with their parents, year deadlines."""
from __future__ import annotations

import datetime as dt

import polars as pl

from transforms import star
from transforms.metadata import extract_metadata


def _agency(title: str) -> dict:
    meta = extract_metadata(title + "\n2023年,本局坚持依法行政。", title)
    return meta.as_dict()


def test_star_agency_identity_survives_abbreviation_and_renaming():
    names = ["许昌市科技局2021年度法治政府建设情况报告", "许昌市科学技术局2022年度法治政府建设情况报告",
             "许昌市科委2023年度法治政府建设情况报告"]
    metas = [_agency(n) for n in names]
    ids = {star.agency_id(m["agency_key"], m["agency"]) for m in metas}
    assert len(ids) == 1
    assert {m["department_type"] for m in metas} == {"科技"}


def test_star_different_departments_of_one_city_are_different_agencies():
    a = _agency("许昌市司法局2023年度法治政府建设情况报告")
    b = _agency("许昌市教育局2023年度法治政府建设情况报告")
    assert (a["department_type"], b["department_type"]) == ("司法", "教育")
    assert star.agency_id(a["agency_key"], a["agency"]) != star.agency_id(b["agency_key"], b["agency"])


def test_star_dim_agency_named_by_latest_report():
    reports = pl.DataFrame({
        "agency": ["许昌市科学技术局", "许昌市科学技术委员会"],
        "agency_key": ["411000|科技", "411000|科技"],
        "department_type": ["科技", "科技"],
        "admin_level": ["city", "city"],
        "region_code": ["411000", "411000"],
        "report_year": [2023, 2019],
    })
    dim = star.dim_agency(reports)
    assert dim.height == 1 and dim["agency_name"][0] == "许昌市科学技术局"


def test_star_dim_region_includes_parents():
    dim = star.dim_region(["440307"])
    assert dim.select("region_code", "level", "parent_code").rows() == [
        ("440000", "province", None), ("440300", "city", "440000"), ("440307", "district", "440300")]


def test_star_dim_year_deadline_is_first_april_next_year():
    assert star.dim_year([2023, 2021, 2023, None]).rows() == [(2021, dt.date(2022, 4, 1)), (2023, dt.date(2024, 4, 1))]


def test_star_dim_unit_holds_the_units_of_a_traditional_page():
    """Facts of a page in traditional characters give the unit as written (條, 個工作日), and fct_quantity.unit
    joins dim_unit: each such spelling is there with the kind and factor of its simplified unit."""
    from transforms.facts import extract_facts
    from transforms.rules import units_by_name
    from transforms.script import to_simplified

    text = ("區司法局全年審查規範性文件10條、合同5項,辦理時限由20個工作日壓縮至5個工作日,"
            "開展講座3場(次),罰沒款1.2萬元,設立服務站點3個。")
    facts = extract_facts(text).filter(pl.col("kind") != "rank")
    assert {"條", "項", "個工作日", "場次", "萬元", "個"} <= set(facts["unit"])
    dim = {u: (k, b) for u, k, b in star.dim_unit().iter_rows()}
    for unit, kind in facts.select("unit", "kind").iter_rows():
        assert dim[unit] == (kind, units_by_name()[to_simplified(unit)].to_base)
