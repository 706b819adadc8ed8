"""Readers that misbehave on purpose, for the tests of per-document limits and of cancellation.

A sandbox worker uses one of them when FAZHI_TEST_READER names it ('tests.slow_readers:misbehave').
Each behaves like `read_document` except on documents whose name asks for trouble. A document
that sleeps says so first, on stderr and in the file FAZHI_TEST_MARKER names (if set), so that a
test knows when the run is inside the reader.
"""
from __future__ import annotations

import os
import sys
import time

from transforms.readers import read_document

MARKER_ENV = "FAZHI_TEST_MARKER"


def misbehave(name: str, data: bytes):
    if "sleep" in name:
        sys.stderr.write(f"fazhi test reader sleeping on {name}\n")
        sys.stderr.flush()
        if os.environ.get(MARKER_ENV):
            with open(os.environ[MARKER_ENV], "w") as fh:
                fh.write(name)
        time.sleep(3600)
    if "spin" in name:
        while True:
            pass
    if "hog" in name:
        hoard = []
        while True:
            hoard.append(bytearray(100_000_000))
    if "crash" in name:
        import signal

        os.kill(os.getpid(), signal.SIGSEGV)
    return read_document(name, data)
