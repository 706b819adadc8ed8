"""A run stops when asked to (SIGTERM, SIGINT) at every stage, and leaves the warehouse exactly as it was."""
from __future__ import annotations

import os
import shutil
import signal
import time

import pytest

from flows.lock import lock_path
from tests.conftest import RAW
from tests.helpers import cli, query, wait_for_line

pytestmark = pytest.mark.e2e

# (stage, how the run is held there): a fault point of the flow, or the reader sleeping on a document.
STAGES = [
    ("discover", {"FAZHI_FAULT_POINT": "discover"}, "fault point reached: discover"),
    ("transform", {"FAZHI_FAULT_POINT": "transform"}, "fault point reached: transform"),
    ("reader", {"FAZHI_TEST_READER": "tests.slow_readers:misbehave"}, "fazhi test reader sleeping"),
    ("publish", {"FAZHI_FAULT_POINT": "before-commit"}, "fault point reached: before-commit"),
]
SIGNALS = [(signal.SIGTERM, 143), (signal.SIGINT, 130)]


@pytest.fixture(scope="module")
def built(tmp_path_factory, prefect_server):
    """A warehouse of the seeds, built once; each test works on a copy."""
    api, home = prefect_server
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(RAW, root / "src")
    proc = cli(["run", "--source", str(root / "src"), "--db", str(root / "wh.duckdb")],
               env={"PREFECT_API_URL": api, "PREFECT_HOME": str(home)})
    assert proc.wait(timeout=600) == 0, proc.communicate()
    return root


@pytest.mark.parametrize(("stage", "env", "marker"), STAGES, ids=[s[0] for s in STAGES])
@pytest.mark.parametrize(("signum", "status"), SIGNALS, ids=["SIGTERM", "SIGINT"])
def test_cancel_at_each_stage(stage, env, marker, signum, status, built, tmp_path, server_env):
    src, db = tmp_path / "src", tmp_path / "wh.duckdb"
    shutil.copytree(built / "src", src)
    shutil.copy(built / "wh.duckdb", db)
    (src / "sleep-report.txt").write_bytes((RAW / sorted(os.listdir(RAW))[1]).read_bytes())
    before = db.read_bytes()

    proc = cli(["run", "--source", str(src), "--db", str(db)], env={**server_env, **env})
    wait_for_line(proc, marker)
    sent = time.monotonic()
    os.kill(proc.pid, signum)
    # The issue asks for an exit within 5 s; the run takes about 2 s (GRACE_SECONDS 1.5 and the clean-up).
    returncode = proc.wait(timeout=5)
    elapsed = time.monotonic() - sent
    out, err = proc.communicate()
    assert returncode == status, err
    assert f"cancelled by {signal.Signals(signum).name} during" in err and "left as it was" in err, (elapsed, err)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".wh.duckdb.*")) and not lock_path(db).exists()

    # The next run (without the hold) completes the work.
    rerun = cli(["run", "--source", str(src), "--db", str(db)], env=server_env)
    assert rerun.wait(timeout=600) == 0, rerun.communicate()
    assert query(db, "select count(*) from dim_report where source_file = 'sleep-report.txt' and is_current") == [(1,)]
