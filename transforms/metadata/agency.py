"""Who published a report: the issuer every place of the page names, each place with a weight; precision first.

Places (weights: ``agency_weight`` in data/rules/lexicon.csv): the report's title, the page's own title,
the opening sentence's subject (2023年,XX县科学技术局坚持...; 一年来,周溪乡...; 我市坚持...), the
signature, the page's banner and 来源 lines, every other mention, and the page's address (a department
code: sfj.wuhan.gov.cn). The page's self-references (我局, 我委, 我街道) favour issuers of that kind. An
issuer named as one that leads, guides or receives the report (在市司法局的指导下; 市委、市政府:) counts
against. A name written with a bare level (市科技局, 区住建局) takes its region from the page's address
when it names one of that level, else from the region the text speaks of (法治郑州, 郑州市 named again
and again). An issuer is chosen only when some strong place (title, opening, signature, address)
supports it: a wrong agency is worse than none.

`find_agency` returns the fields and how each was told: title, page, text, url or gazetteer.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from transforms.dates import ISSUER_LINE
from transforms.metadata.issuers import RELATIVE, Issuer, department_of, is_agency_line, issuers_in, township_name
from transforms.normalise import is_standalone
from transforms.places import county_region, page_regions, townships
from transforms.regions import MUNICIPALITIES, Region, division_by_code, division_region
from transforms.rules import lexicon, lexicon_numbers
from transforms.sites import site_hint

_W = lexicon_numbers("agency_weight")
_WINDOW = {k: int(v) for k, v in lexicon_numbers("page_window").items()}
HEAD_LINES, TAIL_LINES = _WINDOW["head_lines"], _WINDOW["tail_lines"]
OPENING_CHARS, MENTION_CHARS = _WINDOW["opening_chars"], _WINDOW["mention_chars"]
# The places that can carry an issuer alone; the others only add to one of them.
STRONG = {"title", "page", "opening", "signature", "url", "manifest"}
# How each place counts as a source of the agency field (dim_report.agency_told_by).
TOLD = {"title": "title", "page": "page", "manifest": "manifest", "url": "url"}

_COPYRIGHT = re.compile(r"([\u4e00-\u9fff]{4,30}?)\s*版权所有")
_SELF = {s: re.compile(f"[我本]{s}") for s in lexicon("self_suffix")}
_DEPARTMENT_SELF = frozenset(lexicon("department_self"))
_SELF_TOWNSHIP = re.compile(r"[我本](?:街道|镇|乡)")
_SELF_GOVERNMENT = re.compile(r"[我本]([省市区县州旗])(?:人民政府|政府)?")
# The party committee a joint report names before its government: 中共浚县县委、
_JOINT_PARTY = re.compile(r"^中共[\u4e00-\u9fff]{1,14}?委(?:员会)?[、\s]*(?=[\u4e00-\u9fff]{2,14}?人民政府)")
# Another issuer named as one that leads, guides or supports: not the report's own.
_OTHER_AFTER = re.compile(rf"^[^，,。；;]{{0,6}}?(?:的|等)?(?:{'|'.join(lexicon('guidance_intensifier'))})?"
                          rf"(?:{'|'.join(lexicon('guidance_word'))})")
_OTHER_BEFORE = re.compile(r"(?:在|经|由|按照|根据|围绕|贯彻|落实|服从|配合|协助|会同|联合|与|同|向|报送|受)[^，,。；;]{0,12}$")
# The page speaking of itself: 我局, 本委, 我街道 ...
_SELF_ANY = re.compile(r"[我本](?:局|委|厅|办|街道|镇|乡)|(?:^|(?<=[，,。\n]))我(?:省|市|区|县)(?![委政人])")
# A salutation (市委、市政府: / 中共红河州委、红河州人民政府:) names whom the report goes to.
_SALUTATION = re.compile(r"^[\u4e00-\u9fff、，,()（）]{2,40}[:：]$")
# The subject of a government's own opening, at the start of a clause: a region (兰陵县), 我市, or a bare
# level (县委、县政府), then the verb of the opening sentence (坚持, 认真 ...).
# The start of a clause: the text's, after a comma, full stop or line break, or after "2023年".
_CLAUSE_START = r"(?:^|(?<=[，,。\n])|(?<=(?:19|20)\d\d年))"
_GOVERNMENT_SUBJECT = re.compile(
    rf"(?:{_CLAUSE_START}|(?<=年以来)|(?<=年度))" r"\s*(?P<who>我[省市区县旗州]|[省市区县旗州]|[\u4e00-\u9fff]{2,12}?[省市区县旗州盟])"
    r"(?:委、[\u4e00-\u9fff]{0,6}?(?:人民)?政府|人民政府|政府)?"
    rf"(?=(?:{'|'.join(lexicon('opening_verb'))}))")


# A government's opening speaks for the whole region (2022年,全市各区、各部门在市委…领导下; 全省上下), or
# is led by the party committee and supervised by the people's congress, with no government above it
# (在中共江苏省委领导和省人大及其常委会监督下): its subject is that level's government.
_WHOLE_REGION = re.compile(
    _CLAUSE_START + r"\s*全(?P<rel>[省市区县州旗])"
    rf"(?:{'|'.join(map(re.escape, lexicon('whole_region_subject')))})")
_CONGRESS_SUPERVISED = re.compile(
    r"在(?:中共)?[\u4e00-\u9fff]{0,10}?(?P<rel>[省市区县州旗])委(?:的)?(?:坚强|正确)?领导(?:下)?[和、，,]?"
    r"[^，,。；;政府]{0,14}?人大(?:及其常委会)?(?:的)?(?:大力)?(?:支持|依法)?[和、]?监督")


@dataclass
class Evidence:
    issuer: Issuer
    place: str
    weight: float


@dataclass
class Agency:
    """The chosen issuer's fields, and how the agency and the region were told."""

    fields: dict
    agency_told_by: str | None = None
    region_told_by: str | None = None


