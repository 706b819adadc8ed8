"""Stopping a run when asked to: SIGTERM (a scheduler, `timeout`, `kill`) and SIGINT (Ctrl-C).

`install()` makes both signals raise `RunCancelled` in the main thread, wherever the run is:
reading the warehouse's state, discovering files, waiting for transform batches, or inside
the publish transaction (which then rolls back and deletes its copy; the warehouse file is
never touched before the final rename, and the rename itself is a short critical section
that a signal waits for). The command line then stops the reader workers and every child
process, removes temporary files and the lock, prints that the run was cancelled and exits
with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).

Python runs a signal handler only between bytecodes of the main thread, and Prefect's task
runner waits for its worker threads when the flow unwinds (a batch may take minutes): so a
watchdog thread, woken by the signal through `set_wakeup_fd`, does the same clean-up and exits
after `GRACE_SECONDS` if the main thread has not finished by then. Worker threads are abandoned.

A run of a served deployment cancelled from Prefect (the UI, `prefect flow-run cancel`) gets
SIGTERM from Prefect's runner; there Prefect's own handler turns it into its cancellation, and
the same clean-up happens on the way out (the lock and the copy are released by `with` blocks).
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

GRACE_SECONDS = 1.5
STAGE = {"name": "starting"}


class RunCancelled(BaseException):
    """The run was asked to stop by a signal (BaseException: nothing on the way may swallow it)."""

    def __init__(self, signum: int):
        super().__init__(f"cancelled by {signal.Signals(signum).name}")
        self.signum = signum


_requested: list[int] = []
_critical_count = [0]
_committed = [False]
_guard = threading.Lock()
_cleanups: list = []


def stage(name: str) -> None:
    """Name the stage the run is in, for the cancelled summary."""
    STAGE["name"] = name


def requested() -> int | None:
    return _requested[0] if _requested else None


def _handler(signum, frame) -> None:
    if not _requested:
        _requested.append(signum)
    if _critical_count[0] or _committed[0]:
        return  # the warehouse is being or has been published: the run finishes
    raise RunCancelled(signum)


@contextlib.contextmanager
def commit_point():
    """Renaming the new warehouse into place: a signal may not interrupt it, and after it the run is done.

    A stop asked for before this point cancels the run with the warehouse untouched; from
    here on the run finishes (its remaining work is seconds at most) and says it was asked to stop.
    """
    with _guard:
        _critical_count[0] += 1
    try:
        yield
        _committed[0] = True
    finally:
        with _guard:
            _critical_count[0] -= 1


def committed() -> bool:
    return _committed[0]


def on_cancel(fn) -> None:
    """Register a clean-up run when the run is cancelled (stop workers, remove temporary files)."""
    _cleanups.append(fn)


def children(pid: int | None = None) -> list[int]:
    """Every descendant process of `pid` (this process by default), deepest first."""
    pid = pid or os.getpid()
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                parent_of[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    out, frontier = [], [pid]
    while frontier:
        nxt = [child for child, parent in parent_of.items() if parent in frontier]
        out.extend(nxt)
        frontier = nxt
    return list(reversed(out))


def stop_children(grace: float = 1.0) -> None:
    """SIGTERM every descendant, SIGKILL those still there after `grace` seconds."""
    pids = children()
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline:
        pids = [p for p in pids if _alive(p)]
        time.sleep(0.05)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def cleanup() -> None:
    """Run the registered clean-ups and stop every child process; never raises."""
    for fn in list(_cleanups):
        with contextlib.suppress(Exception):
            fn()
    with contextlib.suppress(Exception):
        stop_children()


def _watchdog(read_fd: int, exit_message) -> None:
    """After a signal, give the main thread GRACE_SECONDS to stop; then clean up and exit anyway."""
    while True:
        try:
            data = os.read(read_fd, 16)
        except OSError:
            return
        if not data or data[-1] not in (signal.SIGINT, signal.SIGTERM):
            continue
        signum = data[-1]
        time.sleep(GRACE_SECONDS)
        while _critical_count[0]:
            time.sleep(0.05)
        if _committed[0]:
            return  # published: the run is finishing on its own
        cleanup()
        with contextlib.suppress(Exception):
            sys.stderr.write(exit_message(signum) + "\n")
            sys.stderr.flush()
        os._exit(128 + signum)


def install(exit_message=lambda signum: f"fazhi: cancelled by {signal.Signals(signum).name}") -> None:
    """Make SIGINT and SIGTERM cancel the run (call from the main thread, before the run starts)."""
    signal.signal(signal.SIGINT, _handler)
    signal.signal(signal.SIGTERM, _handler)
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    threading.Thread(target=_watchdog, args=(read_fd, exit_message), name="fazhi-cancel-watchdog",
                     daemon=True).start()


def signal_of(exc: BaseException) -> int | None:
    """The signal a cancellation came from: ours, or Prefect's TerminationSignal (SIGTERM in a flow run)."""
    if isinstance(exc, RunCancelled):
        return exc.signum
    if type(exc).__name__ == "TerminationSignal":
        return getattr(exc, "signal", signal.SIGTERM)
    if isinstance(exc, KeyboardInterrupt):
        return signal.SIGINT
    return requested()
