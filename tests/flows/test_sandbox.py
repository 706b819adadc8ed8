"""Readers in worker processes: per-document limits on time and memory, crashes contained, workers reused."""
from __future__ import annotations

import pytest

from flows.sandbox import TEST_READER_ENV, Limits, ReaderSandbox
from transforms.readers import ReadError

GOOD = ("法治政府建设情况报告。" * 30).encode("utf-8")


@pytest.fixture()
def misbehaving(monkeypatch):
    """Sandboxes whose workers read with tests.slow_readers.misbehave."""
    monkeypatch.setenv(TEST_READER_ENV, "tests.slow_readers:misbehave")
    boxes = []

    def make(timeout: float = 30.0, memory: int = 512) -> ReaderSandbox:
        boxes.append(ReaderSandbox(Limits(timeout, memory)))
        return boxes[-1]

    yield make
    for box in boxes:
        box.close()


def test_sandbox_reads_like_read_document_and_reuses_its_worker(misbehaving):
    box = misbehaving()
    first = box.read("a.txt", GOOD)
    pid = next(iter(box._all)).proc.pid
    second = box.read("b.txt", GOOD)
    assert first.text == second.text == GOOD.decode("utf-8") and first.fmt == "text"
    assert [w.proc.pid for w in box._all] == [pid]


def test_sandbox_passes_read_errors_through(misbehaving):
    box = misbehaving()
    with pytest.raises(ReadError, match="file is empty"):
        box.read("empty.txt", b"   ")
    assert box.read("a.txt", GOOD).fmt == "text"  # the same worker goes on


@pytest.mark.parametrize("name, limits, reason", [
    ("sleep.txt", (2.0, 512), r"took longer than 2 s.*--reader-timeout"),
    ("spin.txt", (2.0, 512), r"took longer than 2 s.*--reader-timeout"),
    ("hog.txt", (60.0, 512), r"more than 512 MB of memory.*--reader-memory"),
    ("crash.txt", (60.0, 512), r"reader process died \(signal 11\)"),
])
def test_sandbox_quarantines_a_document_over_its_limits_and_goes_on(misbehaving, name, limits, reason):
    box = misbehaving(*limits)
    box.read("warm.txt", GOOD)  # the worker has started: the limit counts only the document
    with pytest.raises(ReadError, match=reason):
        box.read(name, GOOD)
    assert box.read("after.txt", GOOD).fmt == "text"
    assert len(box._all) == 1  # the failed worker was replaced, not kept


def test_sandbox_close_stops_every_worker(misbehaving):
    box = misbehaving()
    box.read("a.txt", GOOD)
    procs = [w.proc for w in box._all]
    box.close()
    assert procs and all(p.poll() is not None for p in procs)
