"""Report metadata (docs/data-contract.md §2): title, agency, region, report year, publish and signed dates.

A module per concept: `page` reads the page (its lines, what it says about itself, its address,
a manifest row) into a `Metadata`; `title` finds the report's own title; `names` and `agency`
read who published it; `report_dates` when.
"""
from transforms.dates import parse_date
from transforms.metadata.page import Metadata, apply_given, extract_metadata
from transforms.metadata.title import find_title

__all__ = ["Metadata", "apply_given", "extract_metadata", "find_title", "parse_date"]
