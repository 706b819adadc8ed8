"""The wheel ships every package of the source tree (a subpackage missing from pyproject.toml installs
nothing and fails only outside the repository)."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_packaging_every_python_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    mapped = {name for name in listed if name in config.get("package-dir", {})}
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("fazhi", "flows", "transforms")
             for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts}
    assert found <= listed, f"packages missing from pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - mapped <= found, f"listed but not in the tree: {sorted(listed - mapped - found)}"
