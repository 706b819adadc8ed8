"""Run the questions of ``sql/analysis`` with bound parameters, and export the views.

Parameters are set as DuckDB variables (`SET VARIABLE city = ?`, bound, never
pasted into SQL); the queries read them with `getvariable('city')`, so the same
files run in a plain `duckdb` shell after `SET VARIABLE city = '苏州市';`.
"""
from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import duckdb
import polars as pl

ANALYSIS_DIR = Path(str(files("fazhi.sql"))) / "analysis"
PARAMETERS = ("indicator", "city", "agency", "year", "level", "term", "columns")
EXPORT_VIEWS = ("export_reports", "export_sections", "export_facts")


class AnalysisError(ValueError):
    """An unknown analysis or a missing required parameter."""


class UnknownValueError(AnalysisError):
    """A parameter names something the warehouse does not hold; the message lists the closest names."""


# Per parameter: the values the warehouse knows, and how to list them.
_KNOWN = {
    "indicator": ("select indicator_code from dim_indicator", "fazhi indicators"),
    "term": ("select term_code from dim_policy_term union select term from dim_policy_term", "fazhi terms"),
    "city": ("select province from dim_region where province is not null "
             "union select city from dim_region where city is not null", "fazhi query coverage"),
}


def _closest(value: str, known: list[str], n: int = 5) -> list[str]:
    import difflib

    close = difflib.get_close_matches(value, known, n=n, cutoff=0.3)
    return close or [k for k in known if value in k or k in value][:n]


def check_parameters(con: duckdb.DuckDBPyConnection, params: dict) -> None:
    """Raise UnknownValueError for an indicator, term or city (or agency) the warehouse has never seen."""
    for key, (sql, lister) in _KNOWN.items():
        value = params.get(key)
        if value is None:
            continue
        known = sorted(r[0] for r in con.execute(sql).fetchall())
        if value not in known:
            close = _closest(value, known)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise UnknownValueError(f"unknown --{key} {value!r}{hint} (`{lister}` lists them)")
    columns = params.get("columns")
    if columns is not None and not Path(columns).is_file():
        raise AnalysisError(f"--columns {columns}: no such file (the CSV of column URLs given to `fazhi collect`)")
    agency = params.get("agency")
    if agency is not None:
        # Any name an agency has had (dim_agency_name): a trend can be asked for by a former name.
        names = sorted({r[0] for r in con.execute("select agency_name from dim_agency union "
                                                  "select agency_name from dim_agency_name").fetchall() if r[0]})
        if not any(agency in n for n in names):
            close = _closest(agency, names)
            raise UnknownValueError(f"no agency name contains {agency!r}"
                                    + (f"; closest: {', '.join(close)}" if close else ""))


def analyses() -> dict[str, Path]:
    return {p.stem: p for p in sorted(ANALYSIS_DIR.glob("*.sql"))}


def describe(name: str) -> str:
    """The question an analysis answers (its leading `-- question:` comment, continuation lines included)."""
    parts = []
    for line in analyses()[name].read_text(encoding="utf-8").splitlines():
        if not line.startswith("--") or (parts and line.startswith(("-- parameters", "-- required"))):
            break
        parts.append(line.removeprefix("--").removeprefix(" question:").strip())
    return " ".join(parts)


def required(sql: str) -> list[str]:
    m = re.search(r"^-- required:\s*(.+)$", sql, re.M)
    return [p.strip() for p in m.group(1).split(",")] if m else []


def connect(db: str | Path) -> duckdb.DuckDBPyConnection:
    """The warehouse `db` opened read-only, or an AnalysisError saying why it cannot be."""
    from fazhi.checks import warehouse_file_problem

    if not Path(db).exists():
        raise AnalysisError(f"no warehouse at {db}: run `fazhi run` first, or give --db")
    problem = warehouse_file_problem(db)
    if problem:
        raise AnalysisError(problem)
    return duckdb.connect(str(db), read_only=True)


