"""Shape the frames of processed documents into the star-schema tables (pure).

Input: the frames of `transforms.pipeline` (one batch, or several concatenated). Output: one
frame per warehouse table, with exactly the columns and types `transforms.schema` declares.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

import polars as pl

from transforms.dedup import bands
from transforms.indicators import OTHER
from transforms.regions import division_by_code, division_region
from transforms.rules import indicators, policy_terms, required_section_types, section_types, units
from transforms.schema import conform, table
from transforms.script import traditional_spellings

if TYPE_CHECKING:
    from transforms.pipeline import BatchResult

# A report on year Y is due by 1 April of Y + 1 (法治政府建设与责任落实督察工作规定).
DEADLINE_MONTH, DEADLINE_DAY = 4, 1
# The parts that get a has_<part> column in fct_report (measures, shortcomings, leadership, plans).
PARTS = tuple(c.name.removeprefix("has_") for c in table("fct_report").columns if c.name.startswith("has_"))


def deadline_on(report_year: int) -> dt.date:
    """The day by which the report on `report_year` must be published."""
    return dt.date(report_year + 1, DEADLINE_MONTH, DEADLINE_DAY)


def agency_id(agency_key: str | None, agency: str | None) -> str | None:
    """One identity per agency across its names and years: its key (region + kind of department, a
    township's code: transforms/metadata/issuers.py), else its name; None without either.

    >>> agency_id("330100|科技", "杭州市科学技术局") == agency_id("330100|科技", "杭州市科学技术委员会")
    True
    """
    if not agency:
        return None
    return hashlib.sha1((agency_key or agency).encode("utf-8")).hexdigest()[:12]


def report_rollup(reports: pl.DataFrame, sections: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Per report: its agency id, number of facts and which required parts it has."""
    l1 = sections.filter(pl.col("level") == 1).group_by("report_id").agg(pl.col("section_type").alias("types"))
    n_facts = facts.group_by("report_id").agg(pl.len().cast(pl.Int32).alias("n_facts"))
    types = pl.col("types").fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))
    has = {t: types.list.contains(t).alias(f"has_{t}") for t in PARTS}
    missing = pl.concat_list([pl.when(~types.list.contains(t)).then(pl.lit(t)) for t in required_section_types()])
    return (
        reports.join(l1, on="report_id", how="left")
        .join(n_facts, on="report_id", how="left")
        .with_columns(
            pl.struct("agency_key", "agency")
            .map_elements(lambda s: agency_id(s["agency_key"], s["agency"]), return_dtype=pl.Utf8)
            .alias("agency_id"),
            pl.col("n_facts").fill_null(0),
            *has.values(),
            missing.list.drop_nulls().list.join(",").alias("missing_parts"),
        )
        .with_columns(
            pl.all_horizontal(*(pl.col(f"has_{t}") for t in required_section_types())).alias("is_complete"),
        )
    )


def dim_report(rollup: pl.DataFrame, loaded_at: dt.datetime, source: str = "") -> pl.DataFrame:
    """dim_report rows from `report_rollup`: metadata, completeness and load bookkeeping."""
    return conform("dim_report", rollup.with_columns(
        pl.lit(source).alias("source"),
        pl.col("agency").alias("agency_name"),
        pl.lit(True).alias("is_current"),
        pl.lit(None, dtype=pl.Utf8).alias("duplicate_of"),
        pl.lit(loaded_at).alias("first_loaded_at"),
        pl.lit(loaded_at).alias("loaded_at"),
        pl.lit(None, dtype=pl.Datetime("us")).alias("removed_at"),
    ))


