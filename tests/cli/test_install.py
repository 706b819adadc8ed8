"""The wheel as a user installs it: no test extras, locked versions, run from outside the repository.

Builds the wheel, installs it into a fresh virtual environment from requirements.lock (runtime
packages only, with their hashes), and runs `fazhi run` and `fazhi query` from a folder that is
not the repository, on the seeds as text, HTML, PDF and DOCX. This is what catches a runtime
import that only the test extras happened to install (lxml_html_clean), and rules or SQL that
are found only in a source checkout.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RAW, ROOT
from tests.make_files import make_docx, make_html, make_pdf
from tests.transforms.test_readers import PAGE_META, seed_body, seed_raw

pytestmark = pytest.mark.e2e


def _run(args, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=1200, **kw)
    assert proc.returncode == 0, f"{args}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv holding the fazhi wheel and the locked runtime packages only."""
    root = tmp_path_factory.mktemp("install")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(root / "dist"), str(ROOT)])
    wheel = next((root / "dist").glob("fazhi-*.whl"))
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", str(root / "venv")])
    bin_ = root / "venv" / "bin"
    for lock in ("requirements-pip.lock", "requirements.lock"):
        _run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(ROOT / lock)])
    _run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)])
    return bin_


def test_install_wheel_has_no_test_extras(installed):
    probe = "import importlib.util as u; print([m for m in ('pytest', 'hypothesis', 'reportlab') if u.find_spec(m)])"
    assert _run([str(installed / "python"), "-c", probe]).stdout.strip() == "[]"


def test_install_wheel_runs_every_format_from_outside_the_repository(installed, tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    seeds = sorted(p.name for p in RAW.glob("*.txt"))
    for name in seeds:
        stem = name[:-4]
        (src / name).write_bytes((RAW / name).read_bytes())
        (src / f"{stem}.html").write_bytes(make_html(seed_body(name), *PAGE_META[name[:3]]))
        (src / f"{stem}.pdf").write_bytes(make_pdf(seed_raw(name)))
        (src / f"{stem}.docx").write_bytes(make_docx(seed_raw(name)))
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(tmp_path), "PREFECT_HOME": str(tmp_path / "prefect")}
    run = _run([str(installed / "fazhi"), "run", "--source", str(src), "--db", "wh.duckdb"], cwd=work, env=env)
    assert f"reports loaded   {4 * len(seeds)}" in run.stdout and "quarantined      0" in run.stdout, run.stdout
    csv = _run([str(installed / "fazhi"), "query", "coverage", "--db", "wh.duckdb", "--format", "csv"],
               cwd=work, env=env).stdout
    assert csv.startswith("agency_name") and len(csv.splitlines()) > 1
    facts = _run([str(installed / "fazhi"), "indicators", "--db", "wh.duckdb", "--format", "csv"], cwd=work,
                 env=env).stdout
    assert "normative_docs_reviewed" in facts