def listing(db: str | Path, what: str) -> pl.DataFrame:
    """The indicators or policy terms with their labels and how often the warehouse holds them."""
    sql = {
        "indicators": """
            select i.indicator_code, i.name_zh, i.name_en, i.kind, count(f.indicator_code) as n_facts
            from dim_indicator as i left join fct_quantity as f using (indicator_code)
            group by all order by n_facts desc, i.indicator_code""",
        "terms": """
            select t.term_code, t.term, t.category, coalesce(sum(m.n_mentions), 0)::bigint as n_mentions,
                   count(distinct m.report_id) as n_reports
            from dim_policy_term as t left join fct_term_mention as m using (term_code)
            group by all order by n_mentions desc, t.term_code""",
    }[what]
    con = connect(db)
    try:
        return con.execute(sql).pl()
    finally:
        con.close()


def run_analysis(db: str | Path, name: str, params: dict) -> pl.DataFrame:
    """Result of analysis `name` on the warehouse `db` (opened read-only) with `params` bound."""
    con = connect(db)
    try:
        return analysis_frame(con, name, params)
    finally:
        con.close()


def analysis_frame(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pl.DataFrame:
    """Result of analysis `name` on an open connection, its parameters checked and bound."""
    files = analyses()
    if name not in files:
        raise AnalysisError(f"unknown analysis {name!r}; one of: {', '.join(files)}")
    sql = files[name].read_text(encoding="utf-8")
    missing = [p for p in required(sql) if params.get(p) is None]
    if missing:
        raise AnalysisError(f"{name} needs --{' --'.join(missing)}")
    check_parameters(con, params)
    for key in PARAMETERS:
        con.execute(f"set variable {key} = ?", [params.get(key)])
    return con.execute(sql).pl()


def parameters_used(name: str) -> list[str]:
    """The parameters analysis `name` reads (its getvariable calls), in PARAMETERS order."""
    sql = analyses()[name].read_text(encoding="utf-8")
    return [p for p in PARAMETERS if f"getvariable('{p}')" in sql]


# Per filter: does the warehouse hold any current report it matches, and what values it does hold.
_MATCHES = {
    "year": ("select count(*) from current_report where report_year = ?",
             "select distinct report_year::varchar from current_report where report_year is not null"),
    "level": ("select count(*) from current_report where admin_level = ?",
              "select distinct admin_level from current_report where admin_level is not null"),
    "city": ("select count(*) from current_report r join dim_region g using (region_code) "
             "where g.city = ? or g.province = ?", None),
    "agency": ("select count(*) from current_report where contains(agency_name, ?)", None),
    "indicator": ("select count(*) from fct_quantity f join current_report r using (report_id) "
                  "where f.indicator_code = ?", None),
    "term": ("select count(*) from fct_term_mention m join dim_policy_term t using (term_code) "
             "join current_report r using (report_id) where t.term_code = ? or t.term = ?", None),
}


def explain_empty(db: str | Path, name: str, params: dict) -> str:
    """Why analysis `name` returned no rows: the filter that matches nothing, or the filters that
    match only apart, or an empty warehouse."""
    con = connect(db)
    try:
        if not con.execute("select count(*) from current_report").fetchone()[0]:
            return "no rows: the warehouse holds no reports (run `fazhi run` first)"
        given = {k: params[k] for k in parameters_used(name) if params.get(k) is not None}
        for key, value in given.items():
            if key not in _MATCHES:
                continue
            sql, values_sql = _MATCHES[key]
            args = [value] * sql.count("?")
            if con.execute(sql, args).fetchone()[0] == 0:
                what = {"indicator": "no fact of indicator", "term": "no report uses the term"}.get(key)
                line = (f"no rows: {what} {value!r}" if what
                        else f"no rows: --{key} {value} matches no report")
                if values_sql:
                    held = sorted(r[0] for r in con.execute(values_sql).fetchall())
                    line += f" (the warehouse holds {key} {', '.join(held)})"
                return line
        given = {k: v for k, v in given.items() if k in _MATCHES}
        if len(given) > 1:
            flags = " ".join(f"--{k} {v}" for k, v in given.items())
            return f"no rows: each of {flags} matches reports, but no report matches them all together"
        return "no rows"
    finally:
        con.close()


EXPORT_FORMATS = ("parquet", "csv", "xlsx")
BOM = "\ufeff"


def view_comments(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str, str]]:
    """(column, type, comment) of a view, from DuckDB's catalog (the COMMENTs of sql/views)."""
    return con.execute(
        "select column_name, data_type, coalesce(comment, '') from duckdb_columns() "
        "where table_name = ? and schema_name = 'main' order by column_index", [view]).fetchall()


