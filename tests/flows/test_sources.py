"""Sources: a local folder, a list of URLs served by a local HTTP server, and fsspec paths."""
from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from pathlib import Path

import pytest

from flows.sources import FetchError, FsspecPath, LocalFolder, UrlList, open_source


@pytest.fixture()
def http_root(tmp_path, seed_dir):
    """A local HTTP server on 127.0.0.1 serving two seed reports; yields (base_url, folder, stop)."""
    root = tmp_path / "site"
    (root / "reports").mkdir(parents=True)
    for p in sorted(seed_dir.glob("*.txt"))[:2]:
        (root / "reports" / p.name).write_bytes(p.read_bytes())
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopped = []

    def stop():
        if not stopped:
            server.shutdown()
            server.server_close()
            stopped.append(True)

    yield f"http://127.0.0.1:{server.server_address[1]}", root, stop
    stop()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sources_local_folder_lists_supported_files_recursively(tmp_path):
    for name in ["a.txt", "sub/b.html", "sub/deeper/c.pdf", "d.docx", "e.md", "skip.png", ".hidden.txt", "f.doc"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    assert LocalFolder(tmp_path).list() == ["a.txt", "d.docx", "e.md", "f.doc", "sub/b.html", "sub/deeper/c.pdf"]


def test_sources_local_folder_missing_file_is_a_fetch_error(tmp_path):
    with pytest.raises(FetchError, match="cannot read"):
        LocalFolder(tmp_path).fetch("gone.txt")


def test_sources_url_list_downloads_caches_and_reports_dead_links(http_root, tmp_path, seed_dir):
    base, root, stop = http_root
    names = sorted(p.name for p in (root / "reports").iterdir())
    good = [f"{base}/reports/{n}" for n in names]
    dead = f"{base}/reports/missing.txt"
    refused = f"http://127.0.0.1:{_closed_port()}/x.txt"
    listing = tmp_path / "reports.urls"
    listing.write_text("# reports to collect\n" + "\n".join(good + [dead, refused, good[0]]) + "\n", encoding="utf-8")
    source = UrlList(listing, cache=tmp_path / "cache", retries=2, backoff_seconds=0.01, timeout_seconds=5)

    assert source.list() == good + [dead, refused]
    assert source.fetch(good[0]) == (seed_dir / names[0]).read_bytes()
    with pytest.raises(FetchError, match="dead link: HTTP 404"):
        source.fetch(dead)
    with pytest.raises(FetchError, match="download failed after 2 tries"):
        source.fetch(refused)
    stop()
    # The cached copy serves the next run even when the site is down.
    assert source.fetch(good[0]) == (seed_dir / names[0]).read_bytes()
    with pytest.raises(FetchError):
        source.fetch(good[1])


@pytest.mark.parametrize("damage", ["truncated", "not an object", "body changed"])
def test_sources_url_list_damaged_cache_entry_is_downloaded_again(http_root, tmp_path, seed_dir, damage):
    base, root, _stop = http_root
    name = sorted(p.name for p in (root / "reports").iterdir())[0]
    url = f"{base}/reports/{name}"
    source = UrlList(tmp_path / "x.urls", cache=tmp_path / "cache", retries=1, timeout_seconds=5)
    assert source.fetch(url) == (seed_dir / name).read_bytes()
    body, meta = source._cache_paths(url)
    if damage == "truncated":
        meta.write_text(meta.read_text(encoding="utf-8")[:10], encoding="utf-8")
    elif damage == "not an object":
        meta.write_text("[1, 2]", encoding="utf-8")
    else:
        body.write_bytes(b"garbage")
    assert source.fetch(url) == (seed_dir / name).read_bytes()
    assert json.loads(meta.read_text(encoding="utf-8"))["sha256"]


def test_sources_fsspec_memory_filesystem(seed_dir):
    import fsspec

    fs = fsspec.filesystem("memory")
    for p in sorted(seed_dir.glob("*.txt"))[:3]:
        fs.pipe(f"/bucket/reports/2023/{p.name}", p.read_bytes())
    fs.pipe("/bucket/reports/readme.png", b"\x89PNG")
    source = FsspecPath("memory://bucket/reports")
    names = source.list()
    assert names == [f"2023/{p.name}" for p in sorted(seed_dir.glob("*.txt"))[:3]]
    assert source.fetch(names[0]) == sorted(seed_dir.glob("*.txt"))[0].read_bytes()
    with pytest.raises(FetchError):
        source.fetch("2023/none.txt")


@pytest.mark.parametrize(
    ("spec", "kind"),
    [("s3://bucket/reports", FsspecPath), ("memory://x", FsspecPath), ("data/raw", LocalFolder)],
)
def test_sources_open_source_by_spec(spec, kind):
    assert isinstance(open_source(spec), kind)


def test_sources_open_source_url_list(tmp_path):
    listing = tmp_path / "list.urls"
    listing.write_text("https://example.org/a.html\n", encoding="utf-8")
    assert isinstance(open_source(str(listing)), UrlList)
    assert isinstance(open_source(str(Path(tmp_path))), LocalFolder)
