"""Scheduled runs: `fazhi serve` against a real Prefect server started on a loopback port inside the test."""
from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import httpx
import pytest

from tests.helpers import get as _get, stop as _stop, wait as _wait

pytestmark = pytest.mark.e2e

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
