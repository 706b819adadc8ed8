"""A polite HTTP fetcher for the crawl: robots.txt, one request at a time per host with a delay,
a User-Agent naming fazhi, retries with backoff on 5xx and time-outs, conditional GET, redirects.

Every body is written to disk (atomically) and recorded in the crawl's state before `get` returns,
so a crawl killed at any moment loses at most the request in flight. Within a resumed run a URL
already fetched is read back from disk without a request; in a later run it is revalidated with
If-None-Match / If-Modified-Since and a 304 keeps the stored body.
"""
from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import tenacity
from protego import Protego
from url_normalize import url_normalize

from flows.crawl import DEFAULT_DELAY, DEFAULT_RETRIES, DEFAULT_TIMEOUT
from flows.crawl.state import CrawlState

# The project's public address, named in the User-Agent: none is published yet. Until it is, give a
# contact of your own with --user-agent ("fazhi/0.1 (+https://your.site; you@your.site)").
PROJECT_URL = ""
USER_AGENT = "fazhi/0.1 (collector of annual reports on law-based government" + (
    f"; +{PROJECT_URL})" if PROJECT_URL else ")")
MAX_BODY = 50 * 1024 * 1024


class FetchFailed(Exception):
    """The URL could not be had: `status` (None for a network error) and the reason."""

    def __init__(self, url: str, status: int | None, reason: str, repeated: bool = False):
        super().__init__(f"{reason}: {url}")
        self.url, self.status, self.reason = url, status, reason
        self.repeated = repeated  # already recorded by the run this one resumes


class _Retry(Exception):
    """A 5xx answer: worth another try."""

    def __init__(self, status: int):
        super().__init__(f"HTTP {status}")
        self.status = status


@dataclass(frozen=True)
class Politeness:
    delay_seconds: float = DEFAULT_DELAY
    timeout_seconds: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff_seconds: float = 1.0
    user_agent: str = USER_AGENT

    @classmethod
    def of(cls, delay: float, timeout: float, retries: int, user_agent: str = USER_AGENT) -> Politeness:
        """The settings of `fazhi collect`'s options: retries back off from the delay, a second at most."""
        return cls(delay_seconds=delay, timeout_seconds=timeout, retries=retries, backoff_seconds=min(1.0, delay),
                   user_agent=user_agent)


@dataclass(frozen=True)
class Page:
    url: str
    final_url: str
    body: bytes
    content_type: str | None
    requested: bool  # False: read back from disk in a resumed run
    not_modified: bool = False


@functools.lru_cache(maxsize=65536)
def normalize(url: str) -> str:
    """The crawl's key of an address: url-normalize's form (case, default port, dot segments), no fragment."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # url-normalize's call of idna's transitional mode
        return url_normalize(url.split("#", 1)[0]) or url


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Fetcher:
    """Fetches for one crawl; share it between threads: requests to one host wait for each other."""

    def __init__(self, state: CrawlState, polite: Politeness = Politeness(), transport=None):
        self.state, self.polite = state, polite
        self.client = httpx.Client(headers={"User-Agent": polite.user_agent}, follow_redirects=True,
                                   timeout=polite.timeout_seconds, transport=transport)
        self._hosts: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self._guard = threading.Lock()
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._hosts.setdefault(host, threading.Lock())

    def _send(self, url: str, headers: dict) -> httpx.Response:
        """One GET (retried on 5xx and time-outs), at most one at a time per host, `delay` apart."""
        host = urlsplit(url).netloc
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type((_Retry, httpx.TimeoutException, httpx.TransportError)),
            stop=tenacity.stop_after_attempt(max(1, self.polite.retries)),
            wait=tenacity.wait_exponential(multiplier=self.polite.backoff_seconds, max=60), reraise=True)
        with self._host_lock(host):
            for attempt in retrying:
                with attempt:
                    delay = max(self.polite.delay_seconds, self._crawl_delay(host))
                    wait = self._last.get(host, 0.0) + delay - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    try:
                        self.requests += 1
                        resp = self.client.get(url, headers=headers)
                    finally:
                        self._last[host] = time.monotonic()
                    if resp.status_code >= 500:
                        raise _Retry(resp.status_code)
                    if len(resp.content) > MAX_BODY:
                        raise FetchFailed(url, resp.status_code, f"larger than {MAX_BODY} bytes")
                    return resp
        raise AssertionError("unreachable")

    def _crawl_delay(self, host: str) -> float:
        robots = self._robots.get(host)
        value = robots.crawl_delay(self.polite.user_agent) if robots is not None else None
        return float(value or 0.0)

    def allowed(self, url: str) -> bool:
        """What the host's robots.txt says (read once per crawl). No robots.txt (4xx): all allowed;
        one that cannot be read (5xx, network): nothing allowed (RFC 9309)."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            robots_url = f"{parts.scheme}://{host}/robots.txt"
            try:
                resp = self._send(robots_url, {})
                self._robots[host] = Protego.parse(resp.text) if resp.status_code < 400 else Protego.parse("")
            except (FetchFailed, _Retry, httpx.HTTPError):
                self._robots[host] = None
        robots = self._robots[host]
        return robots is not None and robots.can_fetch(url, self.polite.user_agent)

    def get(self, url: str, dest: Path) -> Page:
        """The page at `url`, its body kept at `dest` (or where an earlier crawl kept it); FetchFailed
        when robots.txt forbids it, it answers 4xx, or 5xx and time-outs outlast the retries."""
        key = normalize(url)
        known = self.state.page(key)
        stored = Path(known["body_path"]) if known and known["body_path"] else None
        have = stored is not None and stored.is_file()
        if known and known["run_id"] == self.state.run_id and known["status"] and known["status"] >= 400:
            raise FetchFailed(key, known["status"], f"HTTP {known['status']}", repeated=True)
        if have and known["run_id"] == self.state.run_id:
            return Page(key, known["final_url"] or key, stored.read_bytes(), known["content_type"], requested=False)
        if not self.allowed(key):
            reason = "robots.txt disallows" if self._robots.get(urlsplit(key).netloc) else "robots.txt unreadable"
            raise FetchFailed(key, None, reason)
        headers = {}
        if have and known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if have and known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        try:
            resp = self._send(key, headers)
        except _Retry as exc:
            raise FetchFailed(key, exc.status, f"HTTP {exc.status} after {self.polite.retries} tries") from None
        except httpx.TimeoutException:
            raise FetchFailed(key, None, f"timed out after {self.polite.retries} tries") from None
        except httpx.HTTPError as exc:
            raise FetchFailed(key, None, f"{type(exc).__name__}: {exc}") from None
        if resp.status_code == 304 and have:
            self.state.touch_page(key)
            return Page(key, known["final_url"] or key, stored.read_bytes(), known["content_type"], True, True)
        if resp.status_code >= 300:
            if 400 <= resp.status_code < 500:  # not asked again by a resumed run
                self.state.save_page(key, str(resp.url), resp.status_code, {}, None)
            raise FetchFailed(key, resp.status_code, f"HTTP {resp.status_code}")
        target = stored if have else dest
        _write(target, resp.content)
        self.state.save_page(key, str(resp.url), resp.status_code, dict(resp.headers), target)
        return Page(key, str(resp.url), resp.content, resp.headers.get("content-type"), requested=True)


def cache_path(state_dir: Path, url: str) -> Path:
    """Where a list page's body is kept (outside the report folder's documents: no report suffix)."""
    return state_dir / "pages" / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".body")
