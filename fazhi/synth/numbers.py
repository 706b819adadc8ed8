"""Numbers as reports write them (12件, 三十二次, 1.2万人次, 7300余家, 近1500万元, 超过87%) and their gold labels."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from transforms.rules import units_by_name

_ZH = "零一二三四五六七八九"


def zh_numeral(n: int) -> str:
    """Chinese numeral of 2..999 as reports write it: 两 for 2, 十五, 三十二, 一百二十."""
    if n == 2:
        return "两"
    if n < 10:
        return _ZH[n]
    if n < 20:
        return "十" + (_ZH[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH[n // 10] + "十" + (_ZH[n % 10] if n % 10 else "")
    h, rest = divmod(n, 100)
    if rest == 0:
        return _ZH[h] + "百"
    if rest < 10:
        return _ZH[h] + "百零" + _ZH[rest]
    return _ZH[h] + "百" + _ZH[rest // 10] + "十" + (_ZH[rest % 10] if rest % 10 else "")


def _round_number(v: float, way: str = "down") -> int:
    """v rounded to a number people round to, 2 significant digits: down for 余/多/超过/以上 (7346 -> 7300),
    up for 近 (7346 -> 7400), to the nearest for 约/左右."""
    if v < 10:
        return max(1, int(v))
    mag = 10 ** (int(math.log10(v)) - 1) if v >= 20 else 10
    step = {"down": math.floor, "up": math.ceil, "near": round}[way]
    return int(step(v / mag) * mag)


_WAY = {"at_least": "down", "approx": "near", "at_most": "up"}


def _fmt(v: float, decimals: int) -> str:
    """`v` with at most `decimals` decimals, trailing zeros dropped (12.50 -> 12.5)."""
    s = f"{v:.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


@dataclass(frozen=True)
class Q:
    """A quantity slot: unit, kind, the agency's base range, its drift per year, how it may be written.

    styles: a = Arabic, z = Chinese numeral, q = with a qualifier (余/多/近/超过/以上/约/左右),
    w = with 万 (large counts). `trend` is a relative change per year (additive points for percents).
    """

    unit: str
    kind: str
    lo: float
    hi: float
    trend: float = 0.0
    subject: str = ""
    styles: str = "a"
    decimals: int = 0
    qualifier: str = ""   # written by the template around the slot (不少于{a}: at_least); the number is exact


@cache
def _to_base() -> dict[str, float]:
    """Each unit's factor to its kind's base (money in 元, durations in days), from data/rules/units.csv.

    units.csv writes 1/24 (小时) as 0.041666667; the nearest fraction of denominator up to 10,000 gives the
    exact factor back, so that 24小时 is a value_base of 1 day, not 1.000000008.
    """
    return {name: float(Fraction(u.to_base).limit_denominator(10_000)) for name, u in units_by_name().items()}


def gold_fact(value: float, unit: str | None, kind: str, qualifier: str, subject: str, text: str,
              role: str | None = None) -> dict:
    """A fact as the gold file labels it, with value_base as docs/data-contract.md defines it."""
    base = value * _to_base()[unit] if kind in ("money", "duration") else value
    value = int(value) if float(value).is_integer() else round(value, 6)
    base = int(base) if float(base).is_integer() else round(base, 6)
    return {"value": value, "unit": unit, "kind": kind, "qualifier": qualifier, "value_base": base,
            "subject": subject, "text": text, "role": role}


def render(q: Q, v: float, rng: random.Random) -> tuple[str, dict]:
    """The quantity `v` of slot `q` as a report writes it, and its gold fact."""
    if q.qualifier:
        text, fact = render(Q(q.unit, q.kind, q.lo, q.hi, q.trend, q.subject, q.styles.replace("q", "") or "a",
                              q.decimals), v, rng)
        fact["qualifier"] = q.qualifier
        return text, fact
    style = rng.choice(q.styles)
    unit, kind = q.unit, q.kind
    if kind == "percent":
        s = _fmt(min(100.0, round(v, q.decimals)), q.decimals)
        if style == "q" and v < 99:
            word, qual = rng.choice((("超过", "at_least"), ("近", "approx"), ("约", "approx")))
            r = math.floor(v) if word == "超过" else math.ceil(v) if word == "近" else round(v)
            return f"{word}{r}%", gold_fact(r, "%", kind, qual, q.subject, f"{word}{r}%")
        return f"{s}%", gold_fact(float(s), "%", kind, "exact", q.subject, f"{s}%")
    if kind == "money":
        v = round(v, q.decimals)
        if style == "q":
            word, qual, after = rng.choice((("近", "approx", ""), ("超过", "at_least", ""), ("约", "approx", ""),
                                            ("", "at_least", "余")))
            r = _round_number(v, "up" if word == "近" else _WAY[qual]) if v >= 10 else v
            if after:  # 300余万元
                text = f"{_fmt(r, q.decimals)}余{unit}"
            else:
                text = f"{word}{_fmt(r, q.decimals)}{unit}"
            return text, gold_fact(float(_fmt(r, q.decimals)), unit, kind, qual, q.subject, text)
        s = _fmt(v, q.decimals)
        return f"{s}{unit}", gold_fact(float(s), unit, kind, "exact", q.subject, f"{s}{unit}")
    if kind == "rank":
        r = max(1, round(v))
        written = zh_numeral(r) if r > 2 and rng.random() < 0.4 else ("一" if r == 1 and rng.random() < 0.5 else str(r))
        return written, gold_fact(r, "位", "rank", "exact", q.subject, written)
    # counts and durations: whole numbers
    n = max(1, round(v))
    if style == "w" and n >= 10_000:
        wan = round(n / 10_000, 1 if n < 100_000 else 0)
        s = _fmt(wan, 1)
        value = round(wan * 10_000)
        if rng.random() < 0.3:
            return f"{s}万余{unit}", gold_fact(value, unit, kind, "at_least", q.subject, f"{s}万余{unit}")
        return f"{s}万{unit}", gold_fact(value, unit, kind, "exact", q.subject, f"{s}万{unit}")
    if style == "q" and n >= 20:
        word, qual, pos = rng.choice((("余", "at_least", "between"), ("多", "at_least", "between"),
                                      ("近", "approx", "before"), ("超过", "at_least", "before"),
                                      ("以上", "at_least", "after"), ("约", "approx", "before"),
                                      ("左右", "approx", "after")))
        r = _round_number(n, "up" if word == "近" else _WAY[qual])
        text = {"between": f"{r}{word}{unit}", "before": f"{word}{r}{unit}", "after": f"{r}{unit}{word}"}[pos]
        return text, gold_fact(r, unit, kind, qual, q.subject, text)
    if style == "z" and 2 <= n <= 99:
        text = f"{zh_numeral(n)}{unit}"
        return text, gold_fact(n, unit, kind, "exact", q.subject, text)
    text = f"{n}{unit}"
    return text, gold_fact(n, unit, kind, "exact", q.subject, text)

