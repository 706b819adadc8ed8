"""The no-change check before Prefect starts: a folder the warehouse already holds, unchanged,
is answered without the flow; anything new, changed, removed or unreadable goes to the flow."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.quick import unchanged_summary
from flows.warehouse import publish
from tests.synthetic import write_known
from transforms.pipeline import RawDocument, content_hash, process_batch
from transforms.star import build_tables


def _load(src: Path, db: Path) -> None:
    """`src` loaded into `db` as a run would (without Prefect)."""
    from flows.sources import open_source

    folder = open_source(str(src))
    docs = [RawDocument(n, folder.fetch(n), **folder.describe(n)) for n in folder.list()]
    result = process_batch(docs)
    now = dt.datetime.now().replace(microsecond=0)
    tables, quarantine = build_tables([result], now, str(src))
    run = {"run_id": "t", "started_at": now, "source": str(src), "files_seen": len(docs), "files_new": len(docs),
           "files_changed": 0, "files_unchanged": 0, "files_removed": 0, "files_quarantined": quarantine.height,
           "reports_loaded": result.reports.height, "facts_loaded": result.facts.height}
    publish(db, tables, quarantine, [], str(src), run, rebuild=True)


@pytest.fixture()
def loaded(tmp_path) -> tuple[Path, Path]:
    src = tmp_path / "src"
    src.mkdir()
    write_known(src)
    (src / "not-a-report.txt").write_text("这是一则通知。" * 50, encoding="utf-8")  # quarantined at validate
    db = tmp_path / "wh.duckdb"
    _load(src, db)
    return src, db


def test_an_unchanged_folder_needs_no_flow(loaded):
    src, db = loaded
    summary = unchanged_summary(str(src), str(db))
    assert summary is not None and summary.unchanged == summary.files == 7
    assert summary.wrote is False and not summary.started_prefect


CHANGES = {
    "a new file": lambda src: shutil.copy(next(src.glob("*.txt")), src / "copy.txt"),
    "an edited report": lambda src: (src / "r0.txt").open("a").write("补充。"),
    "a removed report": lambda src: next(p for p in sorted(src.glob("*.txt")) if p.name != "not-a-report.txt").unlink(),
    "an edited quarantined file": lambda src: (src / "not-a-report.txt").open("a").write("又一则。"),
    "an unreadable file": lambda src: (src / "pipe.txt").symlink_to(src / "missing.txt"),
    "a manifest row": lambda src: (src / "manifest.csv").write_text(
        "file,url\nr1.txt,https://example.gov.cn/a.html\n"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_goes_to_the_flow(change, loaded):
    src, db = loaded
    CHANGES[change](src)
    assert unchanged_summary(str(src), str(db)) is None


def test_no_check_on_a_full_refresh_a_new_warehouse_or_a_url_list(loaded, tmp_path):
    src, db = loaded
    assert unchanged_summary(str(src), str(db), full_refresh=True) is None
    assert unchanged_summary(str(src), str(tmp_path / "new.duckdb")) is None
    urls = tmp_path / "list.urls"
    urls.write_text("https://example.gov.cn/a.html\n")
    assert unchanged_summary(str(urls), str(db)) is None


# In a process of its own: a Prefect imported by mistake would start a server there, not here.
_NO_PREFECT = """
import sys
from fazhi.cli import main
status = main(sys.argv[1:])
print("prefect imported" if any(m == "prefect" or m.startswith("prefect.") for m in sys.modules) else "no prefect")
sys.exit(status)
"""


def test_cli_second_run_starts_no_prefect_and_leaves_the_file(loaded):
    src, db = loaded
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("PREFECT_", "FAZHI_"))}
    proc = subprocess.run([sys.executable, "-c", _NO_PREFECT, "run", "--source", str(src), "--db", str(db)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "unchanged        7" in out and "Prefect not started" in out and "(no changes, not written)" in out, out
    assert out.rstrip().endswith("no prefect"), out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.e2e
def test_cli_rerun_after_an_edit_runs_the_flow(loaded, server_env):
    src, db = loaded
    name = "r0.txt"
    (src / name).open("a").write("补充说明。")
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "run", "--source", str(src), "--db", str(db)],
                          env={**__import__("os").environ, **server_env}, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "new / changed    0 / 1" in proc.stdout and "threads" in proc.stdout
    assert content_hash((src / name).read_bytes()) in db.read_bytes().decode("latin-1")


def test_a_warehouse_that_cannot_be_read_goes_to_the_flow(loaded, tmp_path):
    import duckdb

    src, _ = loaded
    broken = tmp_path / "broken.duckdb"
    con = duckdb.connect(str(broken))
    con.execute("create table meta_schema (schema_version integer, rules_fingerprint varchar)")
    con.close()
    assert unchanged_summary(str(src), str(broken)) is None
