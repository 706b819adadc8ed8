"""docs/data-contract.md stays true to the code and to a freshly built warehouse.

The document is the users' reference for what the warehouse holds. These tests fail when it falls
behind: a column of an export view, a table of sql/tables, a section type, an indicator, a
qualifier word, a unit or the schema version that the code has and the document does not (or the
other way round), an example query that no longer runs or returns other columns than the document
shows, or a pointer to a file outside the repository.

Each check reads the part of the document under one heading, so a name mentioned elsewhere in
passing does not count as documented.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from flows.warehouse import SCHEMA_VERSION
from transforms.rules import indicators, qualifiers, section_type_patterns, units
from transforms.script import to_simplified

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "data-contract.md"
SQL = ROOT / "sql"

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_CREATE_TABLE = re.compile(r"create\s+table\s+(?:if\s+not\s+exists\s+)?(\w+)", re.IGNORECASE)
_CJK_WORDS = re.compile(r"[\u4e00-\u9fff%]+(?:/[\u4e00-\u9fff]+)?")  # a unit per unit: 微克/立方米


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _part(heading: str, doc: str | None = None) -> str:
    """The text under the first heading whose title contains `heading`, up to the next heading of
    the same or a higher level (its subsections included)."""
    lines = (doc if doc is not None else _doc()).splitlines()
    start = level = None
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if not m:
            continue
        if start is None:
            if heading in m.group(2):
                start, level = i + 1, len(m.group(1))
        elif len(m.group(1)) <= level:
            return "\n".join(lines[start:i])
    assert start is not None, f"docs/data-contract.md has no heading containing {heading!r}"
    return "\n".join(lines[start:])


def _rows(text: str) -> list[list[str]]:
    """Cells of the markdown table rows in `text` (header rows included, separator rows left out)."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|") and not re.fullmatch(r"\|[\s|:-]*", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def _code(cell: str) -> str | None:
    """`name` -> name; None for a cell that is not one code span."""
    m = re.fullmatch(r"`([^`]+)`", cell)
    return m.group(1) if m else None


def _code_rows(text: str) -> dict[str, list[str]]:
    """Table rows whose first cell is a code span, by that code (cells of repeated codes joined)."""
    out: dict[str, list[str]] = {}
    for cells in _rows(text):
        code = _code(cells[0])
        if code is not None:
            out.setdefault(code, []).extend(cells[1:])
    return out


@pytest.fixture(scope="module")
def warehouse(known_warehouse_file):
    con = duckdb.connect(str(known_warehouse_file), read_only=True)
    yield con
    con.close()


def _export_views(con) -> list[str]:
    names = [r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal and view_name like 'export\\_%' escape '\\' "
        "order by view_name").fetchall()]
    assert names == sorted(p.stem for p in (SQL / "views").glob("export_*.sql")), \
        "the built warehouse's export views differ from sql/views"
    return names


def test_doc_lists_every_column_of_every_export_view_in_order_with_its_type(warehouse):
    for view in _export_views(warehouse):
        actual = [(name, dtype) for name, dtype in warehouse.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index",
            [view]).fetchall()]
        documented = [(_code(cells[0]), cells[1]) for cells in _rows(_part(f"`{view}`"))
                      if _code(cells[0]) is not None]
        assert documented == actual, (
            f"the column table of {view} in docs/data-contract.md does not match the view:\n"
            f"  missing from the doc: {[c for c in actual if c not in documented]}\n"
            f"  not in the view:      {[c for c in documented if c not in actual]}")


def test_doc_describes_every_table_that_sql_tables_creates(warehouse):
    created = {m.group(1) for path in (SQL / "tables").glob("*.sql")
               for m in _CREATE_TABLE.finditer(path.read_text(encoding="utf-8"))}
    built = {r[0] for r in warehouse.execute(
        "select table_name from duckdb_tables() where not internal and not temporary").fetchall()}
    assert created == built, "the built warehouse's tables differ from sql/tables"
    part = _part("Tables behind the views")
    described = set(re.findall(r"^- \*\*`(\w+)`\*\*", part, re.MULTILINE))
    assert created - described == set(), f"tables without a paragraph in docs/data-contract.md: {created - described}"
    assert described - created == set(), f"docs/data-contract.md describes tables that do not exist: {described - created}"


