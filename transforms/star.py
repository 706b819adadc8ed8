"""Shape the frames of processed documents into the star-schema tables (pure).

Input: the concatenated frames of `transforms.pipeline`. Output: one frame per
warehouse table, with exactly the columns of its DDL in ``sql/tables``.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl

from transforms.indicators import OTHER
from transforms.regions import division_by_code, division_region
from transforms.rules import indicators, policy_terms, units

REQUIRED_SECTION_TYPES = ("measures", "shortcomings", "plans")
SECTION_TYPES = (
    ("measures", "主要举措和成效", True, "The year's main measures and results."),
    ("shortcomings", "存在的不足和原因", True, "Shortcomings and their causes."),
    ("leadership", "主要负责人履行第一责任人职责情况", False,
     "How the principal leaders fulfilled their duty as first responsible persons."),
    ("plans", "下一年度工作打算", True, "Next year's plans."),
    ("other", "其他", False, "Anything else."),
)


def agency_id(region_code: str | None, department_type: str | None, agency: str | None) -> str | None:
    """One identity per region and department type; the name itself when either is unknown."""
    if not agency:
        return None
    key = f"{region_code}|{department_type}" if region_code and department_type and department_type != "其他" else agency
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def report_measures(reports: pl.DataFrame, sections: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Per report: its agency id, number of facts and which required parts it has."""
    l1 = sections.filter(pl.col("level") == 1).group_by("report_id").agg(pl.col("section_type").alias("types"))
    n_facts = facts.group_by("report_id").agg(pl.len().cast(pl.Int32).alias("n_facts"))
    types = pl.col("types").fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))
    has = {t: types.list.contains(t).alias(f"has_{t}") for t in ("measures", "shortcomings", "leadership", "plans")}
    missing = pl.concat_list([pl.when(~types.list.contains(t)).then(pl.lit(t)) for t in REQUIRED_SECTION_TYPES])
    return (
        reports.join(l1, on="report_id", how="left")
        .join(n_facts, on="report_id", how="left")
        .with_columns(
            pl.struct("region_code", "department_type", "agency")
            .map_elements(lambda s: agency_id(s["region_code"], s["department_type"], s["agency"]), return_dtype=pl.Utf8)
            .alias("agency_id"),
            pl.col("n_facts").fill_null(0),
            *has.values(),
            missing.list.drop_nulls().list.join(",").alias("missing_parts"),
        )
        .with_columns(
            pl.all_horizontal(*(pl.col(f"has_{t}") for t in REQUIRED_SECTION_TYPES)).alias("is_complete"),
        )
    )


def dim_report(measures: pl.DataFrame, loaded_at: dt.datetime, source: str = "") -> pl.DataFrame:
    """dim_report rows from `report_measures`: metadata, completeness and load bookkeeping."""
    return measures.with_columns(
        pl.lit(source).alias("source"),
        pl.lit(True).alias("is_current"),
        pl.lit(loaded_at).alias("first_loaded_at"),
        pl.lit(loaded_at).alias("loaded_at"),
        pl.lit(None, dtype=pl.Datetime("us")).alias("removed_at"),
    ).select(
        "report_id", "source", "source_file", "url", "content_hash", "title",
        pl.col("agency").alias("agency_name"), "agency_id", "region_code", "admin_level",
        pl.col("report_year").cast(pl.Int32), "publish_date", "signed_date", "n_chars", "n_facts",
        "is_complete", "is_current", "first_loaded_at", "loaded_at", "removed_at",
    )


def fct_report(measures: pl.DataFrame) -> pl.DataFrame:
    """fct_report rows from `report_measures`: size, quantitative density, completeness and timeliness."""
    deadline = pl.date(pl.col("report_year") + 1, 4, 1)
    days = (pl.col("publish_date") - pl.col("deadline_on")).dt.total_days().cast(pl.Int32)
    return (
        measures
        .with_columns(deadline.alias("deadline_on"))
        .with_columns(
            (pl.col("n_facts") * 1000.0 / pl.max_horizontal(pl.col("n_chars"), pl.lit(1))).alias("facts_per_1000_chars"),
            days.alias("days_after_deadline"),
            (days <= 0).alias("is_on_time"),
            pl.when(pl.col("missing_parts") == "").then(None).otherwise(pl.col("missing_parts")).alias("missing_parts"),
        )
        .select(
            "report_id", "agency_id", "region_code", pl.col("report_year").cast(pl.Int32), "publish_date",
            "n_chars", "n_facts", "facts_per_1000_chars", "has_measures", "has_shortcomings", "has_leadership",
            "has_plans", "is_complete", "missing_parts", "deadline_on", "days_after_deadline", "is_on_time",
        )
    )


