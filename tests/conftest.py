"""Shared fixtures: the seed reports and a Prefect test harness for flow tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import free_port, get, stop, wait

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
# Hand-made answers for the seeds, copied from ../shared/gold so the suite runs anywhere.
GOLD = ROOT / "tests" / "fixtures" / "gold"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """From the last test's teardown (where session fixtures such as the Prefect harness stop) to the
    process's end: one that takes over ten minutes (a server thread, a teardown waiting forever) prints
    every thread's stack and exits with status 1, instead of holding CI until its time-out, silent."""
    if nextitem is None:
        import faulthandler

        # to the process's own stderr: sys.stderr may be a test's capture (capsys), without a file number
        faulthandler.dump_traceback_later(600, exit=True, file=sys.__stderr__)


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run only when `-m` names them (`pytest -m slow`), never in `make test`."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with pytest -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect backend for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real Prefect server on a free 127.0.0.1 port, for the session: (api url, PREFECT_HOME).

    Command-line runs pointed at it (PREFECT_API_URL) skip the temporary server's start-up.
    Tests using it are skipped, with the server's log as the reason, only if it cannot start.
    """
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait(lambda: proc.poll() is not None or get(f"{api}/health"), 180, "the Prefect server")
        if proc.poll() is not None:
            pytest.skip(f"Prefect server could not start: {(home / 'server.log').read_text()[-500:]}")
        yield api, home
    finally:
        stop(proc)
        log.close()


@pytest.fixture()
def server_env(prefect_server) -> dict:
    """Environment for a `fazhi` subprocess that uses the session's Prefect server."""
    api, home = prefect_server
    return {"PREFECT_API_URL": api, "PREFECT_HOME": str(home)}


@pytest.fixture(scope="session")
def known_warehouse_file(tmp_path_factory) -> Path:
    """The reports of tests.synthetic.KNOWN in a warehouse built without Prefect (transform, then publish)."""
    import datetime as dt

    from flows.warehouse import publish
    from tests.synthetic import write_known
    from transforms.pipeline import RawDocument, process_batch
    from transforms.star import build_tables

    src = tmp_path_factory.mktemp("known-src")
    write_known(src)
    result = process_batch([RawDocument(p.name, p.read_bytes()) for p in sorted(src.glob("*.txt"))])
    now = dt.datetime.now().replace(microsecond=0)
    tables, quarantine = build_tables([result], now, str(src))
    db = tmp_path_factory.mktemp("known-wh") / "known.duckdb"
    run = {"run_id": "known", "started_at": now, "source": str(src), "files_seen": result.reports.height,
           "files_new": result.reports.height, "files_changed": 0, "files_unchanged": 0, "files_removed": 0,
           "files_quarantined": 0, "reports_loaded": result.reports.height, "facts_loaded": result.facts.height}
    publish(db, tables, quarantine, [], str(src), run, rebuild=True)
    return db
