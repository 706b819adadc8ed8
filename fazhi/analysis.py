"""Run the questions of ``sql/analysis`` with bound parameters, and export the views.

Parameters are set as DuckDB variables (`SET VARIABLE city = ?`, bound, never
pasted into SQL); the queries read them with `getvariable('city')`, so the same
files run in a plain `duckdb` shell after `SET VARIABLE city = '苏州市';`.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

ANALYSIS_DIR = Path(__file__).resolve().parent.parent / "sql" / "analysis"
PARAMETERS = ("indicator", "city", "agency", "year", "level", "term")
EXPORT_VIEWS = ("export_reports", "export_sections", "export_facts")


class AnalysisError(ValueError):
    """An unknown analysis or a missing required parameter."""


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


def run_analysis(db: str | Path, name: str, params: dict) -> pl.DataFrame:
    """Result of analysis `name` on the warehouse `db` (opened read-only) with `params` bound."""
    files = analyses()
    if name not in files:
        raise AnalysisError(f"unknown analysis {name!r}; one of: {', '.join(files)}")
    sql = files[name].read_text(encoding="utf-8")
    missing = [p for p in required(sql) if params.get(p) is None]
    if missing:
        raise AnalysisError(f"{name} needs --{' --'.join(missing)}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        for key in PARAMETERS:
            con.execute(f"set variable {key} = ?", [params.get(key)])
        return con.execute(sql).pl()
    finally:
        con.close()


def export_views(db: str | Path, out_dir: str | Path, fmt: str) -> list[Path]:
    """Write each export view to `out_dir` as parquet or csv; returns the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    written = []
    try:
        for view in EXPORT_VIEWS:
            frame = con.execute(f"select * from {view}").pl()
            path = out / f"{view}.{fmt}"
            if fmt == "parquet":
                frame.write_parquet(path)
            elif fmt == "csv":
                frame.write_csv(path)
            else:
                raise AnalysisError(f"unknown export format {fmt!r}: parquet or csv")
            written.append(path)
    finally:
        con.close()
    return written


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined into '|'-separated text, for formats that hold no nested data (CSV)."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(
        pl.col(name).list.eval(pl.element().cast(pl.Utf8)).list.join("|") for name in lists
    )
