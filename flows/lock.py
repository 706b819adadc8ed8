"""One writer per warehouse: a lock held from reading the warehouse's state until its publish ends.

The lock is an `flock` on `WAREHOUSE.lock`, which also records who holds it
(pid, start time, host) so that a second run can say who is writing. The
kernel releases an `flock` when its process dies, even by `kill -9`; a lock
file left behind by a dead run is taken over with a warning. A clean release
removes the file.

The lock is re-entrant within a process: `fazhi run` takes it before Prefect
starts (so a busy warehouse is reported at once) and the flow takes it again.
No Prefect import here: the command line uses this module before Prefect loads.
"""
from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.2


class WarehouseBusyError(RuntimeError):
    """Another fazhi run is writing this warehouse."""


@dataclass
class _Held:
    fd: int
    path: Path
    depth: int
    stale: str | None


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def lock_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".lock")


def _key(db: str | Path) -> Path:
    return lock_path(Path(db).expanduser().absolute())


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", "replace").strip()


def _describe(record: str) -> tuple[int | None, str]:
    """(pid, 'pid N, started T') of a lock record 'pid=N started=T host=H'."""
    fields = dict(part.split("=", 1) for part in record.split() if "=" in part)
    pid = int(fields["pid"]) if fields.get("pid", "").isdigit() else None
    host = fields.get("host")
    where = f" on {host}" if host and host != socket.gethostname() else ""
    return pid, f"pid {fields.get('pid', '?')}{where}, started {fields.get('started', '?')}"


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


def _open_locked(path: Path, timeout: float, db: Path) -> int:
    """A descriptor of `path` holding its exclusive flock; waits up to `timeout` seconds."""
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                who = _describe(holder)[1] if holder else "pid ?"
                raise WarehouseBusyError(f"another fazhi run ({who}) is writing {db}") from None
            time.sleep(POLL_SECONDS)
            continue
        # The holder we waited for removes the file as it releases it: a lock on an unlinked
        # file excludes nobody, so lock the file that is at the path now.
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def acquire(db: str | Path, timeout: float = 0.0) -> str | None:
    """Take the writer lock of warehouse `db`; returns a warning when a dead run's lock was taken over.

    Raises `WarehouseBusyError` ("another fazhi run (pid N, started T) is writing DB")
    when another process holds it for longer than `timeout` seconds.
    """
    key = _key(db)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.depth += 1
            return None
    key.parent.mkdir(parents=True, exist_ok=True)
    fd = _open_locked(key, timeout, Path(db))
    previous = _read(fd)
    stale = None
    if previous:
        pid, who = _describe(previous)
        state = "is still running but no longer holds it" if _alive(pid) and pid != os.getpid() else "ended"
        stale = f"took over the lock of an earlier fazhi run ({who}) that {state} without releasing it"
    record = f"pid={os.getpid()} started={dt.datetime.now().isoformat(timespec='seconds')} host={socket.gethostname()}\n"
    os.ftruncate(fd, 0)
    os.pwrite(fd, record.encode("utf-8"), 0)
    with _guard:
        _held[key] = _Held(fd, key, 1, stale)
    return stale


def release(db: str | Path) -> None:
    """Give the lock back; the outermost release removes the lock file."""
    key = _key(db)
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.depth -= 1
        if held.depth > 0:
            return
        del _held[key]
    try:
        os.unlink(held.path)  # while still locked: a waiter then locks the new file, never this one
    except FileNotFoundError:
        pass
    fcntl.flock(held.fd, fcntl.LOCK_UN)
    os.close(held.fd)


def release_all() -> None:
    """Give back every lock this process holds, however deeply (a cancelled run on its way out)."""
    with _guard:
        held = list(_held.values())
        _held.clear()
    for h in held:
        try:
            os.unlink(h.path)
        except FileNotFoundError:
            pass
        fcntl.flock(h.fd, fcntl.LOCK_UN)
        os.close(h.fd)


def holds(db: str | Path) -> bool:
    """True when this process holds the writer lock of `db`."""
    with _guard:
        return _key(db) in _held


class writer_lock:
    """`with writer_lock(db, timeout):` holds the lock of `db` for the block (re-entrant in a process)."""

    def __init__(self, db: str | Path, timeout: float = 0.0):
        self.db, self.timeout, self.warning = db, timeout, None

    def __enter__(self) -> writer_lock:
        self.warning = acquire(self.db, self.timeout)
        return self

    def __exit__(self, *exc) -> None:
        release(self.db)
