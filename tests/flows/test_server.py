"""The run's temporary Prefect server (flows/server.py): started before Prefect is imported, ready,
stopped; not started when PREFECT_API_URL names a server; a server that cannot start is an error."""
from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from flows import server as srv


@pytest.fixture()
def no_api(monkeypatch, tmp_path):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    monkeypatch.setenv("DO_NOT_TRACK", "1")


def test_server_starts_answers_and_stops(no_api, monkeypatch):
    server = srv.start_temporary_server()
    assert server is not None
    try:
        import os

        assert os.environ["PREFECT_API_URL"] == server.api_url
        server.wait_ready(timeout=180)
        with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as resp:
            assert resp.status == 200
    finally:
        server.stop()
    assert server.process.poll() is not None


def test_the_wait_follows_prefects_startup_timeout(no_api, monkeypatch):
    # A process that never answers: the wait ends after the configured timeout, and stops it.
    monkeypatch.setattr(srv, "_spawn", lambda port: subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
    monkeypatch.setenv(srv.STARTUP_TIMEOUT_ENV, "1")
    server = srv.start_temporary_server()
    with pytest.raises(srv.ServerError, match="did not answer within 1 s"):
        server.wait_ready()
    assert server.process.poll() is not None


def test_no_server_when_one_is_configured(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert srv.start_temporary_server() is None


def _fake(code: int):
    return lambda port: subprocess.Popen([sys.executable, "-c", f"import sys; sys.exit({code})"])


def test_a_server_that_exits_is_an_error(no_api, monkeypatch):
    monkeypatch.setattr(srv, "_spawn", _fake(1))
    server = srv.start_temporary_server()
    with pytest.raises(srv.ServerError, match="exited with status 1"):
        server.wait_ready(timeout=30)


def test_a_taken_port_is_tried_again_on_another(no_api, monkeypatch):
    spawned = []

    def spawn(port):
        spawned.append(port)
        return _fake(srv._ADDRESS_IN_USE if len(spawned) == 1 else 1)(port)

    monkeypatch.setattr(srv, "_spawn", spawn)
    server = srv.start_temporary_server()
    with pytest.raises(srv.ServerError, match="exited with status 1"):
        server.wait_ready(timeout=30)
    assert len(spawned) == 2


def test_the_server_module_does_not_import_prefect():
    code = "import sys, flows.server; print('prefect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