def dim_agency(reports: pl.DataFrame) -> pl.DataFrame:
    """dim_agency rows for the agencies of `reports`; the latest report year names the agency."""
    rows = {}
    ordered = reports.sort("report_year", nulls_last=False).iter_rows(named=True)
    for r in ordered:
        aid = agency_id(r["region_code"], r["department_type"], r["agency"])
        if aid:
            rows[aid] = {"agency_id": aid, "agency_name": r["agency"], "department_type": r["department_type"],
                         "admin_level": r["admin_level"], "region_code": r["region_code"]}
    schema = {"agency_id": pl.Utf8, "agency_name": pl.Utf8, "department_type": pl.Utf8,
              "admin_level": pl.Utf8, "region_code": pl.Utf8}
    return pl.DataFrame(list(rows.values()), schema=schema)


def dim_region(region_codes: list[str]) -> pl.DataFrame:
    """dim_region rows for the given codes and all their parents."""
    rows = {}
    todo = [c for c in region_codes if c]
    while todo:
        code = todo.pop()
        div = division_by_code(code)
        if div is None or code in rows:
            continue
        region = division_region(div)
        parent = None
        if region.level in ("district", "county"):
            parent = div.city_code if region.city else div.province_code
        elif region.level == "city":
            parent = div.province_code
        rows[code] = {"region_code": code, "region_name": div.name, "level": region.level,
                      "province": region.province, "city": region.city, "district": region.district,
                      "parent_code": parent}
        if parent:
            todo.append(parent)
    schema = {"region_code": pl.Utf8, "region_name": pl.Utf8, "level": pl.Utf8, "province": pl.Utf8,
              "city": pl.Utf8, "district": pl.Utf8, "parent_code": pl.Utf8}
    return pl.DataFrame(sorted(rows.values(), key=lambda r: r["region_code"]), schema=schema)


def dim_year(years: list[int]) -> pl.DataFrame:
    """dim_year rows: each report year and its 1 April deadline."""
    ys = sorted({int(y) for y in years if y is not None})
    return pl.DataFrame(
        {"report_year": ys, "deadline_on": [dt.date(y + 1, 4, 1) for y in ys]},
        schema={"report_year": pl.Int32, "deadline_on": pl.Date},
    )


def dim_indicator() -> pl.DataFrame:
    """dim_indicator rows: the taxonomy and `other`."""
    rows = [{"indicator_code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "kind": i.kind,
             "units": "|".join(i.units)} for i in indicators()]
    rows.append({"indicator_code": OTHER, "name_zh": "其他", "name_en": "Other", "kind": None, "units": ""})
    return pl.DataFrame(rows, schema={"indicator_code": pl.Utf8, "name_zh": pl.Utf8, "name_en": pl.Utf8,
                                      "kind": pl.Utf8, "units": pl.Utf8})


def dim_section_type() -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(("section_type", "name_zh", "is_required", "description"), row)) for row in SECTION_TYPES],
        schema={"section_type": pl.Utf8, "name_zh": pl.Utf8, "is_required": pl.Boolean, "description": pl.Utf8},
    )


def dim_unit() -> pl.DataFrame:
    """dim_unit rows: every unit of the rules with its kind and factor to the base unit."""
    return pl.DataFrame(
        [{"unit": u.unit, "kind": u.kind, "to_base": u.to_base} for u in units()] + [{"unit": "位", "kind": "rank", "to_base": 1.0}],
        schema={"unit": pl.Utf8, "kind": pl.Utf8, "to_base": pl.Float64},
    ).unique("unit", keep="first", maintain_order=True)


def dim_date(dates: list) -> pl.DataFrame:
    """dim_date rows for the given dates."""
    days = sorted({d for d in dates if d is not None})
    return pl.DataFrame({"date_day": days}, schema={"date_day": pl.Date}).with_columns(
        pl.col("date_day").dt.year().cast(pl.Int32).alias("year"),
        pl.col("date_day").dt.quarter().cast(pl.Int32).alias("quarter"),
        pl.col("date_day").dt.month().cast(pl.Int32).alias("month"),
        pl.col("date_day").dt.day().cast(pl.Int32).alias("day"),
        pl.col("date_day").dt.weekday().cast(pl.Int32).alias("weekday"),
    )


def dim_policy_term() -> pl.DataFrame:
    return pl.DataFrame(
        [{"term_code": t.code, "term": t.term, "category": t.category, "variants": "|".join(t.variants)}
         for t in policy_terms()],
        schema={"term_code": pl.Utf8, "term": pl.Utf8, "category": pl.Utf8, "variants": pl.Utf8},
    )


def fct_quantity(facts: pl.DataFrame) -> pl.DataFrame:
    return facts.select(
        "report_id", "fact_no", "section_ordinal", "l1_ordinal", pl.col("indicator").alias("indicator_code"),
        "value", "unit", "kind", "qualifier", "value_base", "subject", "surface", "sentence",
        "char_start", "char_end", "change_id", "role",
    )


def dim_section(sections: pl.DataFrame) -> pl.DataFrame:
    return sections.select(
        "report_id", "ordinal", "level", "number", "heading", "section_type", "l1_ordinal", "l1_section_type",
        "char_start", "char_end",
    )


def stg_document(reports: pl.DataFrame) -> pl.DataFrame:
    return reports.select("report_id", "source_file", "content_hash", "format", "encoding", "n_bytes", "text")
