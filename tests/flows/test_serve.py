"""Scheduled runs: `fazhi serve` against a real Prefect server started on a loopback port inside the test."""
from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import httpx
import pytest

from tests.helpers import get as _get
from tests.helpers import stop as _stop
from tests.helpers import wait as _wait
from tests.helpers import write_new_report

pytestmark = pytest.mark.e2e


def _create_run(api: str, deployment_id: str) -> dict:
    """A flow run of the deployment, asked for until the server creates one: it may answer an error
    while `serve` still registers its deployment (seen once on a loaded machine: a body without an id)."""
    responses: list[str] = []

    def created():
        resp = httpx.post(f"{api}/deployments/{deployment_id}/create_flow_run", json={}, timeout=30)
        responses.append(f"{resp.status_code} {resp.text[:300]}")
        return resp.json() if resp.status_code in (200, 201) and "id" in resp.json() else None

    try:
        return _wait(created, 120, "a flow run of the deployment", every=3)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the server answered: {responses[-3:]}") from None

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
        run = _create_run(api, deployment["id"])

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


def test_serve_cancelled_run_ends_cancelled_and_leaves_the_warehouse(prefect_server, seed_dir, tmp_path):
    """A run of a served deployment cancelled through the Prefect API (as the UI does) while a reader works."""
    import shutil

    from flows.lock import lock_path
    from tests.helpers import cli

    api, home = prefect_server
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_HOME": str(home), "PREFECT_LOGGING_LEVEL": "WARNING"}
    src, db, marker = tmp_path / "src", tmp_path / "wh.duckdb", tmp_path / "reader-sleeping"
    shutil.copytree(seed_dir, src)
    first = cli(["run", "--source", str(src), "--db", str(db)], env=env)
    assert first.wait(timeout=600) == 0, first.communicate()
    before = db.read_bytes()
    write_new_report(src / "sleep-report.txt")

    serve_env = {**env, "FAZHI_TEST_READER": "tests.slow_readers:misbehave", "FAZHI_TEST_MARKER": str(marker)}
    serve = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "serve", "--cron", "0 3 1 1 *", "--name", "cancel-me",
                              "--source", str(src), "--db", str(db)],
                             env=serve_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deployment = _wait(lambda: _get(f"{api}/deployments/name/fazhi-etl/cancel-me"), 180, "the deployment").json()
        run = _create_run(api, deployment["id"])
        _wait(marker.exists, 300, "the reader to be at work")
        resp = httpx.post(f"{api}/flow_runs/{run['id']}/set_state",
                          json={"state": {"type": "CANCELLING", "name": "Cancelling"}, "force": True}, timeout=30)
        assert resp.status_code in (200, 201), resp.text

        def final():
            state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
            return state if state["type"] in ("CANCELLED", "COMPLETED", "FAILED", "CRASHED") else None

        state = _wait(final, 180, "the cancelled run to end")
        assert state["type"] == "CANCELLED", state
        assert db.read_bytes() == before
        _wait(lambda: not lock_path(db).exists(), 30, "the lock to be released")
        assert not list(tmp_path.glob(".wh.duckdb.*"))
    finally:
        _stop(serve)
