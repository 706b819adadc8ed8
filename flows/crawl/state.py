"""The crawl's state, in DIR/.fazhi-crawl/state.sqlite, committed after every fetch so that a crawl
killed at any moment (kill -9 included) resumes where it stopped.

- `runs`: one row per crawl; a run without `finished` was interrupted, and the next crawl resumes it:
  what that run already fetched is not asked for again.
- `pages`: per URL, where its body is kept, its ETag and Last-Modified (sent back as If-None-Match /
  If-Modified-Since by the next crawl) and the run that last fetched or revalidated it.
- `reports`: the files written into DIR and what the list page said of them (the manifest's rows).
- `failures`: each URL that could not be had, with its HTTP status and the reason; the crawl goes on.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

STATE_DIR = ".fazhi-crawl"
SCHEMA = """
create table if not exists runs (run_id integer primary key, started text not null, finished text);
create table if not exists pages (
    url text primary key, final_url text, status integer, etag text, last_modified text, content_type text,
    body_path text, run_id integer, fetched_at text);
create table if not exists reports (
    file text primary key, url text not null unique, column_url text, agency text, region_code text,
    report_year integer, publish_date text, title text, run_id integer);
create table if not exists failures (
    id integer primary key, run_id integer, column_url text, url text, status integer, error text, at text);
"""
REPORT_FIELDS = ("file", "url", "column_url", "agency", "region_code", "report_year", "publish_date", "title")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class CrawlState:
    """The state of the crawl into `out`; thread-safe (one connection, one lock)."""

    def __init__(self, out: Path):
        self.dir = Path(out) / STATE_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.dir / "state.sqlite", check_same_thread=False, isolation_level=None)
        self._con.execute("pragma journal_mode=wal")
        self._con.executescript(SCHEMA)
        self.run_id, self.resumed = self._open_run()

    def _open_run(self) -> tuple[int, bool]:
        with self._lock:
            row = self._con.execute("select run_id, finished from runs order by run_id desc limit 1").fetchone()
            if row and row[1] is None:
                return row[0], True
            cur = self._con.execute("insert into runs (started) values (?)", [_now()])
            return cur.lastrowid, False

    def finish(self) -> None:
        with self._lock:
            self._con.execute("update runs set finished = ? where run_id = ?", [_now(), self.run_id])

    def close(self) -> None:
        self._con.close()

    def page(self, url: str) -> dict | None:
        with self._lock:
            cur = self._con.execute("select * from pages where url = ?", [url])
            row = cur.fetchone()
            return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None

    def save_page(self, url: str, final_url: str, status: int, headers: dict, body_path: Path | None) -> None:
        with self._lock:
            self._con.execute(
                "insert or replace into pages values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [url, final_url, status, headers.get("etag"), headers.get("last-modified"),
                 headers.get("content-type"), str(body_path) if body_path else None, self.run_id, _now()])

    def touch_page(self, url: str) -> None:
        """A 304: the stored body is still the page's; it counts as fetched in this run."""
        with self._lock:
            self._con.execute("update pages set run_id = ?, fetched_at = ? where url = ?", [self.run_id, _now(), url])

    def save_report(self, row: dict) -> None:
        with self._lock:
            self._con.execute("delete from reports where url = ? or file = ?", [row["url"], row["file"]])
            self._con.execute(f"insert into reports ({', '.join(REPORT_FIELDS)}, run_id) values "
                              f"({', '.join('?' * len(REPORT_FIELDS))}, ?)",
                              [row.get(k) for k in REPORT_FIELDS] + [self.run_id])

    def reports(self) -> list[dict]:
        with self._lock:
            cur = self._con.execute(f"select {', '.join(REPORT_FIELDS)} from reports order by file")
            return [dict(zip(REPORT_FIELDS, r, strict=True)) for r in cur.fetchall()]

    def fail(self, column_url: str | None, url: str, status: int | None, error: str) -> None:
        with self._lock:
            self._con.execute("insert into failures (run_id, column_url, url, status, error, at) values (?, ?, ?, ?, ?, ?)",
                              [self.run_id, column_url, url, status, error, _now()])

    def failures(self, run_id: int | None = None) -> list[dict]:
        with self._lock:
            cur = self._con.execute("select run_id, column_url, url, status, error, at from failures "
                                    "where ? is null or run_id = ? order by id", [run_id, run_id])
            return [dict(zip(("run_id", "column_url", "url", "status", "error", "at"), r, strict=True))
                    for r in cur.fetchall()]
