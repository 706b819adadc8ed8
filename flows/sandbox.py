"""Readers and transforms in child processes, each document bounded in time and memory.

Parsing a hostile file (a zip bomb, a page nested 100,000 deep, a PDF of blank pages) can take
minutes and gigabytes inside lxml, pdfminer or zlib, where a Python thread cannot be stopped.
So the flow reads documents in worker processes that are started once and reused:

- memory: each worker runs under `RLIMIT_AS` (`--reader-memory` MB of address space);
  a reader that needs more gets a MemoryError (or is killed) and the document is quarantined;
- time: the parent waits `--reader-timeout` seconds for a document, then kills the worker
  and quarantines it; the worker also sets its own CPU-time limit before each document, so
  it cannot outlive a parent that died.

A worker that failed is replaced by a new one; the others go on. A worker is a fresh
`python -m flows.sandbox` (about a second to start and import the readers), started when
first needed and reused for every later document of the process.

The flow sends each document whole (`process`: read, normalise, metadata, sections, facts):
the parent's threads then only wait on sockets, so two batches in two threads keep two
workers, and so two cores, busy, which the thread runner alone cannot do with pure-Python
transforms. `read` reads only (tests and tools).
"""
from __future__ import annotations

import atexit
import logging
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from flows.options import DEFAULTS
from transforms.readers import Extracted, ReadError, read_document

if TYPE_CHECKING:  # the pipeline itself is imported lazily, by the worker and by `process`
    from transforms.pipeline import RawDocument

# How long a new worker may take to start (import the readers) before a document is sent to it; a
# document's own time limit starts then, so a slow start on a busy machine costs no document.
STARTUP_SECONDS = 120.0
# Imported by a worker as it starts, so that no document's time limit pays for them.
_PRELOAD = ("lxml.html", "trafilatura", "pdfplumber", "docx", "charset_normalizer")
# Test hook: workers read with this function ('module:function') instead of read_document,
# so that tests can make a document slow, CPU-bound or memory-hungry on purpose.
TEST_READER_ENV = "FAZHI_TEST_READER"
# Prefix of the reason when a reader raised something else than ReadError: a bug to report.
UNEXPECTED = "the reader failed unexpectedly:"


@dataclass(frozen=True)
class Limits:
    """Per-document limits of a reader; 0 means no limit of that kind."""

    timeout_seconds: float = DEFAULTS.reader_timeout
    memory_mb: int = DEFAULTS.reader_memory


def _reader():
    """read_document, or the test reader named by FAZHI_TEST_READER ('module:function')."""
    import importlib

    spec = os.environ.get(TEST_READER_ENV)
    if not spec:
        return read_document
    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose run was killed (no clean-up ran) stops within a second instead of finishing its document."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _worker(conn: Connection, memory_mb: int) -> None:
    """Child process: read documents sent over `conn` until the parent closes it."""
    import importlib

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    for module in _PRELOAD:
        importlib.import_module(module)
    read = _reader()
    from transforms.pipeline import process_document, quarantine_reason

    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(("ready", os.getpid()))  # a document's time limit starts after this, not with the process
    while True:
        try:
            op, payload, cpu_seconds = conn.recv()
        except (EOFError, OSError):
            return
        if cpu_seconds:
            used = resource.getrusage(resource.RUSAGE_SELF)
            soft = int(used.ru_utime + used.ru_stime + cpu_seconds) + 1
            resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
        try:
            if op == "process":
                try:
                    reply = ("ok", process_document(payload, read))
                except (MemoryError, RecursionError):
                    raise
                except ReadError as exc:
                    reply = ("read_error", str(exc))
                except Exception as exc:  # noqa: BLE001 - the parent records it as process_batch would
                    reply = ("quarantined", quarantine_reason(exc))
            else:
                reply = ("ok", read(*payload))
        except ReadError as exc:
            reply = ("read_error", str(exc))
        except MemoryError:
            reply = ("memory", "")
        except RecursionError:
            reply = ("read_error", "nested too deeply to read (recursion limit)")
        except Exception as exc:  # noqa: BLE001 - any reader failure quarantines this one document
            reply = ("read_error", f"{UNEXPECTED} {type(exc).__name__}: {exc}")
        del payload
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", ""))
        if reply[0] == "memory":
            return  # a process that ran out of memory may be in a bad state: the parent starts another


class _WorkerQuarantined(Exception):
    """The worker's document failed a stage after reading: args[0] is (stage, reason)."""


