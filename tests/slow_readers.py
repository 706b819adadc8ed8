"""Readers that misbehave on purpose, for the tests of per-document limits and of cancellation.

A sandbox worker uses one of them when FAZHI_TEST_READER names it ('tests.slow_readers:misbehave').
Each behaves like `read_document` except on documents whose name asks for trouble.
"""
from __future__ import annotations

import time

from transforms.readers import read_document


def misbehave(name: str, data: bytes):
    if "sleep" in name:
        time.sleep(3600)
    if "spin" in name:
        while True:
            pass
    if "hog" in name:
        hoard = []
        while True:
            hoard.append(bytearray(100_000_000))
    if "crash" in name:
        import os
        import signal

        os.kill(os.getpid(), signal.SIGSEGV)
    return read_document(name, data)