def test_doc_lists_every_section_type_and_whether_it_is_required(warehouse):
    in_rules = {code for code, _ in section_type_patterns()}
    in_warehouse = dict(warehouse.execute("select section_type, is_required from dim_section_type").fetchall())
    assert in_rules <= set(in_warehouse), "data/rules/section_types.csv has types dim_section_type lacks"
    rows = _code_rows(_part("Section types"))
    documented = {code: cells[1] for code, cells in rows.items()}
    expected = {code: "yes" if required else "no" for code, required in in_warehouse.items()}
    assert documented == expected, (
        "the section-type table of docs/data-contract.md (code -> required) does not match "
        f"dim_section_type and data/rules/section_types.csv:\n  doc:       {documented}\n  warehouse: {expected}")


def test_doc_lists_every_indicator_with_its_kind(warehouse):
    rows = _code_rows(_part("Indicators"))
    documented = {code: cells[2] for code, cells in rows.items()}
    expected = {i.code: i.kind for i in indicators()}
    expected.update({code: "(any)" for (code,) in warehouse.execute(
        "select indicator_code from dim_indicator where kind is null").fetchall()})
    assert documented == expected, (
        "the indicator table of docs/data-contract.md does not match data/rules/indicators.csv:\n"
        f"  missing or wrong in the doc: {sorted(set(expected.items()) - set(documented.items()))}\n"
        f"  not in the rules:            {sorted(set(documented.items()) - set(expected.items()))}")


def test_doc_lists_every_qualifier_word_in_its_position():
    rows = _code_rows(_part("Qualifiers"))
    column = {"before": 1, "between": 2, "after": 3}  # cells after the qualifier: meaning, before, between, after
    codes = {q.qualifier for q in qualifiers()} | {"exact"}
    assert set(rows) == codes, f"qualifier codes in the doc {sorted(rows)} differ from the rules' {sorted(codes)}"
    missing = [(q.word, q.position, q.qualifier) for q in qualifiers()
               if q.word not in _CJK_WORDS.findall(rows[q.qualifier][column[q.position]])]
    assert not missing, f"qualifier words of data/rules/qualifiers.csv missing from docs/data-contract.md: {missing}"


def test_doc_lists_every_kind_and_unit(warehouse):
    rows = _code_rows(_part("Kinds and units"))
    kinds = {u.kind for u in units()} | {"rank"}
    assert set(rows) == kinds, f"kinds in the doc {sorted(rows)} differ from data/rules/units.csv's {sorted(kinds)}"
    listed = {(u.unit, u.kind) for u in units()} | set(warehouse.execute("select unit, kind from dim_unit").fetchall())
    # dim_unit also holds the traditional spellings of the units (條, 個工作日): the doc names their simplified form.
    missing = sorted((unit, kind) for unit, kind in listed
                     if to_simplified(unit) not in _CJK_WORDS.findall(" ".join(rows.get(kind, []))))
    assert not missing, f"units of data/rules/units.csv missing from docs/data-contract.md: {missing}"


def test_doc_states_the_current_schema_version(warehouse):
    stated = re.findall(r"current schema version is \*\*(\d+)\*\*", _part("Versioning"))
    assert stated == [str(SCHEMA_VERSION)], (
        f"docs/data-contract.md states schema version {stated}, flows/warehouse.py has {SCHEMA_VERSION}")
    assert warehouse.execute("select schema_version from meta_schema").fetchone()[0] == SCHEMA_VERSION


def test_doc_example_queries_run_and_return_the_columns_shown(warehouse):
    part = _part("Example queries")
    blocks = list(re.finditer(r"```sql\n(.*?)```", part, re.DOTALL))
    assert len(blocks) >= 5, "docs/data-contract.md should keep its example queries"
    for m in blocks:
        sql = m.group(1)
        shown = _rows(part[m.end():])
        assert shown, f"no result table after the example query:\n{sql}"
        cursor = warehouse.execute(sql)
        assert [d[0] for d in cursor.description] == shown[0], (
            f"the example query returns other columns than docs/data-contract.md shows:\n{sql}")


def test_doc_stands_on_its_own():
    doc = _doc()
    for outside in ("FACTS.md", "../shared", "shared/spec", "../gold", "../seeds"):
        assert outside not in doc, f"docs/data-contract.md points at {outside!r}, which users do not have"
    for path in re.findall(r"`((?:data|sql|flows|transforms|tests)/[\w./*-]+)`", doc):
        assert list(ROOT.glob(path)), f"docs/data-contract.md names {path}, which is not in the repository"
