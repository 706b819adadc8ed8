"""Where reports are collected: a local folder, a list of URLs, or an fsspec path (s3://, gcs://, memory://).

A source lists its documents by a stable name (`source_file`: the path relative
to the folder or prefix, or the URL itself) and fetches their bytes. Fetch
errors raise `FetchError` with a reason; the flow quarantines the document and
goes on. Downloads are retried with backoff and cached by URL and content hash.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from transforms.readers import MAX_BYTES, READER_SUFFIXES

# Every suffix a reader takes, and .doc (listed, so that it is quarantined with advice).
SUPPORTED_SUFFIXES = (*READER_SUFFIXES, ".doc")
DEFAULT_CACHE = Path("data") / "cache"


class FetchError(OSError):
    """A document could not be fetched (missing, unreadable, dead link, too large)."""


class ManifestError(ValueError):
    """A folder's manifest.csv cannot be used; the message says where and why."""


MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "url", "agency", "report_year", "publish_date", "title")


def parse_manifest(text: str, where: str = MANIFEST) -> dict[str, dict]:
    """Rows of a manifest (file,url[,agency,report_year,publish_date,title]) by file; ManifestError if malformed.

    Examples
    --------
    >>> parse_manifest("file,url,report_year\\na.html,http://kj.hangzhou.gov.cn/a.html,2023\\n")
    {'a.html': {'url': 'http://kj.hangzhou.gov.cn/a.html', 'report_year': 2023}}
    """
    import csv
    import io

    from transforms.dates import parse_date

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = reader.fieldnames or []
    if "file" not in columns:
        raise ManifestError(f"{where}: the first line must name the columns, `file` among them (file,url,...)")
    unknown = [c for c in columns if c not in MANIFEST_COLUMNS]
    if unknown:
        raise ManifestError(f"{where}: unknown column {unknown[0]!r}; columns are {', '.join(MANIFEST_COLUMNS)}")
    rows: dict[str, dict] = {}
    for n, row in enumerate(reader, start=2):
        if None in row:
            raise ManifestError(f"{where} line {n}: more fields than columns (quote a value that has a comma)")
        name = (row.get("file") or "").strip().lstrip("./")
        if not name:
            raise ManifestError(f"{where} line {n}: no file")
        if name in rows:
            raise ManifestError(f"{where} line {n}: {name} is listed twice")
        given = {k: v.strip() for k, v in row.items() if k != "file" and v and v.strip()}
        if "url" in given and not given["url"].startswith(("http://", "https://")):
            raise ManifestError(f"{where} line {n}: url {given['url']!r} is not an http(s) address")
        if "report_year" in given:
            if not (given["report_year"].isdigit() and 1990 <= int(given["report_year"]) <= 2100):
                raise ManifestError(f"{where} line {n}: report_year {given['report_year']!r} is not a year")
            given["report_year"] = int(given["report_year"])
        if "publish_date" in given and parse_date(given["publish_date"]) is None:
            raise ManifestError(f"{where} line {n}: publish_date {given['publish_date']!r} is not a date (2024-03-01)")
        rows[name] = given
    return rows


