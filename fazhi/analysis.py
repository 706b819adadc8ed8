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
PARAMETERS = ("indicator", "city", "agency", "year", "level", "term")
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
    agency = params.get("agency")
    if agency is not None:
        names = sorted({r[0] for r in con.execute("select agency_name from dim_agency").fetchall() if r[0]})
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
    files = analyses()
    if name not in files:
        raise AnalysisError(f"unknown analysis {name!r}; one of: {', '.join(files)}")
    sql = files[name].read_text(encoding="utf-8")
    missing = [p for p in required(sql) if params.get(p) is None]
    if missing:
        raise AnalysisError(f"{name} needs --{' --'.join(missing)}")
    con = connect(db)
    try:
        check_parameters(con, params)
        for key in PARAMETERS:
            con.execute(f"set variable {key} = ?", [params.get(key)])
        return con.execute(sql).pl()
    finally:
        con.close()


def export_views(db: str | Path, out_dir: str | Path, fmt: str) -> list[Path]:
    """Write each export view to `out_dir` as parquet or csv; returns the files written."""
    if fmt not in ("parquet", "csv"):
        raise AnalysisError(f"unknown export format {fmt!r}: parquet or csv")
    out = Path(out_dir)
    con = connect(db)
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for view in EXPORT_VIEWS:
            frame = con.execute(f"select * from {view}").pl()
            path = out / f"{view}.{fmt}"
            if fmt == "parquet":
                frame.write_parquet(path)
            else:
                frame.write_csv(path)
            written.append(path)
    except OSError as exc:
        raise AnalysisError(f"cannot write the export into {out}: {exc.strerror or exc}") from None
    finally:
        con.close()
    return written


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined into '|'-separated text, for formats that hold no nested data (CSV)."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(
        pl.col(name).list.eval(pl.element().cast(pl.Utf8)).list.join("|") for name in lists
    )
