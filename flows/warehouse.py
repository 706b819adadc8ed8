"""DuckDB side of the flow: apply the DDL in ``sql/`` and load frames in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
# Tables keyed by report: a reloaded report replaces exactly its own rows.
REPORT_TABLES = ("fct_quantity", "dim_section", "dim_report", "stg_document")


@dataclass
class LoadStats:
    reports: int
    sections: int
    facts: int
    quarantined: int


def ddl_statements() -> list[str]:
    """The DDL scripts, tables first then views, in file-name order."""
    files = sorted((SQL_DIR / "tables").glob("*.sql")) + sorted((SQL_DIR / "views").glob("*.sql"))
    return [f.read_text(encoding="utf-8") for f in files]


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    for script in ddl_statements():
        con.execute(script)


def load_tables(db_path: str | Path, tables: dict[str, pl.DataFrame], quarantine: pl.DataFrame,
                run_at: dt.datetime) -> LoadStats:
    """Replace the rows of the loaded reports, upsert dimensions and the quarantine, all or nothing."""
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("begin transaction")
        apply_ddl(con)
        report_ids = tables["dim_report"].select("report_id")
        con.register("loaded_ids", report_ids.to_arrow())
        for name in REPORT_TABLES:
            con.execute(f"delete from {name} where report_id in (select report_id from loaded_ids)")
        for name in ("dim_indicator", "dim_section_type"):
            con.execute(f"delete from {name}")
        for name, frame in tables.items():
            con.register(f"new_{name}", frame.to_arrow())
            verb = "insert or replace" if name in ("dim_region", "dim_agency", "dim_year") else "insert"
            con.execute(f"{verb} into {name} by name select * from new_{name}")
            con.unregister(f"new_{name}")
        con.register("new_quarantine", quarantine.with_columns(pl.lit(run_at).alias("seen")).to_arrow())
        con.execute("delete from stg_quarantine where source_file in (select source_file from dim_report)")
        con.execute(
            """
            insert into stg_quarantine by name
            select q.source_file, q.content_hash, q.stage, q.reason,
                   coalesce(old.first_seen, q.seen) as first_seen, q.seen as last_seen
            from new_quarantine as q
            left join stg_quarantine as old on old.source_file = q.source_file
            on conflict (source_file) do update set
                content_hash = excluded.content_hash, stage = excluded.stage,
                reason = excluded.reason, last_seen = excluded.last_seen
            """
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.close()
    return LoadStats(
        reports=tables["dim_report"].height,
        sections=tables["dim_section"].height,
        facts=tables["fct_quantity"].height,
        quarantined=quarantine.height,
    )
