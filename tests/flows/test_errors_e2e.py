"""What a user sees when something goes wrong inside a run, and on a terminal."""
from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from tests.helpers import cli

pytestmark = pytest.mark.e2e


@pytest.fixture()
def broken_warehouse(tmp_path):
    """A DuckDB file of the current schema version and rules whose tables are missing: reading it fails."""
    from flows.warehouse import SCHEMA_VERSION
    from transforms.rules import fingerprint

    db = tmp_path / "broken.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table meta_schema (schema_version integer, rules_fingerprint varchar)")
    con.execute("insert into meta_schema values (?, ?)", [SCHEMA_VERSION, fingerprint()])
    con.close()
    return db


def test_failure_in_the_flow_is_one_line_and_the_traceback_goes_to_the_log(broken_warehouse, seed_dir, server_env):
    before = broken_warehouse.read_bytes()
    proc = cli(["run", "--source", str(seed_dir), "--db", str(broken_warehouse)], env=server_env)
    out, err = proc.communicate(timeout=600)
    log = broken_warehouse.with_suffix(".log")
    assert proc.returncode == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("fazhi: run failed, warehouse left unchanged: CatalogException")
    assert err.rstrip().endswith(f"(details in {log})")
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert broken_warehouse.read_bytes() == before


def test_failure_in_the_flow_with_verbose_shows_the_traceback(broken_warehouse, seed_dir, server_env):
    proc = cli(["run", "-v", "--source", str(seed_dir), "--db", str(broken_warehouse)], env=server_env)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 1 and "Traceback" in err
    assert err.rstrip().splitlines()[-1].startswith("fazhi: run failed, warehouse left unchanged: CatalogException")


def test_run_on_a_terminal_shows_no_telemetry_notice(seed_dir, tmp_path):
    """Prefect prints its usage-data notice on a terminal unless DO_NOT_TRACK is set: fazhi sets it."""
    from prefect._internal.analytics.ci_detection import CI_ENV_VARS

    env = {k: v for k, v in os.environ.items() if k not in CI_ENV_VARS and k not in ("DO_NOT_TRACK", "PREFECT_API_URL")}
    env["PREFECT_HOME"] = str(tmp_path / "fresh-prefect-home")  # the notice shows once per Prefect home
    command = f"{sys.executable} -m fazhi.cli run --source {seed_dir} --db {tmp_path / 'wh.duckdb'}"
    # `script` gives the command a pseudo-terminal, as a person's shell would.
    proc = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout
    assert "reports loaded   5" in proc.stdout
    assert "anonymous usage data" not in proc.stdout + proc.stderr
