"""The region of an issuer named without one: 市科技局, 区住建局, 我镇, a department named by its site.

A name written with a bare level takes its region from the page's address when it names one of that
level, else from the region the text speaks of (法治郑州, 郑州市 named again and again); a township its
county from the gazetteer. `merge_regions` applies this to a page's evidence and says how each region
was told (url, text, gazetteer).
"""
from __future__ import annotations

import re
from dataclasses import replace

from transforms.metadata.evidence import MENTION_CHARS, STRONG, WEIGHT, Evidence, is_bare
from transforms.metadata.issuers import RELATIVE, Issuer, township_name
from transforms.places import county_region, townships
from transforms.regions import MUNICIPALITIES, Region, division_by_code, division_region


def _level_fits(relative: str, region: Region, code: str) -> bool:
    if relative == "?":
        return True
    level = RELATIVE.get(relative)
    div = division_by_code(code)
    return (level == region.level or relative == "市" and region.level == "county" and div.name.endswith("市")
            or relative == "区" and region.level == "province" and div.name.endswith("自治区")
            or relative == "市" and region.level == "province" and code[:2] in MUNICIPALITIES
            or relative == "州" and div.name.endswith("州"))


def _site_region(hint, relative: str, context: str, regions=None) -> Region | None:
    """The region of the page's site that fits a name written with a bare level, or None. When the site's
    name fits several (yulin: 玉林, 榆林), the one the text names, or names a place inside, is it."""
    fitting = []
    for code in hint.regions:
        div = division_by_code(code)
        region = division_region(div)
        if _level_fits(relative, region, code):
            fitting.append((div, region))
    if len(fitting) > 1:
        mentioned = [f for f in fitting if f[0].name in context or f[0].name[:2] in context
                     or regions and any(c.startswith(code_scope(f[0].code)) or f[0].code.startswith(code_scope(c))
                                        for c in regions)]
        fitting = mentioned or fitting
    return fitting[0][1] if len(fitting) == 1 else None


def _text_region(relative: str, regions, hint=None, once: bool = False) -> Region | None:
    """The region of that level the text speaks of most, when it clearly does (twice, and more than any
    other; once is enough for the only one inside the site's region: 固始县 on xinyang's site). A province
    written 省 on a site of a region inside it (我省, 全省 on a county's site) is that province."""
    ranked = [(n, code) for code, n in regions.most_common()
              if _level_fits(relative, division_region(division_by_code(code)), code)]
    if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return division_region(division_by_code(ranked[0][1]))
    top = sorted((code for n, code in ranked if ranked and n == ranked[0][0] >= 2), key=lambda c: len(code_scope(c)))
    if len(top) > 1 and all(b.startswith(code_scope(a)) for a, b in zip(top, top[1:], strict=False)):
        return division_region(division_by_code(top[-1]))  # 重庆市 and 涪陵区 as often: 涪陵区, in 重庆市
    if once and len(ranked) == 1 and RELATIVE.get(relative) == division_region(division_by_code(ranked[0][1])).level \
            and all(ranked[0][1].startswith(code_scope(c)) for c in regions):
        # The only region the text names, with the level written (区农业农村局 on a page naming 汉南区 alone;
        # not 市 for a county-level city: 我市 on a page naming 平度市 once is 青岛).
        return division_region(division_by_code(ranked[0][1]))
    hinted = hint.regions if hint else ()
    scopes = [code_scope(c) for c in hinted]
    inside = [code for _, code in ranked
              if any(code.startswith(s) and code != c for s, c in zip(scopes, hinted, strict=True))]
    if once and scopes and len(ranked) == 1 and inside:
        return division_region(division_by_code(inside[0]))
    provinces = {c[:2] for c in (hint.regions if hint else ())}
    if once and relative == "省" and len(provinces) == 1 and provinces.pop() not in MUNICIPALITIES:
        return division_region(division_by_code(hint.regions[0][:2] + "0000"))
    return None


def _place(issuer: Issuer, hint, context: str, regions, once: bool = False) -> tuple[Issuer, str | None]:
    """The issuer with its region told, and by what: its own name (None), the url, or the text.

    A department named with no region at all (科技局 as the opening's subject) takes the site's region
    when the site names only one."""
    if issuer.region is not None or is_bare(issuer):
        return issuer, None
    relative = issuer.relative or "?"
    if issuer.kind == "township":
        return _place_township(issuer, hint, regions)
    region = _site_region(hint, relative, context, regions)
    if region is not None:
        return issuer.with_region(region), "url"
    region = _text_region(relative, regions, hint, once)
    return (issuer.with_region(region), "text") if region else (issuer, None)


