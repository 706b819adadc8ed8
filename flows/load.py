"""The load: a run's rows written into the open transaction on the warehouse's copy (flows.warehouse
publishes the copy). What it does with each table follows from the table's role in transforms/schema.py.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import duckdb
import numpy as np
import polars as pl

from transforms import dedup
from transforms.rules import fingerprint
from transforms.schema import TABLES, tables_of

# What the load does with each table follows from its role (transforms/schema.py): tables keyed by
# report are spooled by the batches and a reloaded report replaces exactly its own rows; dimensions
# are upserted; rule tables are rebuilt whole from data/rules.
REPORT_TABLES = tables_of("report")
RULE_TABLES = tables_of("rule")
UPSERT_TABLES = tables_of("dimension")


@dataclass
class LoadStats:
    reports: int
    sections: int
    facts: int
    quarantined: int


# DuckDB's memory while it loads a run (it spills beyond this to a folder beside the copy). Without a
# limit it keeps a large load's uncommitted rows in memory: 450 MB for 20,000 reports. The process
# grows by more than the limit (DuckDB's own structures and its allocator): with 128 MB by 310-440 MB
# at 20,000 and at 100,000 reports alike; with 256 MB by 430 and 580 MB; 64 MB saves 50-110 MB and
# 32 MB failed (benchmarks/bench_publish.py, results/publish-memory-2026-11-24.json).
LOAD_MEMORY_ENV = "FAZHI_LOAD_MEMORY"
DEFAULT_LOAD_MEMORY = "128MB"


def load_memory_limit() -> str:
    """DuckDB's memory_limit for the load: FAZHI_LOAD_MEMORY (e.g. 1GB), else 256MB."""
    return os.environ.get(LOAD_MEMORY_ENV, "").strip() or DEFAULT_LOAD_MEMORY


def _fazhi_version() -> str:
    """The installed fazhi's version (pyproject.toml), recorded in meta_schema."""
    try:
        return version("fazhi")
    except PackageNotFoundError:
        return "0+unknown"


def height(table) -> int:
    if isinstance(table, pl.DataFrame):
        return table.height
    return pl.scan_parquet(table).select(pl.len()).collect().item() if table else 0


# Parquet parts one insert reads. DuckDB reads the files of one statement in parallel and buffers them
# to keep their order: at a thousand parts (100,000 documents in batches of 100) that alone outgrew the
# load's memory limit (with or without indexes), while a few parts at a time loaded it.
PARTS_PER_INSERT = 16


def relations(con: duckdb.DuckDBPyConnection, name: str, table) -> list[str]:
    """Names to select `table` from, in order: a registered Arrow table (a frame), or read_parquet of
    its parts, a few at a time."""
    if isinstance(table, pl.DataFrame):
        con.register(f"new_{name}", table.to_arrow())
        return [f"new_{name}"]
    quoted = ["'" + str(p).replace("'", "''") + "'" for p in table]
    return [f"read_parquet([{', '.join(quoted[i:i + PARTS_PER_INSERT])}], union_by_name = true)"
            for i in range(0, len(quoted), PARTS_PER_INSERT)]


def _upsert_quarantine(con: duckdb.DuckDBPyConnection, quarantine: pl.DataFrame, run_at: dt.datetime) -> None:
    con.register("new_quarantine", quarantine.with_columns(pl.lit(run_at).alias("seen")).to_arrow())
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


class KeyViolation(RuntimeError):
    """A load would write two rows with the same key into a table whose key is not indexed."""


