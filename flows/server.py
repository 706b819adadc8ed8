"""Prefect's temporary API server for one `fazhi run`, started before Prefect is imported.

Without PREFECT_API_URL, Prefect starts a temporary server in a subprocess the first time a flow
needs it: about 7 s here, after the 3-4 s the run spends importing Prefect. `fazhi run` starts the
same server (the command Prefect's own SubprocessASGIServer runs) as soon as it knows it has work,
so that its start-up overlaps the imports, and stops it when the run ends. With PREFECT_API_URL set
(a `prefect server start` kept running, or Prefect Cloud) nothing is started: the fastest option
for frequent runs.

Stdlib only: this module is imported before Prefect.
"""
from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

API_URL_ENV = "PREFECT_API_URL"
STARTUP_TIMEOUT_ENV = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
# What Prefect sets for its temporary server (prefect.server.api.server.SubprocessASGIServer).
_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
_ADDRESS_IN_USE = 3  # uvicorn's exit status when the port was taken meanwhile


class ServerError(RuntimeError):
    """The temporary server did not start."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prefect_dir() -> str:
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("Prefect is not installed")
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


@dataclass
class TemporaryServer:
    process: subprocess.Popen
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the server answers /health; a ServerError if it exits or does not answer in time
        (`timeout`, else PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, as for Prefect's own, else 120 s)."""
        if timeout is None:
            timeout = float(os.environ.get(STARTUP_TIMEOUT_ENV) or 120)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code == _ADDRESS_IN_USE:
                self._respawn()
                continue
            if code is not None:
                raise ServerError(f"Prefect's temporary server exited with status {code} before it was ready")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"Prefect's temporary server did not answer within {timeout:g} s")

    def _respawn(self) -> None:
        self.port = _free_port()
        self.process = _spawn(self.port)
        os.environ[API_URL_ENV] = self.api_url

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _spawn(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", _prefect_dir(), "--factory",
         "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "error", "--lifespan", "on"],
        env={**os.environ, **_SERVER_ENV}, stdin=subprocess.DEVNULL)


def start_temporary_server() -> TemporaryServer | None:
    """Start the run's temporary server and point this process (and its children) at it; None when
    PREFECT_API_URL already names a server. Call `wait_ready` before the first flow, `stop` after."""
    if os.environ.get(API_URL_ENV):
        return None
    port = _free_port()
    server = TemporaryServer(_spawn(port), port)
    os.environ[API_URL_ENV] = server.api_url
    # Stopped at exit, after Prefect's own exit handlers (registered later, so run earlier) have sent
    # the run's last logs and events to it.
    atexit.register(server.stop)
    return server
