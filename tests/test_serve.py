"""Scheduled runs: `fazhi serve` against a real Prefect server started on a loopback port inside the test."""
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
import pytest

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def _get(url: str):
    try:
        resp = httpx.get(url, timeout=5)
        return resp if resp.status_code == 200 else None
    except httpx.HTTPError:
        return None


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real Prefect server on 127.0.0.1; the test is skipped (with the reason) only if it cannot start."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        _wait(lambda: proc.poll() is not None or _get(f"{api}/health"), 180, "the Prefect server")
        if proc.poll() is not None:
            pytest.skip(f"Prefect server could not start: {(home / 'server.log').read_text()[-500:]}")
        yield api, home
    finally:
        _stop(proc)
        log.close()


def test_serve_deployment_runs_and_updates_the_warehouse(prefect_server, seed_dir, tmp_path):
    api, home = prefect_server
    db = tmp_path / "scheduled.duckdb"
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_HOME": str(home), "PREFECT_LOGGING_LEVEL": "WARNING"}
    serve = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "serve", "--cron", "0 3 * * *", "--name", "nightly",
                              "--source", str(seed_dir), "--db", str(db)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             start_new_session=True)
    try:
        deployment = _wait(lambda: _get(f"{api}/deployments/name/fazhi-etl/nightly"), 180, "the deployment").json()
        assert deployment["parameters"]["db"] == str(db)
        schedules = deployment.get("schedules") or []
        assert any(s["schedule"].get("cron") == "0 3 * * *" for s in schedules)
        run = httpx.post(f"{api}/deployments/{deployment['id']}/create_flow_run", json={}, timeout=30).json()

        def finished():
            state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
            return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = _wait(finished, 300, "the scheduled flow run")
        assert state["type"] == "COMPLETED", state
        con = duckdb.connect(str(db), read_only=True)
        try:
            assert con.execute("select count(*) from export_reports").fetchone() == (5,)
            assert con.execute("select count(*) from meta_run").fetchone() == (1,)
        finally:
            con.close()
    finally:
        _stop(serve)
