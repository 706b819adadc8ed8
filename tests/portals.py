"""Invented government portals of each site family, served on loopback for the crawl tests.

`PortalServer` serves tests/fixtures/portals on 127.0.0.1 (a free port) from a thread: a request for
PATH?QUERY is the file PATH@QUERY. It answers conditional requests (ETag, Last-Modified) with 304,
follows a plan of misbehaviours per path (`plan[path] = ["slow", "503", ...]`, one per request), can
hang on its N-th request (`hang_at`), and logs every request (`log`: path, status, conditional).
It never contacts any other address.
"""
from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.make_files import make_docx, make_pdf
from tests.synthetic import report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "portals"
LAST_MODIFIED = "Wed, 27 Mar 2024 08:00:00 GMT"
REDIRECTS = {"/art/2022/3/30/old_104.html": "/art/2022/3/30/art_1229_104.html"}
# Pages that say their charset only in the HTTP header.
GBK_HEADER = {"/plain/content/2024-03/fz2023.html"}
TYPES = {".html": "text/html", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".pdf": "application/pdf", ".txt": "text/plain"}


def generated() -> dict[str, bytes]:
    """The binary attachments, made at start: a DOCX and a PDF report."""
    docx = report("宁波市科学技术局", 2022, reviewed=6, cases=3, published="2023-03-20")
    pdf = report("许昌市生态环境局", 2022, reviewed=4, cases=2, published="2023-03-29")
    return {"/picture/0/fzbg2022.docx": make_docx(docx), "/plain/files/fz2022.pdf": make_pdf(pdf)}


class PortalServer:
    def __init__(self, root: Path = FIXTURES):
        self.root = root
        self.extra = generated()
        self.plan: dict[str, list[str]] = {}
        self.log: list[tuple[str, int, bool]] = []
        self.arrived: list[str] = []  # every request's path, logged when it comes in (`log`: when answered)
        self.agents: set[str] = set()  # the User-Agent headers seen
        self.slow_seconds = 1.5
        self.hang_at: int | None = None
        self.requests = 0
        self.generation = 0  # a request that arrived before the last reset() is not logged after it
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # a client that timed out: nothing to say
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> PortalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self) -> None:
        with self._lock:
            self.plan.clear()
            self.log.clear()
            self.arrived.clear()
            self.agents.clear()
            self.hang_at = None
            self.requests = 0
            self.generation += 1

    def paths(self, status: int | None = None) -> list[str]:
        """The paths requested (answered with `status` only, if given), in order."""
        return [p for p, s, _ in self.log if status is None or s == status]

    def body(self, target: str) -> bytes | None:
        if target in self.extra:
            return self.extra[target]
        path, _, query = target.partition("?")
        file = self.root / (path.lstrip("/") + (f"@{query}" if query else ""))
        if path.endswith("/"):
            file = file / "index.html"
        return file.read_bytes() if file.is_file() and self.root in file.resolve().parents else None

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
                conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
                with server._lock:
                    if self.generation == server.generation:
                        server.log.append((self.path, status, conditional))
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def do_GET(self):
                with server._lock:
                    self.generation = server.generation
                    server.requests += 1
                    server.arrived.append(self.path)
                    server.agents.add(self.headers.get("User-Agent", ""))
                    n = server.requests
                    step = server.plan.get(self.path, []).pop(0) if server.plan.get(self.path) else None
                if server.hang_at is not None and n >= server.hang_at:
                    time.sleep(60)
                    return
                if step == "slow":
                    time.sleep(server.slow_seconds)
                elif step and step.isdigit():
                    return self._answer(int(step), b"busy")
                if self.path in REDIRECTS:
                    return self._answer(301, headers={"Location": REDIRECTS[self.path]})
                body = server.body(self.path)
                if body is None:
                    return self._answer(404, b"not found", {"Content-Type": "text/html"})
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                    return self._answer(304, headers={"ETag": etag})
                path = self.path.split("?")[0]
                suffix = Path(path).suffix
                kind = TYPES.get(suffix, "application/json" if body.startswith(b"{") else "text/html")
                if path in GBK_HEADER:
                    kind += "; charset=GBK"
                self._answer(200, body, {"Content-Type": kind, "ETag": etag, "Last-Modified": LAST_MODIFIED})

        return Handler