def check_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Raise KeyViolation when the rows of the reports being loaded repeat a key of a table without a
    PRIMARY KEY index (transforms/schema.py: key_indexed=False). Every such key starts with report_id,
    and the reports' old rows were deleted first, so only the loaded reports' rows need checking."""
    for t in TABLES:
        if t.key_indexed or not t.key:
            continue
        assert t.key[0] == "report_id", t.name
        key = ", ".join(t.key)
        dup = con.execute(f"select {key}, count(*) from {t.name} "
                          "where report_id in (select report_id from loaded_ids) "
                          f"group by {key} having count(*) > 1 limit 1").fetchone()
        if dup:
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(t.key, dup[:-1], strict=True))
            raise KeyViolation(f"{t.name}: {dup[-1]} rows with the same key ({shown}); nothing was loaded")


def write_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame], quarantine: pl.DataFrame,
                 removed: list[str], source: str, run: dict, rebuild: bool, schema_version: int) -> None:
    """The run's rows into the open transaction of `con`: a reloaded report's old rows replaced, rule
    tables rebuilt, dimensions upserted, removed files no longer current, duplicates marked, the
    quarantine, meta_schema and meta_run written."""
    run_at = run["started_at"]
    con.execute("create temp table loaded_ids (report_id varchar)")
    for ids in relations(con, "dim_report", tables["dim_report"]):
        con.execute(f"insert into loaded_ids select report_id from {ids}")
    # A reloaded report keeps the time it was first loaded.
    con.execute("create temp table first_loaded as select report_id, first_loaded_at from dim_report "
                "where report_id in (select report_id from loaded_ids)")
    for name in REPORT_TABLES:
        con.execute(f"delete from {name} where report_id in (select report_id from loaded_ids)")
    for name in RULE_TABLES:
        con.execute(f"delete from {name}")
    for name, table in tables.items():
        verb = "insert or replace" if name in UPSERT_TABLES else "insert"
        for relation in relations(con, name, table):
            con.execute(f"{verb} into {name} by name select * from {relation}")
            if relation == f"new_{name}":
                con.unregister(relation)
    check_keys(con)
    # An agency is named as in its latest report, whichever run loaded that one.
    con.execute("""
        update dim_agency set agency_name = latest.agency_name
        from (select agency_id, arg_max(agency_name, coalesce(report_year, 0)) as agency_name
              from dim_report where is_current and agency_id is not null group by agency_id) as latest
        where dim_agency.agency_id = latest.agency_id and dim_agency.agency_name <> latest.agency_name""")
    con.execute("update dim_report set first_loaded_at = f.first_loaded_at from first_loaded f "
                "where dim_report.report_id = f.report_id")
    if removed:
        con.register("removed_files", pl.DataFrame({"source_file": removed}).to_arrow())
        con.execute("update dim_report set is_current = false, removed_at = ? "
                    "where source = ? and source_file in (select source_file from removed_files) and is_current",
                    [run_at, source])
    mark_duplicates(con)
    con.execute("delete from stg_quarantine where source_file in "
                "(select source_file from dim_report where loaded_at = ?)", [run_at])
    _upsert_quarantine(con, quarantine, run_at)
    con.execute("delete from meta_schema")
    con.execute("insert into meta_schema values (?, ?, ?, ?)",
                [schema_version, fingerprint(), _fazhi_version(), run.get("built_at") or run_at])
    row = {k: v for k, v in run.items() if k != "built_at"}
    con.register("new_run", pl.DataFrame([{**row, "finished_at": dt.datetime.now(), "is_rebuild": rebuild}]).to_arrow())
    con.execute("insert into meta_run by name select * from new_run")


def mark_duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Mark the same report found again (transforms/dedup.py) among the current reports: every group that
    a report loaded now (or a copy whose kept version is gone) belongs to is decided again, and all but
    the version kept get duplicate_of. Returns the number of reports marked.

    The pairs that share a band stay in DuckDB and are compared as arrays: reports written from one
    template share bands by the hundred thousand (460,000 pairs among 12,000 synthetic reports, none a
    copy), and as Python tuples and dicts those were the largest part of a large load's memory."""
    involved = {r[0] for r in con.execute(
        "select report_id from loaded_ids union select d.report_id from dim_report d "
        "join dim_report k on k.report_id = d.duplicate_of where not k.is_current").fetchall()}
    if not involved:
        return 0
    con.register("involved_ids", pl.DataFrame({"report_id": sorted(involved)}).to_arrow())
    con.execute("""
        create or replace temp table dup_candidates as
        select distinct least(a.report_id, b.report_id) as a, greatest(a.report_id, b.report_id) as b
        from stg_report_signature as a
        join stg_report_signature as b
          on a.band_no = b.band_no and a.band_hash = b.band_hash and a.report_id <> b.report_id
        join dim_report as ra on ra.report_id = a.report_id and ra.is_current
        join dim_report as rb on rb.report_id = b.report_id and rb.is_current
        where a.report_id in (select report_id from involved_ids)""")
    # A group is decided whole: the reports an involved one was already grouped with come too.
    linked = con.execute("""
        select report_id, duplicate_of from dim_report
        where is_current and duplicate_of is not null
          and (report_id in (select report_id from involved_ids) or duplicate_of in (select report_id from involved_ids)
               or duplicate_of in (select duplicate_of from dim_report where report_id in (select report_id from involved_ids)))
        """).fetchall()
    con.execute("""
        create or replace temp table dup_reports as
        select row_number() over (order by r.report_id) - 1 as ix, r.report_id, r.report_year, r.agency_id,
               flatten(list(s.minhash order by s.band_no)) as sig
        from dim_report r join stg_report_signature s using (report_id)
        where r.report_id in (select a from dup_candidates union select b from dup_candidates)
        group by r.report_id, r.report_year, r.agency_id""")
    same = _similar_pairs(con)
    decided = sorted({x for pair in linked for x in pair if x}
                     | {r[0] for r in con.execute("select report_id from dup_reports").fetchall()})
    if not decided:
        return 0
    con.register("decided_ids", pl.DataFrame({"report_id": decided}).to_arrow())
    con.execute("update dim_report set duplicate_of = null where report_id in (select report_id from decided_ids)")
    marks = []
    if same:
        con.register("same_ids", pl.DataFrame({"report_id": sorted({x for pair in same for x in pair})}).to_arrow())
        rows = {r["report_id"]: r for r in con.execute("""
            select report_id, report_year, agency_id, url, publish_date, n_chars, first_loaded_at from dim_report
            where report_id in (select report_id from same_ids)""").pl().to_dicts()}
        for group in dedup.groups(same):
            kept = min((rows[r] for r in group), key=dedup.keep_order)["report_id"]
            marks += [(r, kept) for r in group if r != kept]
    if marks:
        con.register("marks", pl.DataFrame(marks, schema={"report_id": pl.Utf8, "kept": pl.Utf8}, orient="row").to_arrow())
        con.execute("update dim_report set duplicate_of = m.kept from marks m where dim_report.report_id = m.report_id")
    return len(marks)


