"""One writer per warehouse, nothing lost: the lock itself, and real concurrent `fazhi run`s."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

from flows import lock
from tests.conftest import RAW
from tests.helpers import cli, query

HOLDER = textwrap.dedent(
    """
    import sys, time
    from flows import lock
    lock.acquire(sys.argv[1])
    print("held", flush=True)
    sys.stdin.readline()
    if sys.argv[2] == "release":
        lock.release(sys.argv[1])
    """
)


def _holder(db, how: str = "release") -> subprocess.Popen:
    """Another process holding the lock of `db` until a line is written to it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), how], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def _finish(proc: subprocess.Popen) -> None:
    proc.stdin.write("go\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def test_lock_is_reentrant_and_removed_when_released(tmp_path):
    db = tmp_path / "wh.duckdb"
    with lock.writer_lock(db) as outer:
        assert outer.warning is None and lock.holds(db)
        with lock.writer_lock(db):
            record = lock.lock_path(db).read_text()
        assert lock.holds(db) and lock.lock_path(db).exists()
    assert f"pid={os.getpid()} " in record
    assert not lock.holds(db) and not lock.lock_path(db).exists()


def test_lock_busy_names_the_holder(tmp_path):
    db = tmp_path / "wh.duckdb"
    holder = _holder(db)
    try:
        with pytest.raises(lock.WarehouseBusyError, match=rf"another fazhi run \(pid {holder.pid}, started 20\d\d-"
                                                          rf"\d\d-\d\dT[\d:]+\) is writing .*wh.duckdb"):
            lock.acquire(db, timeout=0)
        assert not lock.holds(db)
    finally:
        _finish(holder)


def test_lock_waits_for_the_holder_within_the_timeout(tmp_path):
    db = tmp_path / "wh.duckdb"
    holder = _holder(db)
    later = threading.Timer(1.0, _finish, [holder])
    later.start()
    try:
        assert lock.acquire(db, timeout=120) is None  # the holder released it cleanly: no warning
        assert lock.holds(db)
    finally:
        later.join()
        lock.release(db)


def test_lock_of_a_dead_run_is_taken_over_with_a_warning(tmp_path):
    db = tmp_path / "wh.duckdb"
    holder = _holder(db, how="die")  # exits holding the lock: the kernel frees it, the file stays
    _finish(holder)
    assert lock.lock_path(db).exists()
    warning = lock.acquire(db)
    try:
        assert warning is not None and f"pid {holder.pid}" in warning and "ended" in warning
    finally:
        lock.release(db)
    assert not lock.lock_path(db).exists()


def _sources(tmp_path):
    """Folder A (3 reports) and folder B (the 5 seeds), with names that do not collide."""
    a, b = tmp_path / "A", tmp_path / "B"
    a.mkdir()
    for i, seed in enumerate(sorted(RAW.glob("*.txt"))[:3]):
        shutil.copy(seed, a / f"a{i}.txt")
    shutil.copytree(RAW, b)
    return a, b


def _by_source(db) -> dict[str, int]:
    return dict(query(db, "select source, count(*) from dim_report where is_current group by source"))


@pytest.mark.e2e
@pytest.mark.parametrize("round_", range(10))
def test_lock_two_concurrent_runs_lose_nothing(round_, tmp_path, server_env):
    """Two runs started together into one new warehouse: the second waits, or is refused and loses nothing."""
    a, b = _sources(tmp_path)
    db = tmp_path / "wh.duckdb"
    waits = round_ % 2 == 0
    extra = ["--lock-timeout", "300"] if waits else []
    runs = {src: cli(["run", "--source", str(src), "--db", str(db), *extra], env=server_env) for src in (a, b)}
    out = {src: (p.wait(timeout=600), *p.communicate()) for src, p in runs.items()}
    statuses = sorted(status for status, _, _ in out.values())
    if waits:
        assert statuses == [0, 0], out
        assert _by_source(db) == {str(a): 3, str(b): 5}
    else:
        assert statuses == [0, 3], out
        loser = next(src for src, (status, _, _) in out.items() if status == 3)
        winner = a if loser == b else b
        assert f"is writing {db}" in out[loser][2] and "--lock-timeout" in out[loser][2]
        assert len(out[loser][2].strip().splitlines()) == 1
        assert _by_source(db) == {str(winner): 3 if winner == a else 5}
        again = cli(["run", "--source", str(loser), "--db", str(db)], env=server_env)
        assert again.wait(timeout=600) == 0, again.communicate()
        assert _by_source(db) == {str(a): 3, str(b): 5}
    assert not lock.lock_path(db).exists()
