"""Extract quantitative facts (docs/data-contract.md §4) from normalised report text.

Three steps, a module each:

- `scan`: one regex pass finds the candidate numbers and drops those in titles, labels, fixed
  phrases, dates and times; before/after pairs are linked;
- `candidate`: each candidate is read left to right (multiplier, qualifier, unit, range, rank)
  into a `Fact`, or refused;
- `rows`: each fact gets its sentence, subject and indicator, as one row of fct_quantity.

`patterns` builds the regexes they share from the rule data once.
"""
from transforms.facts.candidate import Fact
from transforms.facts.patterns import candidate_regex
from transforms.facts.rows import FACT_SCHEMA, extract_facts, fact_rows
from transforms.facts.scan import find_facts

__all__ = ["FACT_SCHEMA", "Fact", "candidate_regex", "extract_facts", "fact_rows", "find_facts"]
