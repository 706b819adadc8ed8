"""The evidence of who published a report: each place of the page that names an issuer, with its weight.

Places (weights: ``agency_weight`` in data/rules/lexicon.csv): the report's title, the page's own title,
the opening sentence's subject (2023年,XX县科学技术局坚持...; 一年来,周溪乡...; 我市坚持...), the
signature, the page's banner and 来源 lines, every other mention, and the page's address (a department
code: sfj.wuhan.gov.cn). The page's self-references (我局, 我委, 我街道) say what kind of issuer it is.
An issuer named as one that leads, guides or receives the report (在市司法局的指导下; 市委、市政府:) is
evidence against it ("other"). transforms.metadata.placing gives names without a region theirs;
transforms.metadata.agency chooses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.dates import ISSUER_LINE
from transforms.metadata.issuers import RELATIVE, Issuer, department_of, is_agency_line, issuers_in
from transforms.normalise import is_standalone
from transforms.rules import lexicon, lexicon_numbers

WEIGHT = lexicon_numbers("agency_weight")
_WINDOW = {k: int(v) for k, v in lexicon_numbers("page_window").items()}
HEAD_LINES, TAIL_LINES = _WINDOW["head_lines"], _WINDOW["tail_lines"]
OPENING_CHARS, MENTION_CHARS = _WINDOW["opening_chars"], _WINDOW["mention_chars"]
# The places that can carry an issuer alone; the others only add to one of them.
STRONG = {"title", "page", "opening", "signature", "url", "manifest"}
# How each place counts as a source of the agency field (dim_report.agency_told_by).
TOLD = {"title": "title", "page": "page", "manifest": "manifest", "url": "url"}

_COPYRIGHT_WORD = "版权所有"
_COPYRIGHT = re.compile(rf"([\u4e00-\u9fff]{{4,30}}?)\s*{_COPYRIGHT_WORD}")
SELF_WORDS = {s: re.compile(f"[我本]{s}") for s in lexicon("self_suffix")}
DEPARTMENT_SELF = frozenset(lexicon("department_self"))
# What the page calls itself (self_kinds), in one scan: 我局 (a word of SELF_WORDS), 我镇 (a township), 我市
# (a government of that level; 人民政府 or 政府 may follow).
_SELF_KIND = re.compile(rf"[我本](?:(?P<word>{'|'.join(SELF_WORDS)})|(?P<township>街道|镇|乡)|(?P<government>[省市区县州旗]))")
# The party committee a joint report names before its government: 中共浚县县委、
_JOINT_PARTY = re.compile(r"^中共[\u4e00-\u9fff]{1,14}?委(?:员会)?[、\s]*(?=[\u4e00-\u9fff]{2,14}?人民政府)")
# Another issuer named as one that leads, guides or supports: not the report's own.
_OTHER_AFTER = re.compile(rf"^[^，,。；;]{{0,6}}?(?:的|等)?(?:{'|'.join(lexicon('guidance_intensifier'))})?"
                          rf"(?:{'|'.join(lexicon('guidance_word'))})")
_OTHER_BEFORE = re.compile(r"(?:在|经|由|按照|根据|围绕|贯彻|落实|服从|配合|协助|会同|联合|与|同|向|报送|受)[^，,。；;]{0,12}$")
# The page speaking of itself: 我局, 本委, 我街道 ... (every match starts with _SELF_MARK)
_SELF_MARK = re.compile(r"[我本]")
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


# What a match of _GOVERNMENT_SUBJECT or _WHOLE_REGION starts after, when not at the text's start: the last
# character of one of their clause starts (，,。 or a line break, 年, 年以来, 年度).
_SUBJECT_AFTER = re.compile(r"[，,。\n年来度]")
# What every match of each holds after its clause start: without it in the text, none is tried.
_SUBJECT_END = {
    _GOVERNMENT_SUBJECT: re.compile(r"[省市区县旗州盟](?:委、[\u4e00-\u9fff]{0,6}?(?:人民)?政府|人民政府|政府)?"
                                    rf"(?=(?:{'|'.join(lexicon('opening_verb'))}))"),
    _WHOLE_REGION: re.compile(r"全[省市区县州旗]" rf"(?:{'|'.join(map(re.escape, lexicon('whole_region_subject')))})"),
}


def _at_clauses(rx: re.Pattern, text: str):
    """rx.finditer(text) for a pattern of _SUBJECT_END, tried only where a clause may start, not at every
    character (a lookbehind sees the text before the position a match is tried at)."""
    if not _SUBJECT_END[rx].search(text):
        return
    last = 0
    for start in (0, *(m.end() for m in _SUBJECT_AFTER.finditer(text))):
        if start >= last and (m := rx.match(text, start)):
            last = m.end()
            yield m


def _self_mention(text: str) -> re.Match | None:
    """_SELF_ANY.search(text), tried only at the characters its matches start with."""
    for m in _SELF_MARK.finditer(text):
        if found := _SELF_ANY.match(text, m.start()):
            return found
    return None


@dataclass
class Evidence:
    issuer: Issuer
    place: str
    weight: float


def _lead(title: str) -> str:
    """What a title says before its year or 关于: the issuer (静海区2023年度..., XX局关于...). A report
    the party committee and the government make together (中共浚县县委 浚县人民政府关于…) is the government's."""
    lead = re.split(r"关于|(?:19|20)\d{2}|[二〇]{2}", title)[0]
    return _JOINT_PARTY.sub("", lead) if _JOINT_PARTY.match(lead) and "政府" in lead else lead