def _place_township(issuer: Issuer, hint, regions) -> tuple[Issuer, str | None]:
    """A township's county: the one of its namesakes in the gazetteer inside the site's region, or inside
    a region the text names; else the site's district or county itself."""
    candidates = townships(township_name(issuer))
    for scopes in (hint.regions, [c for c, _ in regions.most_common()]):
        inside = [t for t in candidates if any(t.county_code.startswith(code_scope(c)) for c in scopes)]
        if len({t.code for t in inside}) == 1:
            return replace(issuer, region=county_region(inside[0].county_code), township_code=inside[0].code), "gazetteer"
    region = _site_region(hint, "区", "") or _site_region(hint, "县", "")
    return (issuer.with_region(region), "url") if region else (issuer, None)


def code_scope(code: str) -> str:
    """The code prefix of the divisions inside a division's code (61 for a province, 6101 for a city)."""
    return code[:2] if code[2:] == "0000" else code[:4] if code[4:] == "00" else code


def township_self(body: str, hint) -> list[Evidence]:
    """我镇 with 法治神湾 (or 神湾镇 named): the township of that name inside the site's region."""
    out = []
    for m in re.finditer(r"法治([\u4e00-\u9fff]{2,4})", body[:MENTION_CHARS]):
        for name in (m.group(1)[:n] + suffix for n in range(len(m.group(1)), 1, -1) for suffix in ("街道", "镇", "乡")):
            inside = [t for t in townships(name)
                      if any(t.county_code.startswith(code_scope(c)) for c in hint.regions)]
            if len(inside) == 1:
                word, kind = ("办事处", "街道") if name.endswith("街道") else ("人民政府", "乡镇")
                out.append(Evidence(Issuer("township", kind, inside[0].name + word,
                                           county_region(inside[0].county_code), township_code=inside[0].code),
                                    "mention", WEIGHT["mention"]))
    return out[:1]


# The page's own level, told by the leaders it works under: 落实区委、区政府决策部署 is a district's page.
_LEADERS = re.compile(r"(?:在|落实|贯彻|按照)([区县])委[、，,]?\1?(?:人民)?政府")


def under_its_leaders(issuer: Issuer, body: str, hint) -> Issuer:
    """A city's or province's department on a page that works under a district's (or county's) party
    committee and government is that department of the district: the one of the site's, inside it
    (北京市司法局 on 大兴区's site, 认真贯彻落实区委、区政府决策部署: 北京市大兴区司法局)."""
    if issuer.kind != "department" or issuer.region is None or issuer.region.level not in ("province", "city"):
        return issuer
    m = _LEADERS.search(body[:MENTION_CHARS])
    if m is None:
        return issuer
    inside = [c for c in hint.regions if c.startswith(code_scope(issuer.region.code)) and c != issuer.region.code
              and _level_fits(m.group(1), division_region(division_by_code(c)), c)]
    return issuer.with_region(division_region(division_by_code(inside[0]))) if len(inside) == 1 else issuer


def merge_regions(evidence: list[Evidence], hint, context: str, regions,
           titled: list[Issuer] = ()) -> tuple[list[Evidence], dict[tuple, str]]:
    """Evidence with the regions of names written without one filled in, and how each key's region was told."""
    told: dict[tuple, str] = {}
    out = []
    for e in evidence:
        if e.place == "other":
            # A superior written with a bare level (在贵阳市委、市政府的领导下) is the region above the page's:
            # read as the page's own region it would count against the page's issuer.
            out.append(e)
            continue
        issuer, how = _place(e.issuer, hint, context, regions, once=e.place in STRONG)
        if how:
            told[issuer.key] = how
        out.append(Evidence(issuer, e.place, e.weight))
    # The department the address names is the one the text names, as the text writes it (东莞市人力资源局,
    # not the 人力资源和社会保障局 of the code hrss), in its own words or in the titles of its documents.
    written = {i.department_type: i for i in titled if i.region is not None}
    written.update({e.issuer.department_type: e.issuer for e in out if e.place != "url" and e.issuer.region is not None})
    out = [Evidence(written[e.issuer.department_type], e.place, e.weight)
           if e.place == "url" and e.issuer.department_type in written else e for e in out]
    # A department named with its region takes the support of the same department named with a bare level.
    resolved = {e.issuer.department_type: e.issuer for e in out if e.issuer.region is not None}
    merged = []
    for e in out:
        twin = resolved.get(e.issuer.department_type)
        if e.place != "other" and e.issuer.region is None and e.issuer.relative and twin is not None and twin.unit == e.issuer.unit \
                and _level_fits(e.issuer.relative, twin.region, twin.region.code):
            e = Evidence(twin, e.place, e.weight)
        merged.append(e)
    return merged, told
