"""Orchestration: artifacts, failing batches, runners (threads, processes, Dask) giving identical warehouses, config."""
from __future__ import annotations

import json
import os

import duckdb
import pytest

import flows.etl as etl
from fazhi.config import RUN_OPTIONS, load_file, resolve
from flows.runners import runner_for

pytestmark = pytest.mark.e2e

CONTENT_SQL = {
    "export_reports": "select * from export_reports",
    "export_sections": "select * from export_sections",
    "export_facts": "select * from export_facts",
    "fct_report": "select * exclude (report_id) from fct_report order by all",
    "fct_term_mention": "select * from fct_term_mention order by all",
    "fct_report_term": "select * from fct_report_term order by all",
    "dim_agency": "select * from dim_agency order by all",
}


def _content(db) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in CONTENT_SQL.items()}
    finally:
        con.close()


def _artifacts(keys) -> dict:
    """Latest artifact per key, read from the Prefect API of the test harness."""
    import httpx
    from prefect.settings import PREFECT_API_URL

    body = {"artifacts": {"key": {"any_": keys}}, "limit": 20, "offset": 0, "sort": "CREATED_DESC"}
    resp = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json=body, timeout=30)
    resp.raise_for_status()
    latest = {}
    for artifact in resp.json():
        latest.setdefault(artifact["key"], artifact)
    return latest


def test_orchestration_artifacts_summarise_the_run(prefect_harness, seed_dir, tmp_path):
    summary = etl.etl_flow(source=str(seed_dir), db=str(tmp_path / "a.duckdb"))
    found = _artifacts(["fazhi-run-summary", "fazhi-run-counts"])
    markdown = found["fazhi-run-summary"]["data"]
    assert f"{summary['files']} seen, {summary['new']} new" in markdown and "No file was quarantined." in markdown
    assert "time per stage: discover" in markdown
    table = found["fazhi-run-counts"]["data"]
    rows = json.loads(table) if isinstance(table, str) else table
    assert {"measure": "facts loaded", "value": 94} in rows


def test_orchestration_failing_batch_is_quarantined_and_the_rest_published(prefect_harness, seed_dir, tmp_path,
                                                                            monkeypatch):
    real = etl.process_batch
    calls = []

    def flaky(docs, **kw):
        names = [d.source_file for d in docs]
        calls.append(names)
        if "002_1027f9a957e759b9.txt" in names:
            raise MemoryError("simulated worker crash")
        return real(docs, **kw)

    monkeypatch.setattr(etl, "process_batch", flaky)
    monkeypatch.setattr(etl, "transform_batch", etl.transform_batch.with_options(retry_delay_seconds=0))
    db = tmp_path / "f.duckdb"
    summary = etl.etl_flow(source=str(seed_dir), db=str(db), batch_size=2)
    assert sum(1 for c in calls if "002_1027f9a957e759b9.txt" in c) == 3  # first try and two retries
    assert summary["reports"] == 3 and summary["quarantined"] == 2
    rows = duckdb.connect(str(db), read_only=True).execute("select source_file, stage, reason from stg_quarantine "
                                                           "order by 1").fetchall()
    assert [r[0] for r in rows] == ["002_1027f9a957e759b9.txt", "003_83cdbac99c22b922.txt"]
    assert all(r[1] == "transform" and "simulated worker crash" in r[2] for r in rows)


@pytest.mark.parametrize("runner", ["processes", "dask"])
def test_orchestration_runners_build_identical_warehouses(prefect_harness, seed_dir, tmp_path, runner):
    default = tmp_path / "default.duckdb"
    other = tmp_path / f"{runner}.duckdb"
    etl.etl_flow(source=str(seed_dir), db=str(default), batch_size=2, runner="threads")
    summary = etl.etl_flow(source=str(seed_dir), db=str(other), batch_size=2, runner=runner, workers=2)
    assert summary["runner"] == runner and summary["reports"] == 5
    assert _content(other) == _content(default)


@pytest.mark.parametrize(("kind", "n", "expected"), [("auto", 10, "threads"), ("auto", 50_000, "threads"),
                                                     ("dask", 10, "dask"), ("threads", 50_000, "threads")])
def test_orchestration_auto_runner_choice(kind, n, expected):
    assert runner_for(kind, n) == expected


def test_orchestration_config_precedence(tmp_path, monkeypatch):
    config = tmp_path / "fazhi.toml"
    config.write_text('[run]\nsource = "from/file"\ndb = "file.duckdb"\nbatch_size = 7\nrunner = "dask"\n',
                      encoding="utf-8")
    monkeypatch.setenv("FAZHI_DB", "env.duckdb")
    monkeypatch.setenv("FAZHI_FULL_REFRESH", "1")
    monkeypatch.delenv("FAZHI_SOURCE", raising=False)
    monkeypatch.delenv("FAZHI_RUNNER", raising=False)
    monkeypatch.delenv("FAZHI_BATCH_SIZE", raising=False)
    opts = resolve(RUN_OPTIONS, {"runner": "threads"}, load_file(config)["run"])
    assert (opts["source"], opts["db"], opts["batch_size"], opts["runner"], opts["full_refresh"], opts["workers"]) == \
        ("from/file", "env.duckdb", 7, "threads", True, 0)


def test_orchestration_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="config file not found"):
        load_file(tmp_path / "nope.toml")


def test_orchestration_serve_without_server_says_how_to_start_one(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "serve", "--cron", "0 3 * * *"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "no Prefect server is configured" in proc.stderr and "prefect server start" in proc.stderr