# Candidate pairs compared at once (each pair costs two signatures of NUM_PERM values while compared).
PAIRS_PER_CHUNK = 200_000


def _similar_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """The pairs of dup_candidates that are one report (dedup.compatible, dedup.similarity at least
    DUPLICATE_SIMILARITY), as (report_id, report_id), from the signatures of dup_reports."""
    reports = con.execute("select ix, report_id, report_year, agency_id, sig from dup_reports order by ix").pl()
    if reports.is_empty():
        return []
    ids = reports["report_id"].to_list()
    widths = reports["sig"].list.len().unique().to_list()
    # Every signature has NUM_PERM values; a warehouse of other signatures is compared one pair at a time.
    width = widths[0] if len(widths) == 1 else None
    sigs = reports["sig"].list.to_array(width).to_numpy() if width else reports["sig"].to_list()
    year = reports["report_year"].fill_null(-1).to_numpy()
    agency = reports["agency_id"].cast(pl.Categorical).to_physical().cast(pl.Int64).fill_null(-1).to_numpy()
    pairs = con.execute("""
        select ra.ix as ia, rb.ix as ib from dup_candidates c
        join dup_reports ra on ra.report_id = c.a join dup_reports rb on rb.report_id = c.b
        order by ia, ib""").fetchnumpy()
    out: list[tuple[str, str]] = []
    for lo in range(0, len(pairs["ia"]), PAIRS_PER_CHUNK):
        ia = np.asarray(pairs["ia"][lo:lo + PAIRS_PER_CHUNK], dtype=np.int64)
        ib = np.asarray(pairs["ib"][lo:lo + PAIRS_PER_CHUNK], dtype=np.int64)
        ok = ((year[ia] < 0) | (year[ib] < 0) | (year[ia] == year[ib])) & \
             ((agency[ia] < 0) | (agency[ib] < 0) | (agency[ia] == agency[ib]))
        if width:
            ok &= (sigs[ia] == sigs[ib]).mean(axis=1) >= dedup.DUPLICATE_SIMILARITY
        else:
            ok &= np.array([dedup.similarity(sigs[a], sigs[b]) >= dedup.DUPLICATE_SIMILARITY
                            for a, b in zip(ia, ib, strict=True)], dtype=bool)
        out += [(ids[a], ids[b]) for a, b in zip(ia[ok], ib[ok], strict=True)]
    return out
