"""Plain text files, and the decoding the other readers share: byte-order marks, Chinese codecs, text checks."""
from __future__ import annotations

import codecs
import re

from transforms.readers.base import Extracted, ReadError, check_length

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# charset-normalizer may only choose among these: reports are Chinese, and an
# unrestricted guess turns any binary or Latin file into plausible mojibake.
_CHINESE_CODECS = ["gb18030", "gbk", "gb2312", "big5"]
# BOM-less UTF-16: charset-normalizer finds it only when asked for an explicit byte order.
_UTF16_CODECS = ["utf_16_le", "utf_16_be"]
# GBK and GB2312 are subsets of GB18030: decode with the superset, since pages
# declared gb2312 routinely use GBK-only characters.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
             "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MIN_CJK_SHARE = 0.2
_MAX_CONTROL_SHARE = 0.01
# Control characters (Unicode category Cc) other than tab, newline, carriage return, form feed and vertical tab.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str) -> str:
    """`text` itself, or a ReadError when it is empty or looks like binary data."""
    if not text.strip(" \t\r\n\f\v\ufeff\u3000"):
        raise ReadError("file is empty")
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ReadError(f"binary content: {controls} control characters in {len(text)}")
    return text


def _looks_chinese(text: str) -> bool:
    """A reasonable share of the visible characters are CJK ideographs."""
    visible = sum(1 for c in text if not c.isspace())
    return visible > 0 and len(_CJK.findall(text)) >= _MIN_CJK_SHARE * visible


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {enc} after its byte-order mark: {exc.reason}") from None
    return None


def _detect_chinese(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when charset-normalizer finds a Chinese encoding that decodes strictly."""
    from charset_normalizer import from_bytes

    utf16 = b"\x00" in data
    candidates = [m.encoding for m in from_bytes(data, cp_isolation=_UTF16_CODECS if utf16 else _CHINESE_CODECS)]
    # GB18030 last: it is what the project always accepted, and detection can miss short texts.
    for enc in dict.fromkeys(candidates + ([] if utf16 else ["gb18030"])):
        codec = _SUPERSET.get(enc, enc)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, codec
    return None


def read_text(data: bytes) -> Extracted:
    """Plain text (UTF-8, UTF-16 with BOM, GB18030/GBK/Big5) as an `Extracted`."""
    if not data or data.isspace():  # not data.strip(), without copying the file
        raise ReadError("file is empty")
    found = _decode_bom(data)
    if found is None and b"\x00" in data:
        # NUL bytes: BOM-less UTF-16 Chinese text, or binary.
        found = _detect_chinese(data) if len(data) % 2 == 0 else None
        if found is None:
            raise ReadError("binary content: NUL bytes and no UTF-16 byte-order mark")
    if found is None:
        try:
            found = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            found = _detect_chinese(data)
    if found is None:
        raise ReadError("cannot decode: not UTF-8/UTF-16/GB18030 text")
    text, enc = found
    return Extracted(text=_check_text(check_length(text)), fmt="text", encoding=enc)