def is_supported(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and base.lower().endswith(SUPPORTED_SUFFIXES)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@dataclass(frozen=True)
class LocalFolder:
    """A folder read recursively. Symbolic links are not followed out of it, nor into folders.

    Regular files with a supported suffix are documents. Entries that cannot be read safely
    (a FIFO would block a reader forever, a link may loop or leave the folder) are listed
    too, so that fetching them quarantines them with the reason, instead of losing them
    silently: FIFOs, sockets and devices with a supported suffix, broken or looping links,
    links out of the folder, and links to folders.
    """

    root: Path

    def manifest(self) -> dict[str, dict]:
        """The folder's manifest.csv by file ({} without one); ManifestError when it is malformed."""
        path = self.root / MANIFEST
        if not path.is_file():
            return {}
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ManifestError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
        return parse_manifest(text, str(path))

    def describe(self, name: str) -> dict:
        """What the manifest says of a document: its url and given metadata (agency, report_year ...)."""
        given = dict(_cached_manifest(self.root).get(name, {}))
        return {"url": given.pop("url", None), "given": given}

    def list(self) -> list[str]:
        if not self.root.is_dir():
            raise FileNotFoundError(f"source folder not found: {self.root}")
        self.manifest()  # a malformed manifest stops the run with its reason, before anything is read
        names = []
        for folder, dirs, files in os.walk(self.root, followlinks=False):
            base = Path(folder)
            # os.walk lists a link to a folder among `dirs` and does not enter it: report it.
            entries = files + [d for d in dirs if (base / d).is_symlink()]
            for entry in entries:
                path = base / entry
                if path.is_symlink() or is_supported(entry):
                    names.append(path.relative_to(self.root).as_posix())
        return sorted(n for n in names if not n.rsplit("/", 1)[-1].startswith("."))

    def manifest_warnings(self, names: list[str]) -> list[str]:
        listed = set(names)
        return [f"{MANIFEST} names {name}, which is not in {self.root}" for name in self.manifest() if name not in listed]

    def _check_link(self, name: str, path: Path) -> None:
        """A FetchError unless the link at `path` leads to a readable file inside the folder."""
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            raise FetchError(f"symlink loop: {name} leads back to itself") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise FetchError(f"symlink loop: {name} leads back to itself") from None
            raise FetchError(f"broken symlink: {name} -> {os.readlink(path)}") from None
        root = self.root.resolve()
        if target != root and root not in target.parents:
            raise FetchError(f"symlink to {target}, outside the source folder: not followed")
        if target.is_dir():
            raise FetchError(f"symlink to the folder {target}: not followed (read folders where they are)")
        if not is_supported(target.name):
            raise FetchError(f"symlink to {target.name}, which is not a supported document")

    def fetch(self, name: str) -> bytes:
        path = self.root / name
        try:
            if path.is_symlink():
                self._check_link(name, path)
            # O_NONBLOCK: opening a FIFO must never wait for a writer; fstat then says what it is.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    raise FetchError(f"{_kind(info.st_mode)}, not a regular file: not read")
                if info.st_size > MAX_BYTES:
                    raise FetchError(f"file too large: {info.st_size} bytes > {MAX_BYTES}")
                with os.fdopen(fd, "rb", closefd=False) as fh:
                    return fh.read(MAX_BYTES + 1)
            finally:
                os.close(fd)
        except FetchError:
            raise
        except OSError as exc:
            raise FetchError(f"cannot read {name}: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class FsspecPath:
    """Any fsspec URL prefix (s3://bucket/reports, memory://reports, file:///data/reports)."""

    url: str

    def _fs(self):
        import fsspec

        fs, root = fsspec.core.url_to_fs(self.url)
        return fs, root.rstrip("/")

    def describe(self, name: str) -> dict:
        return {"url": None, "given": {}}

    def manifest_warnings(self, names: list[str]) -> list[str]:
        return []

    def list(self) -> list[str]:
        fs, root = self._fs()
        if not fs.exists(root):
            raise FileNotFoundError(f"source path not found: {self.url}")
        names = (p[len(root):].lstrip("/") for p in fs.find(root))
        return sorted(n for n in names if is_supported(n))

    def fetch(self, name: str) -> bytes:
        fs, root = self._fs()
        path = f"{root}/{name}"
        try:
            size = fs.size(path)
            if size is not None and size > MAX_BYTES:
                raise FetchError(f"file too large: {size} bytes > {MAX_BYTES}")
            return fs.cat_file(path)
        except FetchError:
            raise
        except Exception as exc:  # noqa: BLE001 - any backend error is a fetch failure of this document
            raise FetchError(f"cannot read {self.url}/{name}: {type(exc).__name__}: {exc}") from None


def _cached_manifest(root: Path) -> dict[str, dict]:
    """A folder's manifest, read once per process and modification time."""
    path = root / MANIFEST
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    key = (str(path), stamp)
    if key not in _MANIFESTS:
        _MANIFESTS.clear()
        _MANIFESTS[key] = LocalFolder(root).manifest()
    return _MANIFESTS[key]


_MANIFESTS: dict[tuple, dict] = {}


@dataclass(frozen=True)
class UrlList:
    """A text file with one http(s) URL per line ('#' starts a comment); downloads cached under `cache`."""

    listing: Path
    cache: Path = DEFAULT_CACHE
    retries: int = 3
    backoff_seconds: float = 0.5
    timeout_seconds: float = 30.0
    # A cached download is reused for this long, then fetched again (pages get corrected).
    max_age_seconds: float = 7 * 24 * 3600

    def describe(self, url: str) -> dict:
        return {"url": url, "given": {}}

    def manifest_warnings(self, names: list[str]) -> list[str]:
        return []

    def list(self) -> list[str]:
        if not self.listing.is_file():
            raise FileNotFoundError(f"URL list not found: {self.listing}")
        urls = []
        for line in self.listing.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith(("http://", "https://")) and line not in urls:
                urls.append(line)
        return urls

    def _cache_paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.cache / f"{key}.bin", self.cache / f"{key}.json"

    # The cache is ours: hishel 2 (by URL, TTL, ignoring Cache-Control) serves a corrupted cached body
    # unchecked, and fsspec's filecache:: downloads the whole file before any size check, serves a corrupted
    # copy, needs aiohttp and turns a refused connection into FileNotFoundError, as it does a 404.
    def fetch(self, url: str) -> bytes:
        body_path, meta_path = self._cache_paths(url)
        if body_path.exists() and meta_path.exists():
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                meta = {}  # a damaged cache entry (a run killed while writing it) is a miss: download again
            data = body_path.read_bytes()
            fresh = isinstance(meta, dict) and time.time() - meta.get("fetched_at", 0) < self.max_age_seconds
            if fresh and hashlib.sha256(data).hexdigest() == meta.get("sha256"):
                return data
        data = self._download(url)
        self.cache.mkdir(parents=True, exist_ok=True)
        body_path.write_bytes(data)
        meta_path.write_text(json.dumps({"url": url, "sha256": hashlib.sha256(data).hexdigest(),
                                         "fetched_at": time.time()}), encoding="utf-8")
        return data

    def _download(self, url: str) -> bytes:
        import httpx
        import tenacity

        retrying = tenacity.Retrying(retry=tenacity.retry_if_exception_type(httpx.HTTPError),  # never a FetchError
                                     stop=tenacity.stop_after_attempt(self.retries),
                                     wait=tenacity.wait_exponential(multiplier=self.backoff_seconds))
        try:
            for attempt in retrying:
                with attempt, httpx.stream("GET", url, timeout=self.timeout_seconds, follow_redirects=True) as resp:
                    if resp.status_code in (404, 410, 403, 401):
                        raise FetchError(f"dead link: HTTP {resp.status_code} for {url}")
                    resp.raise_for_status()
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > MAX_BYTES:
                            raise FetchError(f"file too large: more than {MAX_BYTES} bytes at {url}")
                        chunks.append(chunk)
                    return b"".join(chunks)
        except tenacity.RetryError as exc:
            last = exc.last_attempt.exception()
            raise FetchError(f"download failed after {self.retries} tries: {type(last).__name__}: {last}") from None


def open_source(spec: str, cache: Path | None = None):
    """The source a --source value names: a folder, a .txt/.urls list of URLs, or an fsspec URL."""
    if "://" in spec and not spec.startswith("file://"):
        return FsspecPath(spec)
    path = Path(spec.removeprefix("file://"))
    if path.is_file() and path.suffix.lower() in (".urls", ".txt", ".list"):
        return UrlList(path, cache or DEFAULT_CACHE)
    return LocalFolder(path)