def fct_report(rollup: pl.DataFrame) -> pl.DataFrame:
    """fct_report rows from `report_rollup`: size, quantitative density, completeness and timeliness."""
    deadline = pl.date(pl.col("report_year") + 1, DEADLINE_MONTH, DEADLINE_DAY)
    days = (pl.col("publish_date") - pl.col("deadline_on")).dt.total_days().cast(pl.Int32)
    return conform("fct_report", rollup
        .with_columns(deadline.alias("deadline_on"))
        .with_columns(
            (pl.col("n_facts") * 1000.0 / pl.max_horizontal(pl.col("n_chars"), pl.lit(1))).alias("facts_per_1000_chars"),
            days.alias("days_after_deadline"),
            (days <= 0).alias("is_on_time"),
            pl.when(pl.col("missing_parts") == "").then(None).otherwise(pl.col("missing_parts")).alias("missing_parts"),
        ))


def dim_agency(reports: pl.DataFrame) -> pl.DataFrame:
    """dim_agency rows for the agencies of `reports`; the latest report year names the agency."""
    rows = {}
    ordered = reports.sort("report_year", nulls_last=False).iter_rows(named=True)
    for r in ordered:
        aid = agency_id(r["agency_key"], r["agency"])
        if aid and r["agency"]:
            rows[aid] = {"agency_id": aid, "agency_key": r["agency_key"], "agency_name": r["agency"],
                         "department_type": r["department_type"],
                         "admin_level": r["admin_level"], "region_code": r["region_code"]}
    return pl.DataFrame(list(rows.values()), schema=table("dim_agency").polars_schema)


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
    return pl.DataFrame(sorted(rows.values(), key=lambda r: r["region_code"]), schema=table("dim_region").polars_schema)


def dim_year(years: list[int]) -> pl.DataFrame:
    """dim_year rows: each report year and its 1 April deadline."""
    ys = sorted({int(y) for y in years if y is not None})
    return pl.DataFrame({"report_year": ys, "deadline_on": [deadline_on(y) for y in ys]},
                        schema=table("dim_year").polars_schema)


def dim_indicator() -> pl.DataFrame:
    """dim_indicator rows: the taxonomy and `other`."""
    rows = [{"indicator_code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "kind": i.kind,
             "units": "|".join(i.units)} for i in indicators()]
    rows.append({"indicator_code": OTHER, "name_zh": "其他", "name_en": "Other", "kind": None, "units": ""})
    return pl.DataFrame(rows, schema=table("dim_indicator").polars_schema)


def dim_section_type() -> pl.DataFrame:
    """dim_section_type rows: the section types of data/rules/section_types.csv, in a report's order."""
    return pl.DataFrame(
        [{"section_type": t.code, "name_zh": t.name_zh, "is_required": t.is_required, "description": t.description}
         for t in sorted(section_types(), key=lambda t: t.part_no)],
        schema=table("dim_section_type").polars_schema,
    )


def dim_unit() -> pl.DataFrame:
    """dim_unit rows: every unit of the rules with its kind and factor to the base unit, also as pages in
    traditional characters write it (條, 個工作日: facts give the unit as written)."""
    return pl.DataFrame(
        [{"unit": spelling, "kind": u.kind, "to_base": u.to_base}
         for u in units() for spelling in (u.unit, *traditional_spellings(u.unit))]
        + [{"unit": "位", "kind": "rank", "to_base": 1.0}],
        schema=table("dim_unit").polars_schema,
    ).unique("unit", keep="first", maintain_order=True)


def dim_date(dates: list) -> pl.DataFrame:
    """dim_date rows for the given dates."""
    days = sorted({d for d in dates if d is not None})
    return conform("dim_date", pl.DataFrame({"date_day": days}, schema={"date_day": pl.Date}).with_columns(
        pl.col("date_day").dt.year().cast(pl.Int32).alias("year"),
        pl.col("date_day").dt.quarter().cast(pl.Int32).alias("quarter"),
        pl.col("date_day").dt.month().cast(pl.Int32).alias("month"),
        pl.col("date_day").dt.day().cast(pl.Int32).alias("day"),
        pl.col("date_day").dt.weekday().cast(pl.Int32).alias("weekday"),
    ))


