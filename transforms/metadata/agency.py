"""Who published a report: the issuer the page's evidence supports best; precision first.

The evidence (transforms.metadata.evidence) is every place of the page that names an issuer, with a
weight; names without a region get theirs from the site or the text (transforms.metadata.placing).
An issuer is chosen only when some strong place (title, opening, signature, address) supports it: a
wrong agency is worse than none.

`find_agency` returns the fields and how each was told: title, page, text, url or gazetteer.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from transforms.metadata.evidence import (
    DEPARTMENT_SELF,
    HEAD_LINES,
    MENTION_CHARS,
    SELF_WORDS,
    STRONG,
    TAIL_LINES,
    TOLD,
    WEIGHT,
    Evidence,
    after_title,
    fits_self,
    line_evidence,
    mention_evidence,
    opening_evidence,
    self_kinds,
    title_evidence,
    titled_issuers,
    unit_suffix,
    url_evidence,
)
from transforms.metadata.issuers import RELATIVE, Issuer
from transforms.metadata.placing import merge_regions, township_self, under_its_leaders
from transforms.places import page_regions
from transforms.sites import site_hint

__all__ = ["HEAD_LINES", "MENTION_CHARS", "TAIL_LINES", "Agency", "find_agency"]


@dataclass
class Agency:
    """The chosen issuer's fields, and how the agency and the region were told."""

    fields: dict
    agency_told_by: str | None = None
    region_told_by: str | None = None


# ------------------------------------------------------------------ the choice

def _choose(evidence: list[Evidence], kinds: set[str]) -> tuple[Issuer, float, set[str]] | None:
    """The best-supported issuer: scores add up over the evidence of one key; a strong place is required.
    `kinds` are what the page calls itself (self_kinds)."""
    scores: dict[tuple, float] = defaultdict(float)
    places: dict[tuple, set[str]] = defaultdict(set)
    issuers: dict[tuple, Issuer] = {}
    for e in evidence:
        scores[e.issuer.key] += e.weight
        places[e.issuer.key].add(e.place)
        issuers.setdefault(e.issuer.key, e.issuer)
    for key, issuer in issuers.items():
        if kinds and fits_self(issuer, kinds):
            scores[key] += WEIGHT["self"]
            places[key].add("self")
        elif issuer.kind == "department" and kinds & set(SELF_WORDS) and unit_suffix(issuer.unit) in SELF_WORDS:
            scores[key] = 0  # 我委 on a page whose address names a 局: that 局 is not the issuer
    if kinds & DEPARTMENT_SELF:
        # 我局, 我厅: a department's page, whatever government its opening names (我县司法行政工作…), unless
        # its title says otherwise.
        for key, issuer in issuers.items():
            if issuer.kind in ("government", "zone") and not places[key] & {"title", "page"}:
                scores[key] = 0
    ranked = sorted(issuers, key=lambda k: (scores[k], issuers[k].region is not None, len(issuers[k].unit)), reverse=True)
    for key in ranked:
        if scores[key] <= 0:
            return None
        if places[key] & STRONG or "self" in places[key] and scores[key] >= WEIGHT["weak_support"]:
            return issuers[key], scores[key], places[key]
    return None



def find_agency(lines: list[str], title: str | None, body: str, page_lines: list[str] = (), url: str | None = None,
                page_title: str | None = None) -> Agency:
    """The agency of a report, its department type and region, and how they were told."""
    context = body[:MENTION_CHARS]
    hint = site_hint(url)
    regions = page_regions((title or "") + "\n" + context)
    opening, itself = opening_evidence(after_title(body, title), context)
    evidence = [*(title_evidence(title, "title", context) if title else []),
                *(title_evidence(page_title, "page", context) if page_title and page_title != title else []),
                *opening, *line_evidence(lines, list(page_lines), context, title),
                *mention_evidence(lines, body, context), *url_evidence(hint),
                *(township_self(body, hint) if itself == "township" else [])]
    titled = titled_issuers(body, context)
    own_kinds = kinds = self_kinds(body)
    # 我委印发了《重庆市开州区卫生健康委员会关于…》: a document's issuer of the page's own kind, in the site's
    # own region, is the page speaking of itself.
    evidence += [Evidence(i, "mention", WEIGHT["mention"]) for i in {i.key: i for i in titled}.values()
                 if i.region is not None and i.region.code in hint.regions and fits_self(i, kinds)]
    evidence, told = merge_regions(evidence, hint, context, regions, titled)
    if itself:
        # 2024年,我局…: the opening's subject is whichever issuer of that kind the page names.
        kinds = {itself}
        evidence += [Evidence(e.issuer, "opening", WEIGHT["opening"]) for e in {e.issuer.key: e for e in evidence
                     if e.place != "other" and fits_self(e.issuer, kinds)}.values()]
    chosen = _choose(evidence, own_kinds)
    if chosen is None:
        return Agency({})
    issuer, _score, places = chosen
    placed = under_its_leaders(issuer, body, hint)
    if placed is not issuer:
        issuer, told[placed.key] = placed, "url"
    name = issuer.agency_name()
    by = next((TOLD.get(p, "text") for p in ("title", "page", "opening", "signature", "url") if p in places), "text")
    fields = {"agency": name, "department_type": issuer.department_type, "agency_key": issuer.identity()}
    region = issuer.region
    if region is None:
        if issuer.relative in RELATIVE:
            fields["admin_level"] = RELATIVE[issuer.relative]
        if issuer.kind == "township":
            fields["admin_level"] = "township"
        return Agency(fields, by if name else None, None)
    fields.update({"admin_level": issuer.level, "province": region.province, "city": region.city,
                   "district": region.district, "region_code": region.code})
    if issuer.kind == "township" and issuer.township_code:
        region_by = told.get(issuer.key) or "gazetteer"
    else:
        region_by = told.get(issuer.key) or by
    return Agency(fields, by if name else None, region_by)

