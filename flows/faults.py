"""Test hook: stop dead at a named point of a run, so that a test can kill or signal it there.

`FAZHI_FAULT_POINT=before-commit fazhi run ...` makes the run print `fazhi fault point reached:
before-commit` on stderr and sleep when it gets there. Points: discover, transform, after-copy,
before-commit, before-rename, after-rename. Unset (always, outside tests), it does nothing.
"""
from __future__ import annotations

import os
import sys
import time

FAULT_ENV = "FAZHI_FAULT_POINT"


def fault(point: str) -> None:
    if os.environ.get(FAULT_ENV) == point:
        sys.stderr.write(f"fazhi fault point reached: {point}\n")
        sys.stderr.flush()
        time.sleep(3600)
