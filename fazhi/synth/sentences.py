"""Fact sentences (templates.toml) and the writer that fills their quantities for one agency and year."""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from fazhi.synth.agencies import Agency
from fazhi.synth.data import by_year, load
from fazhi.synth.numbers import Q, render


@dataclass(frozen=True)
class Sentence:
    text: str                 # with a {slot} field for each quantity
    slots: dict[str, Q]       # in the order the file lists them: their values are drawn in that order
    pair: bool = False        # slots a and b are the before and after of one change


def sentences(rows: list[dict]) -> tuple[Sentence, ...]:
    """The fact sentences of a templates.toml table: text, pair, and one inline table per slot."""
    return tuple(Sentence(r["text"], {k: Q(**v) for k, v in r.items() if k not in ("text", "pair")},
                          r.get("pair", False)) for r in rows)


_T = load("templates.toml")
# Topic of the measures -> (sub-headings, fact sentences), in the file's order (a report draws from it).
TOPICS = {k: (tuple(t["headings"]), sentences(t["sentences"])) for k, t in _T["topics"].items()}
# Department key -> (sub-heading, fact sentences) of its own field of work.
DEPT_WORK = {k: (d["heading"], sentences(d["sentences"])) for k, d in _T["dept_work"].items()}
RANKS = sentences(_T["measures"]["ranks"])
SHORTCOMING_FACTS = sentences(_T["shortcomings"]["facts"])
LEADERSHIP = sentences(_T["leadership"]["facts"])
PLAN_FACTS = sentences(_T["plans"]["facts"])


class FactWriter:
    """Writes fact sentences for one report and keeps the facts labelled in them, in reading order."""

    def __init__(self, rng: random.Random, agency: Agency, year: int, t: int, base_rng_seed: str):
        self.rng, self.agency, self.year, self.t = rng, agency, year, t
        self.seed = base_rng_seed
        self.facts: list[dict] = []

    def base(self, key: str, q: Q) -> float:
        """The agency's own level of a quantity: fixed per agency, so years can be compared."""
        r = zlib.crc32(f"{self.seed}|{self.agency.name}|{key}".encode()) / 2**32
        return q.lo + (q.hi - q.lo) * r

    def value(self, key: str, q: Q) -> float:
        """This year's figure: the agency's level, its drift over `t` years, and some noise."""
        b = self.base(key, q)
        if q.lo == q.hi:
            return b  # a fixed figure: a statutory period, a target
        if q.kind == "percent":
            v = b + q.trend * self.t + self.rng.uniform(-0.5, 0.5)
            return max(0.5, min(100.0, v))
        if q.kind == "rank":
            return max(1.0, b * (1 + q.trend) ** self.t + self.rng.uniform(-0.6, 0.6))
        v = b * (1 + q.trend) ** self.t * self.rng.uniform(0.92, 1.08)
        return v if q.kind == "money" else max(1.0, v)

    def sentence(self, s: Sentence, key: str) -> str:
        """The sentence with its quantities written; their facts are added to `facts`."""
        fills = {"y": str(self.year), "tier": "全" + self.agency.tier, "tier0": self.agency.tier,
                 "law": by_year(_T["by_year"]["law"], self.year)}
        values = {name: self.value(f"{key}.{name}", q) for name, q in s.slots.items()}
        if s.pair and values["b"] >= values["a"]:
            values["b"] = max(1.0, values["a"] * 0.4)
        facts = []
        for name, q in s.slots.items():
            text, fact = render(q, values[name], self.rng)
            fills[name] = text
            facts.append((name, fact))
        if s.pair:
            for name, fact in facts:
                if name in ("a", "b"):
                    fact["role"] = "before" if name == "a" else "after"
        order = sorted(facts, key=lambda nf: s.text.index("{" + nf[0] + "}"))
        self.facts.extend(f for _, f in order)
        return s.text.format(**fills)