def title_evidence(title: str, place: str, context: str) -> list[Evidence]:
    lead = _lead(title)
    after_year = re.match(r"(?:19|20)\d{2}年度?([\u4e00-\u9fff]{2,20}?)(?:法治|依法)", title)
    if not lead and after_year:
        lead = after_year.group(1)  # 2025年陇西县法治政府建设情况
    if not lead:
        return []
    found = [i for i, start, _ in issuers_in(lead, context) if start == 0]
    found = found or [i for i, start, end in issuers_in(title, context) if start == 0 and end <= len(lead) + 4]
    if found:
        return [Evidence(found[0], place, WEIGHT[place])]
    government = _government_of(lead, context)
    return [Evidence(government, place, WEIGHT[place])] if government else []


def _government_of(name: str, context: str) -> Issuer | None:
    """静海区 (a region's own name, as a title's or an opening's subject): its people's government."""
    found = [i for i, start, end in issuers_in(name + "人民政府", context) if start == 0 and end == len(name) + 4]
    return found[0] if found and found[0].kind == "government" and found[0].region is not None else None


def after_title(body: str, title: str | None) -> str:
    """The body from its first paragraph: without the banner and title lines above it (泽州县司法局 /
    泽州县审计局2025年…报告) that a page's text starts with."""
    # The first lines, and the rest of the body unsplit in the last part.
    lines = body.split("\n", HEAD_LINES)
    start = 0
    for i, line in enumerate(lines[:HEAD_LINES]):
        flat = _SPACES.sub("", line)
        if title and flat and (title.startswith(flat) or flat.startswith(title[:12])):
            start = i + 1
        elif not is_standalone(line) and start <= i:
            break
    return "\n".join(lines[start:]) if start < len(lines) else body


def opening_evidence(body: str, context: str) -> tuple[list[Evidence], str | None]:
    """The subject of the opening: the first issuer it names that is not another's superior, guide or
    recipient (the salutation is skipped), or a government named by its region (2023年,兰陵县坚持…; 我市坚持…).
    When the opening speaks of itself first (2024年,我局紧紧围绕市委…), its subject is the page's own
    issuer of that kind: that kind is returned instead, for the issuers named elsewhere to take."""
    opening = _masked(body[:OPENING_CHARS])
    # Neither a salutation nor a row of the page's table of particulars (| 发布机构 | 施甸县人民政府 |) opens it.
    opening = "\n".join("\u3000" * len(ln) if _SALUTATION.match(ln) or ln.lstrip().startswith("|") else ln
                        for ln in opening.split("\n"))
    found: list[tuple[int, Issuer]] = []
    for m in _at_clauses(_GOVERNMENT_SUBJECT, opening):
        who = m.group("who")
        if who.startswith("我") or who in RELATIVE:
            found.append((m.start("who"), Issuer("government", "人民政府", "人民政府", relative=who[-1])))
        elif (government := _government_of(who, context)) is not None:
            found.append((m.start("who"), government))
    named = [(start, issuer) for issuer, start, end in issuers_in(opening, context)
             if not (_is_other(opening, start, end) or is_bare(issuer))]
    for m in (*_at_clauses(_WHOLE_REGION, opening), *_CONGRESS_SUPERVISED.finditer(opening)):
        # 在县委领导和县人大监督下,县市场监管局坚持…: the department that follows is the subject.
        if not any(m.end() <= start <= m.end() + 8 for start, _ in named):
            found.append((m.start(), Issuer("government", "人民政府", "人民政府", relative=m.group("rel"))))
    found += named[:1]
    first = min(found, key=lambda f: f[0]) if found else None
    itself = _self_mention(opening)
    # 我局, 我省 ... before any issuer named (not 我市科技局: there 市科技局 is named).
    if itself and (first is None or itself.end() < first[0]):
        word = itself.group(0)[1:]
        if word in RELATIVE:
            # 我省…: the page is its government's; which province, the site or the text tells.
            return [Evidence(Issuer("government", "人民政府", "人民政府", relative=word), "opening", WEIGHT["opening"])], None
        return [], "township" if word in ("街道", "镇", "乡") else word
    return ([Evidence(first[1], "opening", WEIGHT["opening"])] if first else []), None