def _lead(title: str) -> str:
    """What a title says before its year or 关于: the issuer (静海区2023年度..., XX局关于...). A report
    the party committee and the government make together (中共浚县县委 浚县人民政府关于…) is the government's."""
    lead = re.split(r"关于|(?:19|20)\d{2}|[二〇]{2}", title)[0]
    return _JOINT_PARTY.sub("", lead) if _JOINT_PARTY.match(lead) and "政府" in lead else lead


def _title_evidence(title: str, place: str, context: str) -> list[Evidence]:
    lead = _lead(title)
    after_year = re.match(r"(?:19|20)\d{2}年度?([\u4e00-\u9fff]{2,20}?)(?:法治|依法)", title)
    if not lead and after_year:
        lead = after_year.group(1)  # 2025年陇西县法治政府建设情况
    if not lead:
        return []
    found = [i for i, start, _ in issuers_in(lead, context) if start == 0]
    found = found or [i for i, start, end in issuers_in(title, context) if start == 0 and end <= len(lead) + 4]
    if found:
        return [Evidence(found[0], place, _W[place])]
    government = _government_of(lead, context)
    return [Evidence(government, place, _W[place])] if government else []


def _government_of(name: str, context: str) -> Issuer | None:
    """静海区 (a region's own name, as a title's or an opening's subject): its people's government."""
    found = [i for i, start, end in issuers_in(name + "人民政府", context) if start == 0 and end == len(name) + 4]
    return found[0] if found and found[0].kind == "government" and found[0].region is not None else None


def _after_title(body: str, title: str | None) -> str:
    """The body from its first paragraph: without the banner and title lines above it (泽州县司法局 /
    泽州县审计局2025年…报告) that a page's text starts with."""
    lines = body.split("\n")
    start = 0
    for i, line in enumerate(lines[:HEAD_LINES]):
        flat = re.sub(r"\s+", "", line)
        if title and flat and (title.startswith(flat) or flat.startswith(title[:12])):
            start = i + 1
        elif not is_standalone(line) and start <= i:
            break
    return "\n".join(lines[start:]) if start < len(lines) else body


