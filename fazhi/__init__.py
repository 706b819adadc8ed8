"""fazhi: Chinese law-based government annual reports into a DuckDB warehouse."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fazhi")  # one source: pyproject.toml
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
