"""Small helpers shared by the end-to-end tests: read-only queries, subprocesses, waiting."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx


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
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(predicate, timeout: float, what: str, every: float = 1.0):
    """The first truthy result of `predicate()`, polled until `timeout` seconds have passed."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def get(url: str):
    try:
        resp = httpx.get(url, timeout=5)
        return resp if resp.status_code == 200 else None
    except httpx.HTTPError:
        return None


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group of `proc`, SIGKILL it if it does not end within 20 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def cli(args: list[str], env: dict | None = None, **kw) -> subprocess.Popen:
    """`fazhi ARGS` as a subprocess in its own process group, output captured as text."""
    return subprocess.Popen([sys.executable, "-m", "fazhi.cli", *args], env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **kw)


def wait_for_line(proc: subprocess.Popen, marker: str, timeout: float = 300) -> None:
    """Read `proc`'s stderr until a line contains `marker` (AssertionError with what was seen, otherwise)."""
    deadline = time.time() + timeout
    seen = []
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if marker in line:
            return
    raise AssertionError(f"{marker!r} not reached: {''.join(seen)[-2000:]}")


def write_new_report(path: Path, agency: str = "宁波市司法局", year: int = 2023) -> Path:
    """A report no seed is a copy of (another agency's, tests.synthetic.report) at `path`: a copy of a seed
    would be the same report found again, and the warehouse keeps one row of it."""
    from tests.synthetic import report

    path.write_text(report(agency, year, reviewed=6, cases=3), encoding="utf-8")
    return path