def _opening_evidence(body: str, context: str) -> tuple[list[Evidence], str | None]:
    """The subject of the opening: the first issuer it names that is not another's superior, guide or
    recipient (the salutation is skipped), or a government named by its region (2023年,兰陵县坚持…; 我市坚持…).
    When the opening speaks of itself first (2024年,我局紧紧围绕市委…), its subject is the page's own
    issuer of that kind: that kind is returned instead, for the issuers named elsewhere to take."""
    opening = _masked(body[:OPENING_CHARS])
    # Neither a salutation nor a row of the page's table of particulars (| 发布机构 | 施甸县人民政府 |) opens it.
    opening = "\n".join("\u3000" * len(ln) if _SALUTATION.match(ln) or ln.lstrip().startswith("|") else ln
                        for ln in opening.split("\n"))
    found: list[tuple[int, Issuer]] = []
    for m in _GOVERNMENT_SUBJECT.finditer(opening):
        who = m.group("who")
        if who.startswith("我") or who in RELATIVE:
            found.append((m.start("who"), Issuer("government", "人民政府", "人民政府", relative=who[-1])))
        elif (government := _government_of(who, context)) is not None:
            found.append((m.start("who"), government))
    named = [(start, issuer) for issuer, start, end in issuers_in(opening, context)
             if not (_is_other(opening, start, end) or _bare(issuer))]
    for m in (*_WHOLE_REGION.finditer(opening), *_CONGRESS_SUPERVISED.finditer(opening)):
        # 在县委领导和县人大监督下,县市场监管局坚持…: the department that follows is the subject.
        if not any(m.end() <= start <= m.end() + 8 for start, _ in named):
            found.append((m.start(), Issuer("government", "人民政府", "人民政府", relative=m.group("rel"))))
    found += named[:1]
    first = min(found, key=lambda f: f[0]) if found else None
    itself = _SELF_ANY.search(opening)
    # 我局, 我省 ... before any issuer named (not 我市科技局: there 市科技局 is named).
    if itself and (first is None or itself.end() < first[0]):
        word = itself.group(0)[1:]
        if word in RELATIVE:
            # 我省…: the page is its government's; which province, the site or the text tells.
            return [Evidence(Issuer("government", "人民政府", "人民政府", relative=word), "opening", _W["opening"])], None
        return [], "township" if word in ("街道", "镇", "乡") else word
    return ([Evidence(first[1], "opening", _W["opening"])] if first else []), None


def _masked(text: str) -> str:
    """`text` with the titles of other documents 《…》 blanked (same length): their names are not issuers."""
    return re.sub(r"《[^《》\n]{0,80}》", lambda m: "\u3000" * len(m.group(0)), text)


def _bare(issuer: Issuer) -> bool:
    """A government named without any region (法治政府建设): not an issuer."""
    return issuer.region is None and issuer.relative is None and issuer.kind in ("government", "office")


def _is_other(text: str, start: int, end: int) -> bool:
    """Named as the issuer's superior, guide or partner: 在省生态环境厅的指导下, 配合市公安局."""
    return bool(_OTHER_AFTER.search(text[end:end + 16]) or _OTHER_BEFORE.search(text[max(0, start - 14):start]))


def _line_evidence(lines: list[str], page_lines: list[str], context: str, title: str | None = None) -> list[Evidence]:
    out = []
    # The signature is after the body: on a short page, the last lines are not the banner above the title.
    first = next((i + 1 for i, ln in enumerate(lines[:HEAD_LINES]) if title and title[:12] in re.sub(r"\s+", "", ln)), 1)
    head, tail = lines[:HEAD_LINES], lines[max(first + 1, len(lines) - TAIL_LINES):]
    for line in page_lines + head + tail:
        for rx in (ISSUER_LINE, _COPYRIGHT):
            for m in rx.finditer(line):
                out += [Evidence(i, "source", _W["source"]) for i, s, _ in issuers_in(m.group(1), context) if s == 0][:1]
    for place, group in (("banner", head), ("signature", tail)):
        for line in group:
            parts = [line] + ([p.strip() for p in re.split(r">+|》", line)] if ">" in line else [])
            for part in parts:
                if is_agency_line(part):
                    issuer = issuers_in(re.sub(r"^中共|(?:党组|党委|党工委)$", "", part), context)[0][0]
                    out.append(Evidence(issuer, place, _W[place]))
    return out


def _mention_evidence(lines: list[str], body: str, context: str) -> list[Evidence]:
    out = []
    for line in lines[:HEAD_LINES]:
        if _SALUTATION.match(line):
            out += [Evidence(i, "other", _W["other"]) for i, _, _ in issuers_in(line, context)]
    text = _masked(body[:MENTION_CHARS])
    for issuer, start, end in issuers_in(text, context):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if _SALUTATION.match(text[line_start:line_end if line_end >= 0 else len(text)]) or _bare(issuer):
            continue
        if issuer.region is None and issuer.relative is None and issuer.kind != "township":
            continue  # a department without its region counts only as a title's or the opening's subject
        other = _is_other(text, start, end)
        out.append(Evidence(issuer, "other" if other else "mention", _W["other" if other else "mention"]))
    return out


def _url_evidence(hint) -> list[Evidence]:
    if not hint.department:
        return []
    dept = department_of(hint.department)
    if dept is None:
        return []
    level = {"district": "区", "county": "县", "city": "市"}.get(hint.level or "")
    return [Evidence(Issuer(dept.kind, dept.department_type, dept.canonical_of(hint.department), relative=level or "?"),
                     "url", _W["url"])]


