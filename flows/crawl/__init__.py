"""`fazhi collect`'s input and output side: the polite HTTP fetcher, the crawl's state, the walk of a column.

The parsing it relies on is pure and lives in transforms/crawl; the Prefect flow is flows/collect.py.
"""
