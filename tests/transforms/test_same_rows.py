"""The rows the transform makes of a pinned synthetic corpus (every format) are the pinned ones.

A change meant to make the transform faster, or to tidy it, must not change a fact, field, section or
term row (issue 22). A change meant to change rows (a new rule) writes the pin again with
`benchmarks/same_outputs.py --pin tests/fixtures/rows-synth.sha256`, and the diff of that file names
every document it changed. The synth corpus's bytes are pinned too (tests/cli/test_synth.py).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = ROOT / "tests" / "fixtures" / "rows-synth.sha256"
sys.path.insert(0, str(ROOT / "benchmarks"))

from same_outputs import PINNED_SYNTH, pinned_digests  # noqa: E402


def _pinned() -> dict[str, str]:
    lines = PIN.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (ln.split("  ", 1) for ln in lines)}


def test_rows_of_the_pinned_corpus_are_the_pinned_ones(tmp_path):
    pinned = _pinned()
    assert len(pinned) == PINNED_SYNTH[1]
    now = pinned_digests(tmp_path / "reports")
    changed = sorted(name for name in pinned.keys() | now.keys() if pinned.get(name) != now.get(name))
    assert not changed, (f"{len(changed)} documents have other rows ({', '.join(changed[:8])}...): if the change is "
                         "meant, run benchmarks/same_outputs.py --pin tests/fixtures/rows-synth.sha256")
