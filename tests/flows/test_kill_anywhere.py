"""`kill -9` of the whole process group of `fazhi run` at any moment leaves the old warehouse or the new
one exactly, never a mix, and the next run completes to the new one (flows/warehouse.py's docstring).

The run adds three reports (different agencies and years) to a 40-report warehouse. It is killed at
every fault point of the run (flows/faults.py) and at a sweep of moments spread over the time a whole
run took, measured in this session. After each kill every table and export view is compared, row by
row (run timestamps and run ids aside), with the old state and with the new one.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.helpers import cli, wait_for_line

pytestmark = pytest.mark.e2e

N_OLD, N_NEW = 40, 3


def fingerprint(db: Path) -> dict:
    """Row count and a digest of the rows of every table and view (timestamps and run ids left out:
    they differ between two runs that load the same thing)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and (table_type = 'BASE TABLE' or table_name like 'export_%') order by 1").fetchall()]
        out = {}
        for name in names:
            cols = [c for c, ty in con.execute(
                "select column_name, data_type from information_schema.columns where table_name = ? "
                "order by ordinal_position", [name]).fetchall()
                if "TIMESTAMP" not in ty and "DATE" != ty and c not in ("run_id",) and not c.endswith("_at")]
            row = ", ".join(f"coalesce(cast({c} as varchar), '<null>')" for c in cols) or "''"
            out[name] = con.execute(
                f"select count(*), md5(coalesce(string_agg(x, '|' order by x), '')) "
                f"from (select concat_ws(',', {row}) as x from {name})").fetchone()
        out["duplicates"] = con.execute(
            "select count(*) from dim_report where duplicate_of is not null").fetchone()
        return out
    finally:
        con.close()


def _run(src: Path, db: Path, env: dict) -> subprocess.CompletedProcess:
    proc = cli(["run", "--source", str(src), "--db", str(db)], env=env)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    return proc


@pytest.fixture(scope="module")
def states(tmp_path_factory, prefect_server):
    """(source folder with 43 reports, the 40-report warehouse file, old fingerprint, new fingerprint,
    seconds a whole incremental run took here)."""
    api, home = prefect_server
    env = {"PREFECT_API_URL": api, "PREFECT_HOME": str(home)}
    root = tmp_path_factory.mktemp("kill-anywhere")
    every = root / "all"
    subprocess.run([sys.executable, "-m", "fazhi.cli", "synth", "--out", str(every), "--n", str(N_OLD + N_NEW),
                    "--formats", "txt"], check=True, capture_output=True, env={**os.environ, **env})
    src = root / "src"
    src.mkdir()
    files = sorted(every.iterdir())
    for f in files[:N_OLD]:
        shutil.copy(f, src)
    base = root / "base" / "wh.duckdb"
    base.parent.mkdir()
    _run(src, base, env)
    for f in files[N_OLD:]:
        shutil.copy(f, src)
    new = root / "new" / "wh.duckdb"
    new.parent.mkdir()
    shutil.copy(base, new)
    started = time.perf_counter()
    _run(src, new, env)
    seconds = time.perf_counter() - started
    old_fp, new_fp = fingerprint(base), fingerprint(new)
    assert old_fp["dim_report"][0] == N_OLD and new_fp["dim_report"][0] == N_OLD + N_NEW
    assert old_fp["meta_run"][0] == 1 and new_fp["meta_run"][0] == 2
    assert new_fp["duplicates"] == (0,)  # three genuinely different reports, none a copy
    return src, base, old_fp, new_fp, seconds, env


def _fresh(states, tmp_path) -> Path:
    db = tmp_path / "wh.duckdb"
    shutil.copy(states[1], db)
    return db


def _after_kill(db: Path, states, allowed: set[str]) -> str:
    """Which state the warehouse is in after the kill (asserting it is one of `allowed`), then rerun
    it and assert the new state and nothing left behind."""
    src, _, old_fp, new_fp, _, env = states
    now = fingerprint(db)
    state = "old" if now == old_fp else "new" if now == new_fp else "mixed"
    assert state in allowed, {k: (now.get(k), old_fp.get(k), new_fp.get(k)) for k in new_fp if now.get(k) != new_fp[k]}
    _run(src, db, env)
    assert fingerprint(db) == new_fp
    left = sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".") or p.name.endswith((".wal", ".lock")))
    assert left == [], left
    return state


def _kill(proc: subprocess.Popen) -> None:
    """kill -9 of the run's whole process group; a run that has already ended (a moment past its
    whole duration) has no group left to kill."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        assert proc.poll() is not None
    proc.wait(timeout=30)


POINTS = {"discover": "old", "transform": "old", "batch-written": "old", "after-copy": "old",
          "before-commit": "old", "before-rename": "old", "after-rename": "new"}


@pytest.mark.parametrize("point", list(POINTS))
def test_kill_9_at_each_fault_point_leaves_old_or_new(point, states, tmp_path):
    db = _fresh(states, tmp_path)
    proc = cli(["run", "--source", str(states[0]), "--db", str(db)], env={**states[5], "FAZHI_FAULT_POINT": point})
    wait_for_line(proc, f"fault point reached: {point}")
    _kill(proc)
    assert _after_kill(db, states, {POINTS[point]}) == POINTS[point]


FRACTIONS = [0.15, 0.4, 0.6, 0.75, 0.88, 0.96, 1.05]


def test_kill_9_at_a_sweep_of_moments_leaves_old_or_new(states, tmp_path):
    """Killed at moments spread over a whole run's duration (as measured in this session): each kill
    leaves the old or the new state, and the rerun gets the new one."""
    seen = []
    for i, fraction in enumerate(FRACTIONS):
        db = tmp_path / f"k{i}" / "wh.duckdb"
        db.parent.mkdir()
        shutil.copy(states[1], db)
        proc = cli(["run", "--source", str(states[0]), "--db", str(db)], env=states[5])
        try:
            proc.wait(timeout=fraction * states[4])
        except subprocess.TimeoutExpired:
            pass
        _kill(proc)
        seen.append(_after_kill(db, states, {"old", "new"}))
    assert "old" in seen  # the sweep covered moments before the rename


FOREIGN = """
import duckdb, os, sys
con = duckdb.connect(sys.argv[1])
con.execute("pragma disable_checkpoint_on_shutdown")
con.execute("set wal_autocheckpoint = '1TB'")
con.execute("create table if not exists bi_notes (note varchar)")
con.execute("insert into bi_notes values ('kept once')")
os._exit(0)  # like a killed DuckDB shell: its committed changes are only in the WAL
"""


@pytest.mark.parametrize("point", ["before-rename", "wal-aside", "after-rename"])
def test_kill_9_with_another_writers_wal_never_replays_it_on_the_new_file(point, states, tmp_path):
    """A WAL another writer left beside the warehouse belongs to the old file: a kill anywhere in the
    commit neither loses its changes nor replays them onto the new file (rows twice)."""
    db = _fresh(states, tmp_path)
    subprocess.run([sys.executable, "-c", FOREIGN, str(db)], check=True)
    assert (tmp_path / "wh.duckdb.wal").exists()
    proc = cli(["run", "--source", str(states[0]), "--db", str(db)], env={**states[5], "FAZHI_FAULT_POINT": point})
    wait_for_line(proc, f"fault point reached: {point}")
    _kill(proc)
    now = fingerprint(db)
    now.pop("bi_notes", None)
    assert now in (states[2], states[3])
    _run(states[0], db, states[5])
    after = fingerprint(db)
    assert after.pop("bi_notes")[0] == 1
    assert after == states[3]