def dim_policy_term() -> pl.DataFrame:
    return pl.DataFrame(
        [{"term_code": t.code, "term": t.term, "category": t.category, "variants": "|".join(t.variants)}
         for t in policy_terms()],
        schema=table("dim_policy_term").polars_schema,
    )


def fct_quantity(facts: pl.DataFrame) -> pl.DataFrame:
    return conform("fct_quantity", facts)


def dim_section(sections: pl.DataFrame) -> pl.DataFrame:
    return conform("dim_section", sections)


def stg_document(reports: pl.DataFrame) -> pl.DataFrame:
    return conform("stg_document", reports)


def fct_term_mention(terms: pl.DataFrame) -> pl.DataFrame:
    return conform("fct_term_mention", terms)


def stg_report_signature(reports: pl.DataFrame) -> pl.DataFrame:
    """The bands of each report's MinHash signature (transforms.dedup), one row per report and band."""
    rows = [{"report_id": rid, "band_no": band, "band_hash": digest, "minhash": values}
            for rid, sig in zip(reports["report_id"], reports["minhash"], strict=True) if sig is not None
            for band, digest, values in bands(sig.to_numpy() if hasattr(sig, "to_numpy") else sig)]
    return pl.DataFrame(rows, schema=table("stg_report_signature").polars_schema)


def fct_report_term(terms: pl.DataFrame) -> pl.DataFrame:
    """fct_term_mention summed per report and term (questions on reports using a term read 3x fewer rows)."""
    return conform("fct_report_term", terms.group_by("report_id", "term_code", maintain_order=True).agg(
        pl.col("n_mentions").sum().cast(pl.Int32), pl.len().cast(pl.Int32).alias("n_sections")))


def report_tables(reports: pl.DataFrame, sections: pl.DataFrame, facts: pl.DataFrame, terms: pl.DataFrame,
                  loaded_at: dt.datetime, source: str = "") -> dict[str, pl.DataFrame]:
    """The tables keyed by report (a report's rows depend on that report alone): one batch's, or a run's."""
    rollup = report_rollup(reports, sections, facts)
    return {
        "stg_document": stg_document(reports),
        "dim_report": dim_report(rollup, loaded_at, source),
        "dim_section": dim_section(sections),
        "fct_quantity": fct_quantity(facts),
        "fct_term_mention": fct_term_mention(terms),
        "fct_report_term": fct_report_term(terms),
        "fct_report": fct_report(rollup),
        "stg_report_signature": stg_report_signature(reports),
    }


# The columns of the report frame that run_tables reads (with source_file, which the flow counts): all a
# spooled batch keeps of its reports until the publish step, so that the run holds little per document.
RUN_TABLE_COLUMNS = ("source_file", "agency", "agency_key", "department_type", "admin_level", "region_code", "report_year",
                     "publish_date", "signed_date")


def run_tables(reports: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The dimensions a run's reports name (regions, agencies, years, dates) and the rule tables.

    `reports` needs only the RUN_TABLE_COLUMNS."""
    return {
        "dim_region": dim_region(reports["region_code"].drop_nulls().unique().to_list()),
        "dim_agency": dim_agency(reports),
        "dim_year": dim_year(reports["report_year"].to_list()),
        "dim_date": dim_date(reports["publish_date"].to_list() + reports["signed_date"].to_list()),
        "dim_indicator": dim_indicator(),
        "dim_section_type": dim_section_type(),
        "dim_unit": dim_unit(),
        "dim_policy_term": dim_policy_term(),
    }


def build_tables(results: list[BatchResult], loaded_at: dt.datetime,
                 source: str = "") -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Every table of batches held in memory (tests, tools), and their quarantine frame."""
    def concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
        return pl.concat(frames, how="vertical")

    reports = concat([r.reports for r in results])
    tables = report_tables(reports, concat([r.sections for r in results]), concat([r.facts for r in results]),
                           concat([r.terms for r in results]), loaded_at, source)
    return {**run_tables(reports), **tables}, concat([r.quarantine for r in results])
