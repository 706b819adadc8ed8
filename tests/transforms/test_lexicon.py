"""Every word list of data/rules/lexicon.csv decides at least one case of the case tables.

A list is neutralised (its entries replaced by one word no text contains) in a copy of the rules
folder, the extractors run in a fresh interpreter reading that copy, and the case
tables of facts and metadata must then give at least one different answer. A list whose loss
changes nothing is a rule without a case: add the case that shows why the rule is there.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from transforms.rules import RULES_DIR

SENTINEL = "\u2063无此词\u2063"  # invisible separators around a word: no report contains it


# The groups of lists (their "# ---- group:" headers in lexicon.csv) whose case tables are in tests/cases,
# less the lists the code reads by name (weights, windows, levels): those cannot be neutralised.
GROUPS = ("facts", "metadata", "dates and page labels")
READ_BY_NAME = {"agency_weight", "page_window", "relative_level"}


def _lists() -> list[str]:
    """The lists of the GROUPS, in file order."""
    group, found = None, {}
    for line in (RULES_DIR / "lexicon.csv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---- "):
            group = line.removeprefix("# ---- ").split(":")[0].strip()
        elif line and not line.startswith("#") and not line.startswith("list,") and group in GROUPS:
            found.setdefault(line.split(",", 1)[0])
    for name in READ_BY_NAME:
        found.pop(name, None)
    return list(found)


def _neutralised(folder: Path, name: str) -> Path:
    """A copy of the rules with list `name` reduced to the sentinel (its values kept for the first row)."""
    shutil.copytree(RULES_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    lines, done = [], False
    for line in (RULES_DIR / "lexicon.csv").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name},"):
            if done:
                continue
            value = line.split(",", 2)[2]
            line, done = f"{name},{SENTINEL},{value}", True
        lines.append(line)
    (folder / "lexicon.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# Run in a fresh interpreter (a forked child of a process whose polars threads run may hang).
_ANSWERS = """
import hashlib
from tests.cases.dept_fact_cases import DEPT_CASES
from tests.cases.fact_cases import CASES
from tests.cases.metadata_cases import METADATA_CASES
from transforms.facts import extract_facts
from transforms.metadata import extract_metadata
from transforms.normalise import normalise

digest = hashlib.sha256()
for text in [c[1] for c in CASES] + [c[2] for c in DEPT_CASES]:
    digest.update(repr(extract_facts(normalise(text)).drop("subject").rows()).encode())
for _, text, url, _ in METADATA_CASES:
    digest.update(repr(extract_metadata(text, normalise(text), url=url).as_dict()).encode())
print(digest.hexdigest())
"""


def _run(rules: str | None) -> str:
    """The hash of the extractors' answers to every case, with the rules of folder `rules` (None: the rules)."""
    env = {k: v for k, v in os.environ.items() if k != "FAZHI_RULES_DIR"}
    if rules:
        env["FAZHI_RULES_DIR"] = rules
    proc = subprocess.run([sys.executable, "-c", _ANSWERS], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)
    if proc.returncode != 0:
        return "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def baseline() -> str:
    answer = _run(None)
    assert not answer.startswith("error"), answer
    return answer


@pytest.mark.parametrize("name", _lists())
def test_lexicon_every_list_decides_a_case(name, baseline, tmp_path):
    answer = _run(str(_neutralised(tmp_path / "rules", name)))
    assert not answer.startswith("error"), answer
    assert answer != baseline, f"lexicon list {name!r} decides no case of tests/cases: add the case it is for"
