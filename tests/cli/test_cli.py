"""The command line's own behaviour: listing questions, clear errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.analysis import analyses, describe
from fazhi.cli import main


@pytest.mark.parametrize("name", sorted(analyses()))
def test_cli_every_analysis_states_its_question(name):
    question = describe(name)
    assert question.endswith("?") and "parameters" not in question


def test_cli_query_lists_the_questions(capsys):
    assert main(["query"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == sorted(analyses())


def test_cli_run_on_a_missing_source_is_a_clear_error(tmp_path, capsys):
    assert main(["run", "--source", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "source not found" in capsys.readouterr().err


def test_cli_query_on_a_missing_warehouse_is_a_clear_error(tmp_path, capsys):
    assert main(["query", "coverage", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert capsys.readouterr().err.startswith("fazhi: ")


def test_cli_output_into_a_closed_pipe_stops_quietly(tmp_path):
    """`fazhi ... | head -1`: the reader goes away after one line; fazhi itself exits 0 without a traceback."""
    # Enough output to fill the pipe's buffer, so that the write after the reader has gone fails.
    script = "import sys; from fazhi.cli import main; sys.argv[1:] = ['query']; [main(['query']) for _ in range(200)]"
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert first and "Traceback" not in err and "BrokenPipeError" not in err


# ------------------------------------------------------------ options checked before Prefect starts

PROBE = """
import sys
from fazhi.cli import main
status = main(sys.argv[1:])
sys.stderr.write(f"\\nprefect imported: {'prefect' in sys.modules}\\n")
sys.exit(status)
"""


def _probe(args, cwd=None, env=None, read_only: Path | None = None):
    """`fazhi ARGS` in a fresh interpreter: (exit status, stderr lines, whether Prefect was imported).

    With `read_only`, that folder is read-only for the command: by its mode for an ordinary user,
    and, since root may write anywhere, by a read-only tmpfs mounted over it in a private mount
    namespace when the tests run as root.
    """
    import os

    argv = [sys.executable, "-c", PROBE, *args]
    if read_only is not None:
        read_only.chmod(0o555)
        if os.geteuid() == 0:
            if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
                pytest.skip("running as root without mount namespaces: cannot make a folder read-only")
            argv = ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o ro tmpfs "$0" && exec "$@"', str(read_only),
                    *argv]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **(env or {})})
    lines = proc.stderr.strip().splitlines()
    return proc.returncode, [ln for ln in lines[:-1] if ln], lines[-1] == "prefect imported: True"


@pytest.fixture()
def not_a_warehouse(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("my notes, not a database\n")
    return path


BAD_OPTIONS = [
    (["--runner", "bogus"], "--runner 'bogus' is not a runner: one of auto, threads, processes, dask"),
    (["--batch-size", "0"], "--batch-size must be at least 1, not 0"),
    (["--batch-size", "many"], "--batch-size must be a whole number, not 'many'"),
    (["--workers", "-2"], "--workers must be 0 (one per core) or more, not -2"),
    (["--lock-timeout", "-1"], "--lock-timeout must be 0 or more seconds"),
    (["--reader-timeout", "soon"], "--reader-timeout must be a number, not 'soon'"),
    (["--reader-memory", "10"], "--reader-memory must be 0 (no limit) or at least 256 MB"),
    (["--dask-address", "tcp://x:8786", "--runner", "threads"], "--dask-address is for --runner dask"),
    (["--source", "nowhere"], "source not found: nowhere"),
    (["--source", "ftpx://bucket/x"], "unknown protocol 'ftpx'"),
]


@pytest.mark.parametrize("args, message", BAD_OPTIONS, ids=[a[0] for a, _ in BAD_OPTIONS])
def test_cli_bad_run_options_one_line_exit_2_before_prefect(args, message, seed_dir, tmp_path):
    full = ["run", "--source", str(seed_dir), "--db", str(tmp_path / "wh.duckdb"), *args]
    status, err, prefect = _probe(full, cwd=tmp_path)
    assert (status, len(err), prefect) == (2, 1, False), err
    assert err[0].startswith("fazhi: ") and message in err[0]


def test_cli_a_file_that_is_not_a_warehouse_is_refused(not_a_warehouse, seed_dir):
    status, err, prefect = _probe(["run", "--source", str(seed_dir), "--db", str(not_a_warehouse)])
    assert (status, prefect) == (2, False)
    assert err == [f"fazhi: {not_a_warehouse} is not a DuckDB database, not a fazhi warehouse; "
                   "give another --db, or move the file away"]
    assert not_a_warehouse.read_text() == "my notes, not a database\n"


@pytest.mark.parametrize("command", [["query", "coverage"], ["export", "out"], ["indicators"], ["terms"]])
def test_cli_readers_of_a_file_that_is_not_a_warehouse(command, not_a_warehouse, tmp_path):
    status, err, _ = _probe([*command, "--db", str(not_a_warehouse)], cwd=tmp_path)
    assert status == 2 and len(err) == 1 and "is not a DuckDB database" in err[0]


def test_cli_warehouse_in_a_folder_that_cannot_be_written(seed_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    status, err, prefect = _probe(["run", "--source", str(seed_dir), "--db", str(blocker / "wh.duckdb")])
    assert (status, prefect) == (2, False) and "is not a folder" in err[0]


READ_ONLY = ("(Permission denied)", "(Read-only file system)")


def test_cli_read_only_folder_is_a_clear_error(seed_dir, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    status, err, prefect = _probe(["run", "--source", str(seed_dir), "--db", str(folder / "wh.duckdb")],
                                  read_only=folder)
    assert (status, prefect) == (2, False), err
    assert len(err) == 1 and err[0].startswith(f"fazhi: --db {folder / 'wh.duckdb'}: cannot write in {folder} (")
    assert err[0].endswith(READ_ONLY), err


def test_cli_export_into_a_read_only_folder_is_a_clear_error(known_warehouse_file, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    status, err, _ = _probe(["export", str(folder / "out"), "--db", str(known_warehouse_file)], read_only=folder)
    assert status == 2 and len(err) == 1, err
    assert err[0].startswith(f"fazhi: cannot write the export into {folder / 'out'}: ")
    assert err[0].endswith(tuple(r.strip("()") for r in READ_ONLY))


# ------------------------------------------------------------ config file after the subcommand; query reads it

def test_cli_config_given_after_the_subcommand(tmp_path, seed_dir):
    config = tmp_path / "x.toml"
    config.write_text('[run]\nrunner = "nonsense"\n')
    status, err, _ = _probe(["run", "--source", str(seed_dir), "--db", str(tmp_path / "wh.duckdb"),
                             "--config", str(config)], cwd=tmp_path)
    assert status == 2 and "--runner 'nonsense'" in err[0]
    status, err, _ = _probe(["--config", str(config), "run", "--source", str(seed_dir)], cwd=tmp_path)
    assert status == 2 and "--runner 'nonsense'" in err[0]


def test_cli_broken_config_file_is_one_line(tmp_path):
    (tmp_path / "fazhi.toml").write_text("[run\nsource = \n")
    status, err, _ = _probe(["run"], cwd=tmp_path)
    assert status == 2 and len(err) == 1 and "fazhi.toml is not valid TOML" in err[0]


@pytest.mark.parametrize("command", [["query", "coverage"], ["indicators"], ["terms"]])
def test_cli_query_reads_db_from_the_config_file(command, known_warehouse_file, tmp_path):
    (tmp_path / "fazhi.toml").write_text(f'[run]\ndb = "{known_warehouse_file}"\n')
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", *command, "--format", "csv"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) > 2


def test_cli_export_reads_db_from_the_config_file(known_warehouse_file, tmp_path):
    (tmp_path / "fazhi.toml").write_text(f'[run]\ndb = "{known_warehouse_file}"\n')
    assert subprocess.run([sys.executable, "-m", "fazhi.cli", "export", "out", "--format", "csv"], cwd=tmp_path,
                          capture_output=True, timeout=120).returncode == 0
    assert (tmp_path / "out" / "export_reports.csv").read_text(encoding="utf-8").count("\n") == 7


# ------------------------------------------------------------ names the warehouse does not know

UNKNOWN = [
    (["indicator_by_agency_year", "--indicator", "normative_doc_reviewed"],
     "unknown --indicator 'normative_doc_reviewed'; closest: normative_docs_reviewed"),
    (["policy_term_trends", "--term", "放管"], "unknown --term '放管'; closest: 放管服"),
    (["coverage", "--city", "苏洲市"], "unknown --city '苏洲市'; closest: 苏州市"),
    (["coverage", "--agency", "科学技术厅"], "no agency name contains '科学技术厅'; closest: "),
]


@pytest.mark.parametrize("args, message", UNKNOWN, ids=[a[2] for a, _ in UNKNOWN])
def test_cli_unknown_name_exits_1_with_the_closest(args, message, known_warehouse_file, capsys):
    assert main(["query", *args, "--db", str(known_warehouse_file)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"fazhi: {message}") and len(err.strip().splitlines()) == 1


def test_cli_indicators_and_terms_list_codes_labels_and_counts(known_warehouse_file, capsys):
    import csv
    import io

    assert main(["indicators", "--db", str(known_warehouse_file), "--format", "csv"]) == 0
    rows = {r["indicator_code"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["normative_docs_reviewed"]["name_zh"] and int(rows["normative_docs_reviewed"]["n_facts"]) == 6
    assert "other" in rows
    assert main(["terms", "--db", str(known_warehouse_file), "--format", "csv"]) == 0
    terms = {r["term"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert int(terms["放管服"]["n_mentions"]) == 11 and int(terms["放管服"]["n_reports"]) == 6


@pytest.mark.parametrize("exc, line", [
    (RuntimeError("Client error '422' for url ... " + "x" * 1_000_000),
     "RuntimeError: Client error '422' for url ... " + "x" * (300 - 31) + "…"),
    (ValueError("first line\nsecond line"), "ValueError: first line"),
    (KeyError(), "KeyError: "),
])
def test_cli_a_failure_is_one_short_line(exc, line):
    from flows.run import one_line

    assert one_line(exc) == line