def export_views(db: str | Path, out_dir: str | Path, fmt: str, bom: bool = True) -> list[Path]:
    """Write each export view to `out_dir`: a parquet or csv file per view, or one xlsx workbook
    with a sheet per view and a README sheet of column descriptions. CSV starts with a UTF-8
    byte-order mark unless `bom` is false, so that Excel on Chinese Windows reads it as UTF-8.
    Returns the files written."""
    from fazhi.output import flatten_lists

    if fmt not in EXPORT_FORMATS:
        raise AnalysisError(f"unknown export format {fmt!r}: one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out_dir)
    con = connect(db)
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        frames = {view: con.execute(f"select * from {view}").pl() for view in EXPORT_VIEWS}
        if fmt == "xlsx":
            path = out / "fazhi_export.xlsx"
            _write_workbook(path, frames, {view: view_comments(con, view) for view in EXPORT_VIEWS})
            return [path]
        for view, frame in frames.items():
            path = out / f"{view}.{fmt}"
            if fmt == "parquet":
                frame.write_parquet(path)
            else:
                text = flatten_lists(frame).write_csv()
                path.write_text((BOM if bom else "") + text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise AnalysisError(f"cannot write the export into {out}: {exc.strerror or exc}") from None
    finally:
        con.close()
    return written


def _write_workbook(path: Path, frames: dict[str, pl.DataFrame], comments: dict[str, list]) -> None:
    """One sheet per view (header row frozen, column comments as cell notes) and a README sheet."""
    import xlsxwriter

    from fazhi.output import flatten_lists

    book = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    try:
        bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        readme = book.add_worksheet("README")
        readme.set_column(0, 0, 18)
        readme.set_column(1, 1, 20)
        readme.set_column(2, 2, 12)
        readme.set_column(3, 3, 90, wrap)
        readme.write(0, 0, "fazhi export: one sheet per view of the warehouse; this sheet describes their columns.")
        for col, name in enumerate(("sheet", "column", "type", "meaning")):
            readme.write(2, col, name, bold)
        row = 3
        for view, cols in comments.items():
            for name, dtype, comment in cols:
                readme.write_row(row, 0, [view, name, dtype, comment])
                row += 1
        for view, frame in frames.items():
            frame = flatten_lists(frame)
            sheet = book.add_worksheet(view)
            notes = {name: comment for name, _, comment in comments[view]}
            for col, name in enumerate(frame.columns):
                sheet.write(0, col, name, bold)
                if notes.get(name):
                    sheet.write_comment(0, col, notes[name], {"x_scale": 2, "y_scale": 1.5})
                width = max([len(name)] + [len(str(v)) for v in frame[name].head(200).to_list() if v is not None])
                sheet.set_column(col, col, min(max(width * 1.6, 8), 60))
            for r, values in enumerate(frame.iter_rows(), start=1):
                for col, value in enumerate(values):
                    if value is None:
                        continue
                    if hasattr(value, "year") and not isinstance(value, str):
                        sheet.write_datetime(r, col, value, date)
                    else:
                        sheet.write(r, col, value)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(frame.height, 1), max(len(frame.columns) - 1, 0))
    finally:
        book.close()
