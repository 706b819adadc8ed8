"""`fazhi collect`'s input and output side: the polite HTTP fetcher, the crawl's state, the walk of a column.

The parsing it relies on is pure and lives in transforms/crawl; the Prefect flow is flows/collect.py.
"""

# The defaults of `fazhi collect`'s options, in one place the command line reads without importing httpx.
DEFAULT_DELAY, DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_BUDGET = 1.0, 30.0, 3, 500
