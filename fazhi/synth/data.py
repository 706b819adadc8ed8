"""The data files of fazhi synth, each read once: templates.toml (the wording) and agencies.toml (who reports)."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files


@cache
def load(name: str) -> dict:
    """The TOML file `name` beside this module, parsed (it ships in the wheel as package data)."""
    return tomllib.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


def by_year(table: dict[str, str], year: int) -> str:
    """The text of a by-year table for `year`: the entry of the latest year on or before it, else the first.

    Examples
    --------
    >>> law = {"2016": "宪法和法律法规", "2020": "宪法、民法典"}
    >>> by_year(law, 2019), by_year(law, 2024), by_year(law, 2010)
    ('宪法和法律法规', '宪法、民法典', '宪法和法律法规')
    """
    years = sorted(int(y) for y in table)
    return table[str(max((y for y in years if y <= year), default=years[0]))]
