"""fazhi: Chinese law-based government annual reports into a DuckDB warehouse."""

__version__ = "0.1.0"
