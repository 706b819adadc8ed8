"""Small helpers shared by the end-to-end tests."""
from __future__ import annotations

import duckdb


def query(db, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of `sql` on the warehouse file `db`, opened read-only like a BI tool would."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def query_dicts(db, sql: str) -> list[dict]:
    """Rows of `sql` as dicts keyed by column name."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()