class _Worker:
    """A reader process (`python -m flows.sandbox`) and the socket to it."""

    def __init__(self, memory_mb: int):
        ours, theirs = socket.socketpair()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "flows.sandbox", str(theirs.fileno()), str(memory_mb)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the worker has imported its readers (its first message); False if it did not in time."""
        if not self.ready:
            try:
                self.ready = self.conn.poll(timeout) and self.conn.recv()[0] == "ready"
            except (EOFError, OSError):
                self.ready = False
        return self.ready

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


class ReaderSandbox:
    """Reads documents in reused worker processes, one document per worker at a time (thread-safe)."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.unavailable: str | None = None

    def _checkout(self) -> _Worker | None:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if self.unavailable:
                return None
        try:
            worker = _Worker(self.limits.memory_mb)
        except OSError as exc:
            # No process can be started here (a process limit, a locked-down worker): read in-process.
            self.unavailable = f"{type(exc).__name__}: {exc}"
            logging.getLogger("fazhi").warning("readers run without per-document limits here: %s", self.unavailable)
            return None
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def read(self, name: str, data: bytes) -> Extracted:
        """`read_document(name, data)` in a worker; limits exceeded or a crash raise ReadError."""
        return self._call("read", (name, data), lambda: read_document(name, data))

    def process(self, doc: RawDocument) -> tuple:
        """`process_document(doc)` in a worker: the report row and its frames. A document to quarantine
        raises Quarantined (or ReadError when a limit was exceeded or the worker crashed)."""
        from transforms.pipeline import Quarantined, process_document

        try:
            return self._call("process", doc, lambda: process_document(doc))
        except _WorkerQuarantined as exc:
            raise Quarantined(*exc.args[0]) from None

    def _call(self, op: str, payload, in_process):
        if _stopped.is_set():
            raise ReadError("not read: the run was cancelled")
        timeout = self.limits.timeout_seconds or None
        worker = self._checkout()
        if worker is None:
            return in_process()
        if not worker.wait_ready(STARTUP_SECONDS):
            self._retire(worker)
            raise ReadError(f"the reader process did not start within {STARTUP_SECONDS:g} s")
        try:
            worker.conn.send((op, payload, timeout))
            if not worker.conn.poll(timeout):
                self._retire(worker)
                raise ReadError(f"reading took longer than {self.limits.timeout_seconds:g} s, the limit per "
                                "document (--reader-timeout)")
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            try:
                code = worker.proc.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            self._retire(worker)
            raise ReadError(self._death(code)) from None
        if kind == "memory":
            self._retire(worker)
            raise ReadError(self._memory())
        with self._lock:
            self._idle.append(worker)
        if kind == "read_error":
            raise ReadError(value)
        if kind == "quarantined":
            raise _WorkerQuarantined(value)
        return value

    def _memory(self) -> str:
        return (f"reading needed more than {self.limits.memory_mb} MB of memory, the limit per document "
                "(--reader-memory)")

    def _death(self, code: int | None) -> str:
        if code == -signal.SIGXCPU:
            return (f"reading used more than {self.limits.timeout_seconds:g} s of CPU, the limit per document "
                    "(--reader-timeout)")
        if code == -signal.SIGKILL:
            return self._memory() + " (the reader was killed)"
        return f"the reader process died ({'signal ' + str(-code) if code and code < 0 else f'exit {code}'})"

    def close(self) -> None:
        """Stop every worker (idle or busy)."""
        with self._lock:
            workers, self._all, self._idle = list(self._all), set(), []
        for worker in workers:
            worker.kill()


_sandboxes: dict[Limits, ReaderSandbox] = {}
_guard = threading.Lock()
_stopped = threading.Event()


def stop_all() -> None:
    """The run is being cancelled: stop every worker now, and make every later read fail at once."""
    _stopped.set()
    close_all()


def sandbox(limits: Limits) -> ReaderSandbox:
    """The sandbox of this process for `limits`, started on first use and kept for later batches."""
    with _guard:
        if limits not in _sandboxes:
            _sandboxes[limits] = ReaderSandbox(limits)
        return _sandboxes[limits]


def close_all() -> None:
    """Stop every reader worker of this process (at exit, or when a run is cancelled)."""
    with _guard:
        boxes = list(_sandboxes.values())
        _sandboxes.clear()
    for box in boxes:
        box.close()


def worker_pids() -> list[int]:
    with _guard:
        return [w.proc.pid for box in _sandboxes.values() for w in list(box._all)]


atexit.register(close_all)

if __name__ == "__main__":
    _worker(Connection(int(sys.argv[1])), int(sys.argv[2]))
