"""The command line's own behaviour: listing questions, clear errors."""
from __future__ import annotations

import subprocess
import sys

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


def test_cli_output_into_a_closed_pipe_stops_quietly():
    proc = subprocess.run(f"{sys.executable} -m fazhi.cli query | head -1", shell=True, capture_output=True, text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
