"""Every word list of data/rules/lexicon.csv decides at least one case of the case tables.

A list is neutralised (its entries replaced by one word no text contains) in a copy of the rules
folder, the extractors are imported afresh in a forked process reading that copy, and the case
tables of facts and metadata must then give at least one different answer. A list whose loss
changes nothing is a rule without a case: add the case that shows why the rule is there.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import pytest

from transforms.rules import RULES_DIR

SENTINEL = "\u2063无此词\u2063"  # invisible separators around a word: no report contains it


# The groups of lists (their "# ---- group:" headers in lexicon.csv) whose case tables are in tests/cases.
GROUPS = ("facts",)


def _lists() -> list[str]:
    """The lists of the GROUPS, in file order."""
    group, found = None, {}
    for line in (RULES_DIR / "lexicon.csv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---- "):
            group = line.removeprefix("# ---- ").split(":")[0].strip()
        elif line and not line.startswith("#") and not line.startswith("list,") and group in GROUPS:
            found.setdefault(line.split(",", 1)[0])
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


def _answers(rules: str | None, out) -> None:
    """In a forked child: import the extractors afresh (reading `rules`) and hash their answers to every case."""
    try:
        if rules:
            os.environ["FAZHI_RULES_DIR"] = rules
        for mod in [m for m in sys.modules if m == "transforms" or m.startswith("transforms.")]:
            del sys.modules[mod]
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
        out.send(digest.hexdigest())
    except BaseException as exc:  # noqa: BLE001 - the parent shows it
        out.send(f"error: {type(exc).__name__}: {exc}")


def _run(rules: str | None) -> str:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_answers, args=(rules, child))
    proc.start()
    answer = parent.recv() if parent.poll(300) else "error: no answer in 300 s"
    proc.join(30)
    return answer


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
