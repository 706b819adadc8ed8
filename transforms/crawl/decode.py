"""The text of a fetched page: charset from the HTTP header, else the page's meta tag, else detected.

GB2312 and GBK are read as GB18030, their superset (a GBK page often holds characters GB2312 lacks).

Examples
--------
>>> decode_page("法治".encode("gbk"), "text/html; charset=GB2312")
'法治'
>>> decode_page('<meta charset="gbk"><p>依法行政</p>'.encode("gbk"), None)[-11:]
'<p>依法行政</p>'
>>> decode_page("报告".encode("utf-8"), "text/html")
'报告'
"""
from __future__ import annotations

import codecs
import re

_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSET.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The codec the header names, else the one a <meta> tag in the first 4 KB names, else None."""
    m = _HEADER_CHARSET.search(content_type or "")
    found = _codec(m.group(1)) if m else None
    if found:
        return found
    m = _META_CHARSET.search(body[:4096])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


def decode_page(body: bytes, content_type: str | None = None) -> str:
    """The page's text; a declared charset that fails is passed over for detection, never crashes."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    declared = declared_charset(body, content_type)
    for codec in (declared, "utf-8"):
        if codec:
            try:
                return body.decode(codec)
            except (UnicodeDecodeError, LookupError):
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    codec = _codec(best.encoding) if best is not None else None
    return body.decode(codec or "gb18030", "replace")
