"""One report, one row: the same report found twice (its department's site and the government portal, a
repost on another site, a text and a PDF of it) is told by its text, not by its bytes.

Each report gets a MinHash signature (datasketch) of the five-character shingles of its text's first
characters, punctuation and spaces dropped, cut into bands for look-up (locality-sensitive hashing):
two reports that share a band are compared on their whole signature, and are the same report when
they agree on most of it (``DUPLICATE_SIMILARITY`` of the shingles, estimated) and do not differ in
report year or agency. Which one the warehouse keeps is `keep_order`: a government site's page, then a file
whose address is not known, then a repost elsewhere; among those the later publication (a corrected
version replaces the older), then the longer text, then the one loaded first.

Examples
--------
>>> text = "2023年,市科技局坚持以习近平法治思想为指导,全年审查规范性文件12件,办理行政复议案件3件。" * 5
>>> similarity(signature(text), signature("当前位置:首页 > 政务公开\\n" + text)) > DUPLICATE_SIMILARITY
True
>>> other = "2023年,区司法局围绕全区中心工作,组织开展普法宣传活动36场,调解各类矛盾纠纷512件。" * 5
>>> similarity(signature(text), signature(other)) < 0.2
True
"""
from __future__ import annotations

import re
import zlib
from functools import cache
from urllib.parse import urlsplit

import numpy as np

NUM_PERM = 64
ROWS_PER_BAND = 4  # 16 bands of 4: pairs above about half similar share a band
SHINGLE = 5
TEXT_CHARS = 1000  # a report's first thousand characters tell it; a longer text costs no more
DUPLICATE_SIMILARITY = 0.8
_NOISE = re.compile(r"[\s\W_]+")


@cache
def _prototype():
    """A MinHash of the signature's permutations (seed 1), made once: each document's copies them."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)


def signature(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a report's text."""
    flat = _NOISE.sub("", text[:TEXT_CHARS * 2])[:TEXT_CHARS]
    shingles = {flat[i:i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}
    proto = _prototype()
    minhash = type(proto)(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=proto.permutations,
                          scheme=proto.scheme)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash.hashvalues.astype(np.uint32)


def bands(sig: np.ndarray) -> list[tuple[int, int, list[int]]]:
    """(band_no, band_hash, values) of a signature: the rows of stg_report_signature."""
    out = []
    for band in range(NUM_PERM // ROWS_PER_BAND):
        values = [int(v) for v in sig[band * ROWS_PER_BAND:(band + 1) * ROWS_PER_BAND]]
        digest = zlib.crc32(np.asarray(values, dtype=np.uint32).tobytes())
        out.append((band, (band << 32) | digest, values))
    return out


def similarity(a, b) -> float:
    """The estimated Jaccard similarity of two signatures: the share of their values that agree."""
    a, b = np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)
    return float(np.mean(a == b))


def compatible(a: dict, b: dict) -> bool:
    """Two near-identical texts are one report only when their year and agency do not differ."""
    return all(a.get(k) is None or b.get(k) is None or a[k] == b[k] for k in ("report_year", "agency_id"))


def keep_order(report: dict) -> tuple:
    """How reports of one group are ranked, the one kept first: a government site's page (gov.cn), then a
    file whose address is not known, then a repost elsewhere; a later publication (a correction) before an
    older one; the longer text; the first loaded."""
    published = report.get("publish_date")
    return (_origin(report.get("url")), -(published.toordinal() if published else 0),
            -(report.get("n_chars") or 0), str(report.get("first_loaded_at") or ""), report["report_id"])


def _origin(url: str | None) -> int:
    """0 for a page of a government site (gov.cn), 1 for a file whose address is not known, 2 for elsewhere."""
    if not url or not url.startswith(("http://", "https://")):
        return 1
    return 0 if (urlsplit(url).hostname or "").endswith(".gov.cn") else 2


def groups(pairs: list[tuple[str, str]]) -> list[set[str]]:
    """The connected groups of report ids that pairs of duplicates make."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    out: dict[str, set[str]] = {}
    for x in list(parent):
        out.setdefault(find(x), set()).add(x)
    return [g for g in out.values() if len(g) > 1]
