"""The report's data: every frame it shows, from the sql/analysis questions on the reports the filters select."""
from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from fazhi.analysis import analysis_frame, check_parameters, connect

FILTERS = ("city", "agency", "year", "level")
MAX_INDICATORS = 9      # indicator trend panels: the indicators with most facts


def filtered_connection(db: str | Path, filters: dict) -> duckdb.DuckDBPyConnection:
    """The warehouse read-only, with `current_report` narrowed to the reports the filters select (every
    analysis and export view reads it, so every chart sees the same reports)."""
    con = connect(db)
    try:
        check_parameters(con, filters)
        catalog = con.execute("select current_database()").fetchone()[0].replace('"', '""')
        con.execute(f"""
            create temp view current_report as
            select r.* from "{catalog}".main.current_report as r
            left join "{catalog}".main.dim_region as g on g.region_code = r.region_code
            where ($year::integer is null or r.report_year = $year::integer)
              and ($level::varchar is null or r.admin_level = $level::varchar)
              and ($agency::varchar is null or contains(r.agency_name, $agency::varchar))
              and ($city::varchar is null or g.city = $city::varchar or g.province = $city::varchar)
        """.replace("$year", _literal(filters.get("year"))).replace("$level", _literal(filters.get("level")))
            .replace("$agency", _literal(filters.get("agency"))).replace("$city", _literal(filters.get("city"))))
        return con
    except BaseException:
        con.close()
        raise


def _literal(value) -> str:
    """A SQL literal (views cannot hold bound parameters): NULL, an integer, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def collect(con: duckdb.DuckDBPyConnection, filters: dict, max_reports: int) -> dict:
    """Every frame the report shows, from the analyses and the export views."""
    params = {k: filters.get(k) for k in FILTERS}
    data = {name: analysis_frame(con, name, params) for name in
            ("report_status", "timeliness", "completeness_by_year", "coverage", "quantitative_density")}
    data["terms"] = analysis_frame(con, "policy_term_trends", {"level": params["level"]})
    top = con.execute("""
        select f.indicator_code, i.name_zh, count(*) as n
        from fct_quantity as f
        join current_report as r on r.report_id = f.report_id
        join dim_indicator as i on i.indicator_code = f.indicator_code
        where f.indicator_code <> 'other'
        group by all order by n desc, f.indicator_code limit ?""", [MAX_INDICATORS]).fetchall()
    trends, changes = [], []
    for code, name, _ in top:
        frame = analysis_frame(con, "indicator_by_agency_year", {**params, "indicator": code})
        trends.append(frame.with_columns(pl.lit(name).alias("indicator_name")))
        yoy = analysis_frame(con, "indicator_yoy_change", {"indicator": code, "city": params["city"]})
        changes.append(yoy.with_columns(pl.lit(name).alias("indicator_name")))
    data["indicator_trends"] = pl.concat(trends, how="diagonal_relaxed") if trends else pl.DataFrame()
    data["indicator_changes"] = pl.concat(changes, how="diagonal_relaxed") if changes else pl.DataFrame()
    data["n_facts"] = con.execute(
        "select count(*) from fct_quantity f join current_report r using (report_id)").fetchone()[0]
    pages = con.execute("""
        select r.report_id, r.source_file from current_report as r
        order by r.report_year desc nulls last, r.agency_name, r.source_file limit ?""", [max_reports]).fetchall()
    ids = [p[0] for p in pages]
    data["pages"] = con.execute("select * from export_reports where source_file in (select unnest(?))",
                                [[p[1] for p in pages]]).pl()
    data["page_sections"] = con.execute("""
        select r.source_file, s.level, s.ordinal, s.heading, s.section_type
        from dim_section as s join dim_report as r using (report_id)
        where s.report_id in (select unnest(?)) order by r.source_file, s.ordinal""", [ids]).pl()
    data["page_facts"] = con.execute("""
        select r.source_file, f.fact_no, f.value, f.unit, f.kind, f.qualifier, f.value_base, f.subject,
               f.indicator_code, i.name_zh as indicator_name, f.surface, f.sentence, f.role
        from fct_quantity as f join dim_report as r using (report_id)
        left join dim_indicator as i using (indicator_code)
        where f.report_id in (select unnest(?)) order by r.source_file, f.fact_no""", [ids]).pl()
    return data