def _masked(text: str) -> str:
    """`text` with the titles of other documents 《…》 blanked (same length): their names are not issuers."""
    return re.sub(r"《[^《》\n]{0,80}》", lambda m: "\u3000" * len(m.group(0)), text)


def is_bare(issuer: Issuer) -> bool:
    """A government named without any region (法治政府建设): not an issuer."""
    return issuer.region is None and issuer.relative is None and issuer.kind in ("government", "office")


def _is_other(text: str, start: int, end: int) -> bool:
    """Named as the issuer's superior, guide or partner: 在省生态环境厅的指导下, 配合市公安局."""
    return bool(_OTHER_AFTER.search(text[end:end + 16]) or _OTHER_BEFORE.search(text[max(0, start - 14):start]))


_SPACES = re.compile(r"\s+")
_CRUMB = re.compile(r">+|》")
_PARTY_WORDS = re.compile(r"^中共|(?:党组|党委|党工委)$")


def line_evidence(lines: list[str], page_lines: list[str], context: str, title: str | None = None) -> list[Evidence]:
    out = []
    # The signature is after the body: on a short page, the last lines are not the banner above the title.
    first = next((i + 1 for i, ln in enumerate(lines[:HEAD_LINES]) if title[:12] in _SPACES.sub("", ln)), 1) if title else 1
    head, tail = lines[:HEAD_LINES], lines[max(first + 1, len(lines) - TAIL_LINES):]
    for line in page_lines + head + tail:
        # _COPYRIGHT tried only where its word is: at every character of a long line it costs more than the rest.
        for rx in (ISSUER_LINE, _COPYRIGHT) if _COPYRIGHT_WORD in line else (ISSUER_LINE,):
            for m in rx.finditer(line):
                out += [Evidence(i, "source", WEIGHT["source"]) for i, s, _ in issuers_in(m.group(1), context) if s == 0][:1]
    for place, group in (("banner", head), ("signature", tail)):
        for line in group:
            parts = [line] + ([p.strip() for p in _CRUMB.split(line)] if ">" in line else [])
            for part in parts:
                if is_agency_line(part):
                    issuer = issuers_in(_PARTY_WORDS.sub("", part), context)[0][0]
                    out.append(Evidence(issuer, place, WEIGHT[place]))
    return out


def mention_evidence(lines: list[str], body: str, context: str) -> list[Evidence]:
    out = []
    for line in lines[:HEAD_LINES]:
        if _SALUTATION.match(line):
            out += [Evidence(i, "other", WEIGHT["other"]) for i, _, _ in issuers_in(line, context)]
    text = _masked(body[:MENTION_CHARS])
    for issuer, start, end in issuers_in(text, context):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if _SALUTATION.match(text[line_start:line_end if line_end >= 0 else len(text)]) or is_bare(issuer):
            continue
        if issuer.region is None and issuer.relative is None and issuer.kind != "township":
            continue  # a department without its region counts only as a title's or the opening's subject
        other = _is_other(text, start, end)
        out.append(Evidence(issuer, "other" if other else "mention", WEIGHT["other" if other else "mention"]))
    return out


def url_evidence(hint) -> list[Evidence]:
    if not hint.department:
        return []
    dept = department_of(hint.department)
    if dept is None:
        return []
    level = {"district": "区", "county": "县", "city": "市"}.get(hint.level or "")
    return [Evidence(Issuer(dept.kind, dept.department_type, dept.canonical_of(hint.department), relative=level or "?"),
                     "url", WEIGHT["url"])]


def self_kinds(body: str) -> set[str]:
    """What the page calls itself: the words of SELF_WORDS (局 for 我局), township, government:市 (我市)."""
    kinds = set()
    for m in _SELF_KIND.finditer(body[:MENTION_CHARS]):
        word, township, government = m.group("word", "township", "government")
        kinds.add(word if word else "township" if township else f"government:{government}")
    return kinds


def fits_self(issuer: Issuer, kinds: set[str]) -> bool:
    if issuer.kind == "township":
        return "township" in kinds
    if issuer.kind == "zone":
        return "委" in kinds or "government:区" in kinds  # 我委 (管理委员会), 我区 (the zone)
    if issuer.kind == "government":
        return any(k.startswith("government:") for k in kinds)
    return unit_suffix(issuer.unit) in kinds


def unit_suffix(unit: str) -> str:
    """What 我X calls a unit: 委 for a 委员会, 办 for a 办公室, else its last character (局, 厅)."""
    for ending, word in (("委员会", "委"), ("办公室", "办"), ("办公厅", "厅")):
        if unit.endswith(ending):
            return word
    return unit[-1]


def titled_issuers(body: str, context: str) -> list[Issuer]:
    """The issuers named in the titles of documents 《…》 (《东莞市人力资源局劳务派遣…细则》): never the
    report's issuer on their own, but how the page writes a department's name."""
    return [i for m in re.finditer(r"《([^《》\n]{0,80})》", body[:MENTION_CHARS])
            for i, start, _ in issuers_in(m.group(1), context) if start == 0]

