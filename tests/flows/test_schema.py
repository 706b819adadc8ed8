"""Every warehouse column is declared once, in transforms/schema.py: the DDL files are rendered from it,
the built warehouse has its columns, types, keys and comments, and every frame the pipeline loads has
its columns and types."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from transforms import schema, star
from transforms.schema import TABLES, conform, render_ddl, table

ROOT = Path(__file__).resolve().parents[2]
SQL_TABLES = ROOT / "sql" / "tables"
# Tables the publish step writes itself (run bookkeeping, quarantine), not from star frames.
WRITTEN_BY_PUBLISH = {"meta_run", "meta_schema", "stg_quarantine"}


@pytest.mark.parametrize("t", TABLES, ids=lambda t: t.name)
def test_ddl_file_is_rendered_from_the_declaration(t):
    assert (SQL_TABLES / t.file_name).read_text(encoding="utf-8") == render_ddl(t), (
        f"sql/tables/{t.file_name} differs from transforms/schema.py: run python -m transforms.schema")


def test_every_ddl_file_is_declared():
    assert sorted(p.name for p in SQL_TABLES.glob("*.sql")) == sorted(t.file_name for t in TABLES)


@pytest.fixture(scope="module")
def columns(known_warehouse_file) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(known_warehouse_file), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name, data_type, is_nullable = 'NO', ordinal_position "
            "from information_schema.columns where table_schema = 'main' and table_name in "
            "(select table_name from information_schema.tables where table_type = 'BASE TABLE') "
            "order by table_name, ordinal_position").fetchall()
        comments = dict(((t, c), m) for t, c, m in con.execute(
            "select table_name, column_name, comment from duckdb_columns()").fetchall())
        table_comments = dict(con.execute("select table_name, comment from duckdb_tables()").fetchall())
        keys = {t: tuple(cols) for t, cols in con.execute(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where constraint_type = 'PRIMARY KEY'").fetchall()}
    finally:
        con.close()
    out: dict[str, list[tuple]] = {}
    for t, c, dtype, not_null, _ in rows:
        out.setdefault(t, []).append((c, dtype.lower(), not_null, comments.get((t, c))))
    out["__table_comments__"] = table_comments
    out["__keys__"] = keys
    return out


def test_the_warehouse_has_exactly_the_declared_tables(columns):
    assert set(columns) - {"__table_comments__", "__keys__"} == {t.name for t in TABLES}


@pytest.mark.parametrize("t", TABLES, ids=lambda t: t.name)
def test_warehouse_columns_match_the_declaration(columns, t):
    declared = [(c.name, c.sql_type, c.not_null or t.key == (c.name,), c.comment) for c in t.columns]
    assert columns[t.name] == declared
    assert columns["__table_comments__"][t.name] == t.comment
    assert columns["__keys__"].get(t.name) == (t.key if t.key_indexed else None)


@pytest.mark.parametrize("t", [t for t in TABLES if t.key and not t.key_indexed], ids=lambda t: t.name)
def test_keys_without_an_index_are_unique_in_a_built_warehouse(known_warehouse_file, t):
    con = duckdb.connect(str(known_warehouse_file), read_only=True)
    try:
        n, distinct = con.execute(f"select count(*), count(distinct ({', '.join(t.key)})) from {t.name}").fetchone()
    finally:
        con.close()
    assert n > 0 and n == distinct


@pytest.fixture(scope="module")
def frames() -> dict[str, pl.DataFrame]:
    import tempfile

    from tests.synthetic import KNOWN, write_known  # noqa: F401 - the known reports, one of each kind
    from transforms.pipeline import RawDocument, process_batch

    with tempfile.TemporaryDirectory() as tmp:
        write_known(Path(tmp))
        result = process_batch([RawDocument(p.name, p.read_bytes()) for p in sorted(Path(tmp).glob("*.txt"))])
    tables, _ = star.build_tables([result], dt.datetime(2026, 1, 1), "src")
    return tables


def test_star_shapes_every_table_but_the_publish_bookkeeping(frames):
    assert set(frames) == {t.name for t in TABLES} - WRITTEN_BY_PUBLISH


@pytest.mark.parametrize("name", sorted({t.name for t in TABLES} - WRITTEN_BY_PUBLISH))
def test_frames_have_the_declared_columns_and_types(frames, name):
    assert frames[name].height > 0, f"{name}: the known reports should give rows"
    assert dict(frames[name].schema) == table(name).polars_schema


def test_conform_orders_and_casts_and_refuses_a_missing_column():
    frame = pl.DataFrame({"deadline_on": [dt.date(2025, 4, 1)], "report_year": [2024], "extra": ["x"]})
    out = conform("dim_year", frame)
    assert out.columns == ["report_year", "deadline_on"]
    assert out.schema["report_year"] == pl.Int32
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        conform("dim_year", frame.drop("deadline_on"))


@pytest.mark.parametrize(("sql_type", "dtype"), [
    ("varchar", pl.Utf8), ("integer", pl.Int32), ("bigint", pl.Int64), ("double", pl.Float64),
    ("boolean", pl.Boolean), ("date", pl.Date), ("timestamp", pl.Datetime("us")),
])
def test_sql_types_map_to_polars_types(sql_type, dtype):
    assert schema.Column("c", sql_type, False, "").dtype == dtype


def test_every_sql_type_used_has_a_polars_type():
    used = {c.sql_type for t in TABLES for c in t.columns}
    assert used <= set(schema.POLARS_TYPES)


def test_deadline_is_one_rule_for_dim_year_and_fct_report(frames):
    years = frames["dim_year"]
    assert all(d == star.deadline_on(y) for y, d in years.iter_rows())
    reports = frames["fct_report"].drop_nulls("report_year")
    assert all(d == star.deadline_on(y) for y, d in reports.select("report_year", "deadline_on").iter_rows())


def test_section_types_come_from_the_rules_file(frames):
    from transforms.rules import required_section_types, section_types

    assert frames["dim_section_type"]["section_type"].to_list() == [
        t.code for t in sorted(section_types(), key=lambda t: t.part_no)]
    required = frames["dim_section_type"].filter(pl.col("is_required"))["section_type"].to_list()
    assert required == list(required_section_types()) == ["measures", "shortcomings", "plans"]


REFERENCES = [(t.name, r) for t in TABLES for r in t.references]


@pytest.mark.parametrize(("name", "ref"), REFERENCES, ids=[f"{n}.{'+'.join(r.columns)}->{r.table}" for n, r in REFERENCES])
def test_every_declared_reference_holds_in_a_built_warehouse(known_warehouse_file, name, ref):
    """No row points at a row that is not there (references are declared, not enforced by DuckDB)."""
    on = " and ".join(f"t.{a} = x.{b}" for a, b in zip(ref.target_columns, ref.columns, strict=True))
    given = " and ".join(f"x.{c} is not null" for c in ref.columns)
    con = duckdb.connect(str(known_warehouse_file), read_only=True)
    try:
        rows, orphans = con.execute(
            f"select count(*), count(*) filter (where not exists (select 1 from {ref.table} t where {on})) "
            f"from {name} x where {given}").fetchone()
    finally:
        con.close()
    assert orphans == 0, f"{orphans} of {rows} rows of {name} point at no row of {ref.table}"
    assert ref.target_columns == table(ref.table).key or ref.table == name, "a reference targets a key"


def test_readme_diagram_is_rendered_from_the_declaration():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```mermaid\n" + schema.render_mermaid() + "```" in readme, (
        "README.md's diagram differs from transforms/schema.py: paste python -m transforms.schema --mermaid")


@pytest.mark.parametrize("role", sorted(schema.ROLES))
def test_each_role_has_tables_and_the_load_follows_the_roles(role):
    from flows import load, spool

    assert schema.tables_of(role)
    assert load.REPORT_TABLES == spool.SPOOLED_TABLES == schema.tables_of("report")
    assert set(load.UPSERT_TABLES) == set(schema.tables_of("dimension"))
