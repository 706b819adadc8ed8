"""How `fazhi query`, `indicators` and `terms` print a result: a compact table that fits the
terminal, or CSV, JSON or Markdown; and numbers written the Chinese way (万, 亿).

Widths count East Asian wide characters as two columns, as a terminal shows them.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import textwrap
import unicodedata
from decimal import Decimal

import polars as pl

FORMATS = ("table", "csv", "json", "markdown")
ELLIPSIS = "…"
MIN_COLUMN = 6       # a column is never cut narrower than this (header included)
DEFAULT_WIDTH = 100  # when the output is not a terminal and COLUMNS is unset


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns `text` takes on a terminal.

    >>> text_width("苏州市"), text_width("abc"), text_width("科技局 2021")
    (6, 3, 11)
    """
    return sum(char_width(c) for c in text)


def truncate(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, ending in … when cut.

    >>> truncate("苏州市科学技术局", 9), truncate("short", 9)
    ('苏州市科…', 'short')
    """
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


def zh_number(value: float | int | None, digits: int = 2) -> str:
    """A number as a Chinese reader writes it: 万 from ten thousand, 亿 from a hundred million.

    >>> zh_number(12000), zh_number(7000), zh_number(350000000), zh_number(2.5), zh_number(None)
    ('1.2万', '7,000', '3.5亿', '2.5', '')
    >>> zh_number(-45600)
    '-4.56万'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    sign = "-" if value < 0 else ""
    v = abs(value)
    for size, suffix in ((1e8, "亿"), (1e4, "万")):
        if v >= size:
            return f"{sign}{_trim(v / size, digits)}{suffix}"
    if float(v).is_integer():
        return f"{sign}{int(v):,}"
    return f"{sign}{_trim(v, digits)}"


def _trim(v: float, digits: int) -> str:
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def cell(value) -> str:
    """One value as table text: lists joined, floats without trailing zeros, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.4g}" if abs(value) >= 1e6 \
            else _trim(value, 2)
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).replace("\n", " ")


def terminal_width() -> int:
    """Width of the terminal (COLUMNS wins); DEFAULT_WIDTH when output goes to a file or pipe."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    try:
        if os.isatty(1):
            return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    except (OSError, ValueError):
        pass
    return DEFAULT_WIDTH


def table(frame: pl.DataFrame, width: int | None = None, limit: int | None = 50) -> str:
    """`frame` as an aligned table no wider than `width`: long cells cut with …, and columns
    that still do not fit left out with a note saying so (no dtype rows, no `shape:` line)."""
    width = width or terminal_width()
    shown = frame if limit is None else frame.head(limit)
    columns = list(frame.columns)
    numeric = {c for c, t in frame.schema.items() if t.is_numeric()}
    rows = [[cell(v) for v in row] for row in shown.iter_rows()]
    widths = [max([text_width(c)] + [text_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    floors = [min(w, max(MIN_COLUMN, min(text_width(c), 12))) for w, c in zip(widths, columns, strict=True)]

    def total(ws):
        return sum(ws) + 2 * (len(ws) - 1)

    # Keep as many leading columns as fit at their narrowest; the rest are named in a note.
    keep = len(columns)
    while keep > 1 and total(floors[:keep]) > width:
        keep -= 1
    hidden = columns[keep:]
    widths = widths[:keep]
    # Then shrink the widest kept column one step at a time until the table fits.
    while total(widths) > width:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            break
        i = max(candidates, key=lambda k: widths[k])
        widths[i] -= 1
    lines = []
    header = [pad(truncate(c, widths[i]), widths[i], c in numeric) for i, c in enumerate(columns[:keep])]
    lines.append("  ".join(header).rstrip())
    lines.append("  ".join("─" * widths[i] for i in range(keep)))
    for r in rows:
        lines.append("  ".join(pad(truncate(r[i], widths[i]), widths[i], columns[i] in numeric)
                               for i in range(keep)).rstrip())
    notes = []
    if limit is not None and frame.height > limit:
        notes.append(f"{frame.height} rows, first {limit} shown (--limit N, or --format csv for all)")
    else:
        notes.append(f"{frame.height} row{'s' if frame.height != 1 else ''}")
    if hidden:
        notes.append(f"{len(hidden)} more column{'s' if len(hidden) > 1 else ''} not shown: "
                     f"{', '.join(hidden)} (--format csv, json or markdown shows all)")
    for note in notes:  # column names are ASCII: textwrap's character count is their width
        lines.extend(textwrap.wrap(note, width=width, subsequent_indent="  ", break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def markdown(frame: pl.DataFrame, limit: int | None = None) -> str:
    """`frame` as a Markdown (GitHub) table, every column and full cell text."""
    shown = frame if limit is None else frame.head(limit)

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    numeric = {c for c, t in frame.schema.items() if t.is_numeric()}
    lines = ["| " + " | ".join(esc(c) for c in frame.columns) + " |",
             "|" + "|".join("---:" if c in numeric else "---" for c in frame.columns) + "|"]
    lines += ["| " + " | ".join(esc(cell(v)) for v in row) + " |" for row in shown.iter_rows()]
    return "\n".join(lines) + "\n"


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined into '|'-separated text, for formats that hold no nested data (CSV, Excel)."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(
        pl.col(name).list.eval(pl.element().cast(pl.Utf8)).list.join("|") for name in lists
    )


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def render(frame: pl.DataFrame, fmt: str, limit: int | None = 50, width: int | None = None) -> str:
    if fmt == "csv":
        return flatten_lists(frame).write_csv()
    if fmt == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, default=_json_default) + "\n"
    if fmt == "markdown":
        return markdown(frame)
    if fmt == "table":
        return table(frame, width=width, limit=limit)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
