"""Hostile files: each is quarantined with a clear reason (or read, where it is a real report in an odd form)
in bounded time and memory, while the good files beside it load. The cases are in tests/hostile.py."""
from __future__ import annotations

import pytest

from tests.conftest import RAW
from tests.helpers import cli, query
from tests.hostile import CASES, write_hostile

SEED = sorted(RAW.glob("*.txt"))[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    write_hostile(root / "src", SEED, root / "outside")
    return root / "src"


@pytest.fixture(scope="module")
def hostile_run(hostile_dir, tmp_path_factory, prefect_server):
    api, home = prefect_server
    db = tmp_path_factory.mktemp("wh") / "wh.duckdb"
    proc = cli(["run", "--source", str(hostile_dir), "--db", str(db), "--reader-timeout", "60"],
               env={"PREFECT_API_URL": api, "PREFECT_HOME": str(home)})
    out, err = proc.communicate(timeout=900)
    return proc.returncode, out, err, db


@pytest.mark.e2e
def test_hostile_run_completes_and_loads_the_good_files(hostile_run):
    status, out, err, db = hostile_run
    assert status == 0, err
    loaded = {name for (name,) in query(db, "select source_file from dim_report")}
    assert "good.docx" in loaded and "outside.txt" not in loaded


@pytest.mark.e2e
@pytest.mark.parametrize("case", CASES, ids=[c.name[:40] for c in CASES])
def test_hostile_case_has_its_outcome(hostile_run, case):
    _, _, _, db = hostile_run
    loaded = {name for (name,) in query(db, "select source_file from dim_report")}
    reasons = dict(query(db, "select source_file, reason from stg_quarantine"))
    if case.expect == "loaded":
        assert case.name in loaded, reasons.get(case.name)
        facts = query(db, "select count(*) from fct_quantity join dim_report using (report_id) where source_file = ?",
                      [case.name])
        assert facts[0][0] > 10
    else:
        assert case.name not in loaded
        assert case.expect in reasons.get(case.name, ""), reasons.get(case.name)
        assert "unexpectedly" not in reasons[case.name]