def _self_kinds(body: str) -> set[str]:
    text = body[:MENTION_CHARS]
    kinds = {s for s, rx in _SELF.items() if rx.search(text)}
    if _SELF_TOWNSHIP.search(text):
        kinds.add("township")
    kinds |= {f"government:{m.group(1)}" for m in _SELF_GOVERNMENT.finditer(text)}
    return kinds


def _fits_self(issuer: Issuer, kinds: set[str]) -> bool:
    if issuer.kind == "township":
        return "township" in kinds
    if issuer.kind == "zone":
        return "委" in kinds or "government:区" in kinds  # 我委 (管理委员会), 我区 (the zone)
    if issuer.kind == "government":
        return any(k.startswith("government:") for k in kinds)
    return _unit_suffix(issuer.unit) in kinds


def _unit_suffix(unit: str) -> str:
    """What 我X calls a unit: 委 for a 委员会, 办 for a 办公室, else its last character (局, 厅)."""
    for ending, word in (("委员会", "委"), ("办公室", "办"), ("办公厅", "厅")):
        if unit.endswith(ending):
            return word
    return unit[-1]


# ------------------------------------------------------------------ regions of names without one

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
                     or regions and any(c.startswith(_code_scope(f[0].code)) or f[0].code.startswith(_code_scope(c))
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
    top = sorted((code for n, code in ranked if ranked and n == ranked[0][0] >= 2), key=lambda c: len(_code_scope(c)))
    if len(top) > 1 and all(b.startswith(_code_scope(a)) for a, b in zip(top, top[1:], strict=False)):
        return division_region(division_by_code(top[-1]))  # 重庆市 and 涪陵区 as often: 涪陵区, in 重庆市
    if once and len(ranked) == 1 and RELATIVE.get(relative) == division_region(division_by_code(ranked[0][1])).level \
            and all(ranked[0][1].startswith(_code_scope(c)) for c in regions):
        # The only region the text names, with the level written (区农业农村局 on a page naming 汉南区 alone;
        # not 市 for a county-level city: 我市 on a page naming 平度市 once is 青岛).
        return division_region(division_by_code(ranked[0][1]))
    hinted = hint.regions if hint else ()
    scopes = [_code_scope(c) for c in hinted]
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
    if issuer.region is not None or _bare(issuer):
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
        inside = [t for t in candidates if any(t.county_code.startswith(_code_scope(c)) for c in scopes)]
        if len({t.code for t in inside}) == 1:
            return replace(issuer, region=county_region(inside[0].county_code), township_code=inside[0].code), "gazetteer"
    region = _site_region(hint, "区", "") or _site_region(hint, "县", "")
    return (issuer.with_region(region), "url") if region else (issuer, None)


def _code_scope(code: str) -> str:
    """The code prefix of the divisions inside a division's code (61 for a province, 6101 for a city)."""
    return code[:2] if code[2:] == "0000" else code[:4] if code[4:] == "00" else code


def _township_self(body: str, hint) -> list[Evidence]:
    """我镇 with 法治神湾 (or 神湾镇 named): the township of that name inside the site's region."""
    out = []
    for m in re.finditer(r"法治([\u4e00-\u9fff]{2,4})", body[:MENTION_CHARS]):
        for name in (m.group(1)[:n] + suffix for n in range(len(m.group(1)), 1, -1) for suffix in ("街道", "镇", "乡")):
            inside = [t for t in townships(name)
                      if any(t.county_code.startswith(_code_scope(c)) for c in hint.regions)]
            if len(inside) == 1:
                word, kind = ("办事处", "街道") if name.endswith("街道") else ("人民政府", "乡镇")
                out.append(Evidence(Issuer("township", kind, inside[0].name + word,
                                           county_region(inside[0].county_code), township_code=inside[0].code),
                                    "mention", _W["mention"]))
    return out[:1]


# The page's own level, told by the leaders it works under: 落实区委、区政府决策部署 is a district's page.
_LEADERS = re.compile(r"(?:在|落实|贯彻|按照)([区县])委[、，,]?\1?(?:人民)?政府")


def _under_its_leaders(issuer: Issuer, body: str, hint) -> Issuer:
    """A city's or province's department on a page that works under a district's (or county's) party
    committee and government is that department of the district: the one of the site's, inside it
    (北京市司法局 on 大兴区's site, 认真贯彻落实区委、区政府决策部署: 北京市大兴区司法局)."""
    if issuer.kind != "department" or issuer.region is None or issuer.region.level not in ("province", "city"):
        return issuer
    m = _LEADERS.search(body[:MENTION_CHARS])
    if m is None:
        return issuer
    inside = [c for c in hint.regions if c.startswith(_code_scope(issuer.region.code)) and c != issuer.region.code
              and _level_fits(m.group(1), division_region(division_by_code(c)), c)]
    return issuer.with_region(division_region(division_by_code(inside[0]))) if len(inside) == 1 else issuer


# ------------------------------------------------------------------ the choice

def _choose(evidence: list[Evidence], body: str) -> tuple[Issuer, float, set[str]] | None:
    """The best-supported issuer: scores add up over the evidence of one key; a strong place is required."""
    kinds = _self_kinds(body)
    scores: dict[tuple, float] = defaultdict(float)
    places: dict[tuple, set[str]] = defaultdict(set)
    issuers: dict[tuple, Issuer] = {}
    for e in evidence:
        scores[e.issuer.key] += e.weight
        places[e.issuer.key].add(e.place)
        issuers.setdefault(e.issuer.key, e.issuer)
    for key, issuer in issuers.items():
        if kinds and _fits_self(issuer, kinds):
            scores[key] += _W["self"]
            places[key].add("self")
        elif issuer.kind == "department" and kinds & set(_SELF) and _unit_suffix(issuer.unit) in _SELF:
            scores[key] = 0  # 我委 on a page whose address names a 局: that 局 is not the issuer
    if kinds & _DEPARTMENT_SELF:
        # 我局, 我厅: a department's page, whatever government its opening names (我县司法行政工作…), unless
        # its title says otherwise.
        for key, issuer in issuers.items():
            if issuer.kind in ("government", "zone") and not places[key] & {"title", "page"}:
                scores[key] = 0
    ranked = sorted(issuers, key=lambda k: (scores[k], issuers[k].region is not None, len(issuers[k].unit)), reverse=True)
    for key in ranked:
        if scores[key] <= 0:
            return None
        if places[key] & STRONG or "self" in places[key] and scores[key] >= _W["weak_support"]:
            return issuers[key], scores[key], places[key]
    return None


def _titled(body: str, context: str) -> list[Issuer]:
    """The issuers named in the titles of documents 《…》 (《东莞市人力资源局劳务派遣…细则》): never the
    report's issuer on their own, but how the page writes a department's name."""
    return [i for m in re.finditer(r"《([^《》\n]{0,80})》", body[:MENTION_CHARS])
            for i, start, _ in issuers_in(m.group(1), context) if start == 0]


def _merge(evidence: list[Evidence], hint, context: str, regions,
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


def find_agency(lines: list[str], title: str | None, body: str, page_lines: list[str] = (), url: str | None = None,
                page_title: str | None = None) -> Agency:
    """The agency of a report, its department type and region, and how they were told."""
    context = body[:MENTION_CHARS]
    hint = site_hint(url)
    regions = page_regions((title or "") + "\n" + context)
    opening, itself = _opening_evidence(_after_title(body, title), context)
    evidence = [*(_title_evidence(title, "title", context) if title else []),
                *(_title_evidence(page_title, "page", context) if page_title and page_title != title else []),
                *opening, *_line_evidence(lines, list(page_lines), context, title),
                *_mention_evidence(lines, body, context), *_url_evidence(hint),
                *(_township_self(body, hint) if itself == "township" else [])]
    titled = _titled(body, context)
    kinds = _self_kinds(body)
    # 我委印发了《重庆市开州区卫生健康委员会关于…》: a document's issuer of the page's own kind, in the site's
    # own region, is the page speaking of itself.
    evidence += [Evidence(i, "mention", _W["mention"]) for i in {i.key: i for i in titled}.values()
                 if i.region is not None and i.region.code in hint.regions and _fits_self(i, kinds)]
    evidence, told = _merge(evidence, hint, context, regions, titled)
    if itself:
        # 2024年,我局…: the opening's subject is whichever issuer of that kind the page names.
        kinds = {itself}
        evidence += [Evidence(e.issuer, "opening", _W["opening"]) for e in {e.issuer.key: e for e in evidence
                     if e.place != "other" and _fits_self(e.issuer, kinds)}.values()]
    chosen = _choose(evidence, body)
    if chosen is None:
        return Agency({})
    issuer, _score, places = chosen
    placed = _under_its_leaders(issuer, body, hint)
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
