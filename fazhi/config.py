"""Settings of `fazhi run` and `fazhi serve`: command-line flag > environment variable > config file > default.

The options themselves (names, defaults, variables, help) are declared once, in
`flows.options`. The config file is TOML (``fazhi.toml`` in the working directory, or the
file named by ``--config`` / ``FAZHI_CONFIG``) with a ``[run]`` and a ``[serve]`` table
whose keys are the long option names with underscores::

    [run]
    source = "/data/reports"
    db = "/data/fazhi.duckdb"
    runner = "processes"

    [serve]
    cron = "0 3 * * *"
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from flows.options import RUN_OPTIONS, SERVE_OPTIONS, Option, RunOptions, ServeOptions

DEFAULT_CONFIG = Path("fazhi.toml")
__all__ = ["RUN_OPTIONS", "SERVE_OPTIONS", "ConfigError", "load_file", "resolve", "resolved", "run_options",
           "serve_options"]


class ConfigError(ValueError):
    """An option's value cannot be used; the message names the option."""


def _convert(option: Option, value, origin: str):
    if option.kind is bool:
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
    try:
        return option.kind(value)
    except (TypeError, ValueError):
        kind = {int: "a whole number", float: "a number"}.get(option.kind, option.kind.__name__)
        raise ConfigError(f"{origin} must be {kind}, not {value!r}") from None


def config_path(path: str | Path | None) -> tuple[Path, bool]:
    """The config file to read and whether it was asked for (--config or FAZHI_CONFIG) rather than the default."""
    explicit = path or os.environ.get("FAZHI_CONFIG")
    return (Path(explicit), True) if explicit else (DEFAULT_CONFIG, False)


def load_file(path: str | Path | None) -> dict:
    """The tables of the config file; {} when the default file does not exist."""
    file, explicit = config_path(path)
    if not file.exists():
        if explicit:
            raise FileNotFoundError(f"config file not found: {file}")
        return {}
    try:
        with open(file, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None


def resolved(options: tuple[Option, ...], flags: dict, file_table: dict) -> list[tuple[Option, object, str]]:
    """(option, value, where the value came from) for each option: flag, environment, file or default."""
    out = []
    for opt in options:
        if flags.get(opt.name) is not None:
            out.append((opt, _convert(opt, flags[opt.name], opt.flag), f"flag {opt.flag}"))
        elif os.environ.get(opt.env) not in (None, ""):
            out.append((opt, _convert(opt, os.environ[opt.env], opt.env), f"environment {opt.env}"))
        elif opt.name in file_table:
            out.append((opt, _convert(opt, file_table[opt.name], f"{opt.name} in the config file"), "config file"))
        else:
            out.append((opt, opt.default, "default"))
    return out


def resolve(options: tuple[Option, ...], flags: dict, file_table: dict) -> dict:
    """Each option's value from the flag, else its environment variable, else the file, else its default."""
    return {opt.name: value for opt, value, _ in resolved(options, flags, file_table)}


def run_options(flags: dict, file_table: dict) -> RunOptions:
    return RunOptions(**resolve(RUN_OPTIONS, flags, file_table))


def serve_options(flags: dict, file_table: dict) -> ServeOptions:
    return ServeOptions(**resolve(SERVE_OPTIONS, flags, file_table))
