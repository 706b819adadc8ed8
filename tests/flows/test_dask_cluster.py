"""`fazhi run --runner dask --dask-address` on a real Dask cluster: a scheduler and two workers started
with the `dask` CLI on loopback. The warehouse it builds is the one the default runner builds (every
table and export view compared row by row, timestamps and run ids aside), and a worker killed while it
holds a batch (its Parquet parts written, its result not yet returned) loses nothing and doubles
nothing: the batch runs again on the other worker and only the attempt whose result came back is
loaded (flows.etl.SpooledBatch.parts)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.flows.test_kill_anywhere import fingerprint
from tests.helpers import cli, free_port, wait

pytestmark = pytest.mark.e2e

DASK = shutil.which("dask") or str(Path(sys.executable).parent / "dask")
if not os.access(DASK, os.X_OK):
    pytest.skip("the dask CLI is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
N_REPORTS, BATCH = 30, 4


class Cluster:
    """A `dask scheduler` and `dask worker`s on 127.0.0.1, each in its own process group."""

    def __init__(self, tmp: Path, n_workers: int, worker_env: dict | None = None):
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **(worker_env or {})}
        self.procs: list[subprocess.Popen] = []
        self.logs = []
        self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                  "--no-dashboard"])
        for i in range(n_workers):
            self._start(f"worker{i}", [DASK, "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                       "--no-dashboard", "--local-directory", str(tmp / f"w{i}"),
                                       "--name", f"w{i}"])
        self.wait_for_workers(n_workers)

    def _start(self, name: str, args: list[str]) -> None:
        log = open(self.tmp / f"{name}.log", "w")
        self.logs.append(log)
        self.procs.append(subprocess.Popen(args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True))

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        client = Client(self.address, timeout=60)
        try:
            client.wait_for_workers(n, timeout=120)
        finally:
            client.close()

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for log in self.logs:
            log.close()


def _run(src: Path, db: Path, env: dict, *extra: str) -> None:
    proc = cli(["run", "--source", str(src), "--db", str(db), "--batch-size", str(BATCH), *extra], env=env, cwd=ROOT)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]


def _comparable(db: Path) -> dict:
    fp = fingerprint(db)
    fp.pop("meta_run")  # names the runner and its batches
    return fp


@pytest.fixture(scope="module")
def reference(tmp_path_factory, prefect_server):
    """(source, env, the default runner's warehouse fingerprint)."""
    api, home = prefect_server
    env = {"PREFECT_API_URL": api, "PREFECT_HOME": str(home)}
    root = tmp_path_factory.mktemp("dask-ref")
    src = root / "src"
    subprocess.run([sys.executable, "-m", "fazhi.cli", "synth", "--out", str(src), "--n", str(N_REPORTS),
                    "--formats", "txt,html"], check=True, capture_output=True, cwd=ROOT)
    db = root / "default.duckdb"
    _run(src, db, env)
    fp = _comparable(db)
    assert fp["dim_report"][0] == N_REPORTS
    return src, env, fp


def test_dask_cluster_builds_the_default_runners_warehouse(reference, tmp_path):
    src, env, expected = reference
    cluster = Cluster(tmp_path, 2)
    try:
        db = tmp_path / "dask.duckdb"
        _run(src, db, env, "--runner", "dask", "--dask-address", cluster.address)
        assert _comparable(db) == expected
    finally:
        cluster.close()


def test_dask_worker_killed_mid_run_loses_and_doubles_nothing(reference, tmp_path):
    src, env, expected = reference
    held = tmp_path / "held-batch"
    # The first batch to write its parts stops there (on whichever worker); every later arrival passes.
    cluster = Cluster(tmp_path, 2, {"FAZHI_FAULT_POINT": "batch-written", "FAZHI_FAULT_ONCE": str(held)})
    try:
        db = tmp_path / "dask.duckdb"
        proc = cli(["run", "--source", str(src), "--db", str(db), "--batch-size", str(BATCH),
                    "--runner", "dask", "--dask-address", cluster.address], env=env, cwd=ROOT)
        try:
            wait(lambda: held.exists() and held.read_text().strip(), 300, "a batch held by a worker", every=0.2)
            pid = int(held.read_text().split()[0])
            os.kill(pid, signal.SIGKILL)  # the worker process running the batch (its nanny starts a new one)
            out, err = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        assert proc.returncode == 0, err[-3000:]
        assert _comparable(db) == expected
        spool_parts = list(tmp_path.glob(".dask.duckdb.*.spool"))
        assert spool_parts == []
    finally:
        cluster.close()
