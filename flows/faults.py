"""Test hook: stop dead at a named point of a run, so that a test can kill or signal it there.

`FAZHI_FAULT_POINT=before-commit fazhi run ...` makes the run print `fazhi fault point reached:
before-commit` on stderr and sleep when it gets there. Points: discover, transform, batch-written
(a batch's Parquet parts are in the spool, its result not yet returned), after-copy, before-commit,
before-rename, wal-aside (the old file's WAL moved aside, the copy not yet renamed), after-rename.
Several points can be named, separated by commas.

With `FAZHI_FAULT_ONCE=PATH` a point stops only the first process that reaches it: that process
creates PATH (holding its pid) and sleeps; every later arrival, in any process, passes. A test can
so hold one batch of a Dask cluster, kill the worker running it, and let the batch run again
elsewhere. Unset (always, outside tests), `fault` does nothing.
"""
from __future__ import annotations

import os
import sys
import time

FAULT_ENV = "FAZHI_FAULT_POINT"
ONCE_ENV = "FAZHI_FAULT_ONCE"


def fault(point: str) -> None:
    points = os.environ.get(FAULT_ENV)
    if not points or point not in points.split(","):
        return
    once = os.environ.get(ONCE_ENV)
    if once:
        try:
            fd = os.open(once, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return  # another process stopped here already
        os.write(fd, f"{os.getpid()} {point}\n".encode())
        os.close(fd)
    sys.stderr.write(f"fazhi fault point reached: {point}\n")
    sys.stderr.flush()
    time.sleep(3600)
