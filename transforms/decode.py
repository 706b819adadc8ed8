"""Decode the bytes of a text report: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030.

A file that none of these decodes cleanly raises `DecodeError` with the reason;
the flow quarantines it. Nothing is decoded with replacement characters.
"""
from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text in a supported encoding."""


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_OK = {"\n", "\r", "\t", "\f"}
_MAX_CONTROL_SHARE = 0.01


def _check_text(text: str) -> None:
    if not text.strip():
        raise DecodeError("file is empty or whitespace only")
    controls = sum(1 for c in text if ord(c) < 32 and c not in _CONTROL_OK)
    if controls / len(text) > _MAX_CONTROL_SHARE:
        raise DecodeError(f"binary content: {controls} control characters in {len(text)}")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding) of `data`.

    Examples
    --------
    >>> decode_bytes("法治".encode("gb18030"))
    ('法治', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + "法治".encode())
    ('法治', 'utf-8-sig')
    """
    if not data:
        raise DecodeError("file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after its byte-order mark: {exc.reason}") from None
            _check_text(text)
            return text, enc
    if b"\x00" in data[:4096]:
        raise DecodeError("binary content: NUL bytes and no UTF-16 byte-order mark")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        _check_text(text)
        return text, enc
    raise DecodeError("not valid UTF-8 or GB18030 text")
