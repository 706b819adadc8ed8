"""Extract quantitative facts (docs/data-contract.md §4) from normalised report text.

One fast regex pass finds candidate numbers; each candidate is then read left to
right: multiplier (万/亿/千), qualifier between number and unit (余/多), unit
(``data/rules/units.csv``), unit alternative in brackets (场(次)), qualifier
after the unit (以上/左右/以下). Candidates inside titles 《…》, short quoted
labels, fixed phrases (``data/rules/exclusions.txt``), ordinals outside a
ranking, years and dates are dropped. Before/after pairs (由…压缩到…) share a
``change_id``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import polars as pl

from transforms.dates import make_date
from transforms.indicators import match_indicator
from transforms.numerals import ZH_NUMERAL_CHARS, parse_number
from transforms.rules import Unit, enumeration_nouns, exclusion_phrases, qualifiers, units, units_by_name
from transforms.schema import stage_schema
from transforms.subjects import find_subject

# The rows of one report; the pipeline adds report_id and the section columns.
FACT_SCHEMA = stage_schema("fct_quantity", drop=("report_id", "section_ordinal", "l1_ordinal"),
                           rename={"indicator_code": "indicator"})

_AR = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH = f"[{ZH_NUMERAL_CHARS}]+"
_CLAUSE_END = "，,。；;)）\n"


@cache
def candidate_regex() -> re.Pattern:
    """Numbers that can start a fact: followed by a unit, multiplier, qualifier, range sign or clause end.

    The lookahead is built from the rule data so that the many numerals that
    cannot be facts (统一, 一是, 十分) are skipped by the regex engine itself.
    """
    follow = {u.unit[0] for u in units()} | set("个-~～—－至到") | {q.word[0] for q in qualifiers() if q.position == "between"}
    follow -= set(_MULTIPLIERS)
    f = re.escape("".join(sorted(follow)))
    e = re.escape(_CLAUSE_END)
    # Next comes a unit, a qualifier, a range sign, a multiplier that itself leads to
    # one of those (3千余, 1.2万人, 1442万元), or the end of a clause (see below).
    after = rf"(?=[{f}]|[万亿千](?:[{f}]|元)"
    # Tokens start only at the start of a run of digits/numerals and never backtrack
    # (atomic groups), so a megabyte-long run of numerals is scanned once, not quadratically.
    # The end of a clause only matters after a bare count (检查45,: a short integer right
    # after a Chinese character) or a rank (全国第一。); fixed-width lookbehinds check that.
    bare_end = "|".join(rf"(?<=[\u4e00-\u9fff]\d{{{k}}})[{e}]" for k in range(1, 8))
    rank_end = "|".join(rf"(?<=第[{ZH_NUMERAL_CHARS}\d]{{{k}}})[{e}]" for k in range(1, 4))
    return re.compile(
        rf"百分之(?P<pct>(?>{_AR}|{_ZH}))|(?P<pct100>百分百)"
        rf"|(?<![\d.])(?P<ar>(?>{_AR})){after}|{bare_end}|{rank_end}|$)"
        rf"|(?<![{ZH_NUMERAL_CHARS}])(?P<zh>(?>{_ZH})){after}|{rank_end}|$)"
    )

# A range: the first number borrows the unit of the second (3至5家, 3-5家).
_MAX_LABEL = 12
_QUOTE_PAIRS = {"“": "”", '"': '"', "「": "」", "『": "』", "‘": "’"}
_RANGE_JOIN = re.compile(r"[至到\-~～—－]")
_MULTIPLIERS = {"万": 10_000.0, "亿": 100_000_000.0, "千": 1_000.0}
_RANK_CONTEXT = re.compile(r"(位居|排名|排在|排|位列|名列|居于|居|并列|列|获得|荣获|全国|全省|全市|全区|全州|全县|同类城市|全系统)[^，,。；;]{0,6}$")
# Chinese characters that make a following 一 part of a word (统一, 唯一, 之一 ...).
_ZH_WORD_BEFORE = set("统唯之初周同逐专划万单纯归合星")
# Counting units after which 一 is an indefinite article (一项重要任务), not a count.
_ARTICLE_UNITS = {"个", "项", "次", "批", "件", "种", "类", "条", "场", "份", "支", "家", "套", "处", "轮",
                  "本", "张", "部", "起", "所", "期", "篇", "户", "册", "宗", "台", "辆", "艘", "架", "枚", "块",
                  "例", "款", "章", "座", "栋", "页", "字"}
# Words after which a bare number is a label or reference, not a count (附件2, 电话12345).
_BARE_NOT_AFTER = re.compile(r"(附件|附表|表|图|第|号|电话|热线|专线|邮编|编号|代码|条|款|章|节|版|期|届|代|型|号线|路|街|楼|室|幢|栋|版本|年|月|日|时|分|秒|[零〇一二两三四五六七八九十百千万亿])$")
# Calendar dates and clock times in numeric form: 2022-01-03, 2024/2/20, 2024.12, 16:10.
_DATE_TIME = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*[-/]\s*\d{1,2}(?:\s*[-/]\s*\d{1,2})?(?!\d)"
    r"|(?<!\d)(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}(?!\d)"
    r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)
# The session of a congress or plenum is an ordinal, not a count: 省委十二届五次、六次全会, 县政协十五届三次会议.
_SESSION_BEFORE = re.compile(rf"届(?:[{ZH_NUMERAL_CHARS}\d]+次、)*$")
_SESSION_AFTER = ("全会", "全体会议", "全体(扩大)会议")
# Counting words before which a count may only announce an enumeration (五个方面, 两条主线, 四大重点).
_ENUMERATING_UNITS = {"个", "条", "项", "种", "大"}
# A count of a compound unit written with a slash: 1.96个/件 (per item).
_PER_UNIT = re.compile(r"/([一-鿿]{1,2})")
_COUNTED = re.compile(r"\d|[一二两三四五六七八九十百千万]+[项件个次家人名条类期场所]")
# 每月开展一次, 每季度一次: a frequency.
_PER_PERIOD = re.compile(r"每(?:个)?(?:年|季度|季|月|周|半年|天|日|学期|年度)[\u4e00-\u9fff“”]{0,6}$")
# Punctuation that ends the phrase of a placing: 理论考核第二名、现场执法检查第一名;
_PLACING_END = set("，,。；;、)）\n") | {""}
# A second bare round numeral near a first one: the two make a slogan (百名…百场, 千企万户).
_PAIRED_ROUND = re.compile(r"(?<![一二三四五六七八九十两几数\d])[百千万](?=[\u4e00-\u9fff])")
_MAX_SENTENCE = 300
_SENTENCE_SPLIT = re.compile(r"[。！？!?；;\n]")
_CHANGE_BETWEEN = re.compile(
    r"[^。；;，,]{0,8}?(?:压缩|缩短|缩减|减少|减至|降低|下降|降至|降|减|提高|提升|增加|增长|增至|上升|扩大|精简|优化|变为|调整)?(?:到|至|为)"
)
_CHANGE_BEFORE = re.compile(r"[由从][^。；;，,]{0,10}$")


@dataclass
class Fact:
    value: float
    unit: str | None
    kind: str
    qualifier: str
    start: int
    end: int
    number_start: int
    change_id: int | None = None
    role: str | None = None
    extra: dict = field(default_factory=dict)


@cache
def _exclusion_regex() -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in exclusion_phrases()))


_TITLE_SPAN = re.compile(r"《[^《》\n]*》")
_LABEL_SPAN = re.compile("|".join(
    f"{re.escape(o)}[^{re.escape(o + c)}，,。；;\\n]{{0,{_MAX_LABEL}}}{re.escape(c)}" for o, c in _QUOTE_PAIRS.items()
))


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans where no fact may start: titles 《…》, short quoted labels, fixed phrases."""
    spans = [m.span() for m in _TITLE_SPAN.finditer(text)]
    spans.extend(m.span() for m in _LABEL_SPAN.finditer(text))
    spans.extend(m.span() for m in _exclusion_regex().finditer(text))
    return sorted(spans)


def _in_date_time(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is part of a numeric date or clock time (checked in a small window)."""
    lo = max(0, start - 11)
    return any(m.start() + lo < end and m.end() + lo > start for m in _DATE_TIME.finditer(text[lo:end + 11]))


def _inside(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    i = bisect.bisect_right(starts, a) - 1
    while i >= 0:
        s, e = spans[i]
        if e > a and s < b:
            return True
        if s < a - 400:
            break
        i -= 1
    return False


@cache
def _units_by_first_char() -> dict[str, tuple[Unit, ...]]:
    index: dict[str, list[Unit]] = {}
    for u in units():
        index.setdefault(u.unit[0], []).append(u)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _before_qualifier_regexes() -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern anchored at the end of the text before a number, qualifier), longest words first."""
    out = []
    for q in qualifiers():
        if q.position == "before":
            gap = rf"[\u4e00-\u9fff]{{0,{q.max_gap}}}" if q.max_gap else ""
            out.append((re.compile(re.escape(q.word) + gap + "$"), q.qualifier))
    return tuple(out)


def _unit_at(text: str, pos: int, number_start: int) -> Unit | None:
    candidates = _units_by_first_char().get(text[pos:pos + 1])
    if not candidates:
        return None
    before = text[max(0, number_start - 4):number_start]
    for u in candidates:
        if not text.startswith(u.unit, pos):
            continue
        after = text[pos + len(u.unit):pos + len(u.unit) + 4]
        if any(after.startswith(x) for x in u.not_followed_by):
            continue
        if any(before.endswith(x) for x in u.not_preceded_by):
            continue
        return u
    return None


@cache
def _qualifier_table(position: str) -> dict[str, tuple]:
    """Qualifier words of a position, indexed by their first character, longest first."""
    index: dict[str, list] = {}
    for q in qualifiers():
        if q.position == position:
            index.setdefault(q.word[0], []).append(q)
    return {k: tuple(v) for k, v in index.items()}


def _qualifier_at(text: str, pos: int, position: str) -> tuple[str | None, int]:
    for q in _qualifier_table(position).get(text[pos:pos + 1], ()):
        if text.startswith(q.word, pos):
            return q.qualifier, len(q.word)
    return None, 0


def _qualifier_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 8):start]
    for pattern, qualifier in _before_qualifier_regexes():
        if pattern.search(window):
            return qualifier
    return None


def _read_candidate(text: str, m: re.Match) -> Fact | None:
    """Read one candidate number and what follows it; None when it is not a fact."""
    start, pos = m.start(), m.end()
    if m.group("pct100") is not None:
        return Fact(100.0, "%", "percent", "exact", start, pos, start)  # 达标率保持百分百
    if m.group("pct") is not None:
        value = parse_number(m.group("pct"))
        if value is None:
            return None
        q_before = _qualifier_before(text, start)
        q_after, n = _qualifier_at(text, pos, "after")
        return Fact(value, "%", "percent", q_before or q_after or "exact", start, pos + n, start)
    token = m.group("ar") or m.group("zh")
    is_zh = m.group("zh") is not None
    if is_zh and token[-1] in "万亿" and text.startswith("元", pos):
        token, pos = token[:-1], pos - 1
    if not token:
        return None
    value = parse_number(token)
    if value is None:
        return None
    prev = text[start - 1] if start else ""
    if not is_zh and (prev.isdigit() or prev == "." or prev.isascii() and prev.isalpha()):
        return None
    if is_zh and token[0] == "一" and prev in _ZH_WORD_BEFORE:
        return None
    if is_zh and token[0] == "一" and prev == "每":
        return None  # 每一名党员: every member, not one
    if is_zh and token in ("百", "千", "万") and _PAIRED_ROUND.search(text[max(0, start - 8):pos + 8].replace(token, "", 1)):
        return None  # 百名法学家百场报告会, 千企万户, 百日千场: a campaign's name, its round numbers paired
    if not is_zh and _is_compact_date(token, text, pos):
        return None
    # 一个半月 / 1个半小时: a half after the count.
    for written, unit_name in (("个半月", "个月"), ("个半小时", "小时")):
        if text.startswith(written, pos):
            return _make_fact(text, value + 0.5, units_by_name()[unit_name], start, pos + len(written), prev)
    unit = _unit_at(text, pos, start)
    between = None
    if unit is None or unit.kind != "money":
        mult = text[pos:pos + 1]
        applied = None
        if mult in _MULTIPLIERS and not (is_zh and mult != "千") and not text.startswith(("万元", "亿元", "千元"), pos):
            value *= _MULTIPLIERS[mult]
            applied = mult
            pos += 1
        between, n = _qualifier_at(text, pos, "between")
        pos += n
        unit = _unit_at(text, pos, start)
        if applied and unit is not None and unit.unit == "元":
            # 6亿余元: money keeps its 万元/亿元 unit, as 6亿元 does (docs/data-contract.md: 1442万元 -> 1442 万元).
            value /= _MULTIPLIERS[applied]
            unit = units_by_name()[applied + "元"]
            pos -= len(applied + "元") - len("元")
    if unit is None:
        # 3至5家: a range borrows its unit from the upper bound.
        if _RANGE_JOIN.match(text, pos):
            nxt = candidate_regex().match(text, pos + 1)
            if nxt and nxt.group("pct") is None:
                after = nxt.end()
                u = _unit_at(text, after, nxt.start())
                if u is not None and not (u.unit == "年" and value >= 1000):
                    fact = _make_fact(text, value, u, start, pos, prev, qualifier="at_least", unit_written=False)
                    if fact is not None:
                        fact.extra["range_lower"] = True
                    return fact
        if between == "at_least" and (pos >= len(text) or re.match(r"[，,。；;、）)\n]", text[pos])):
            return Fact(value, None, "count", _qualifier_before(text, start) or "at_least", start, pos, start)
        if prev == "第":
            return _rank(text, value, start, pos)
        if _is_bare_count(text, token, is_zh, start, pos):
            return Fact(value, None, "count", _qualifier_before(text, start) or "exact", start, pos, start)
        return None
    end = pos + len(unit.unit)
    if prev == "第":
        return _rank(text, value, start, end, written=unit.unit) if unit.unit in ("位", "名") else None
    if unit.unit == "分" and is_zh:
        return None  # 十分重要, 一分为二: a score is written in digits (得分93.4分)
    if text[end:end + 3] in ("(次)", "（次）") and unit.unit + "次" in units_by_name():
        unit, end = units_by_name()[unit.unit + "次"], end + 3
    if is_zh and token == "一" and unit.kind == "count" and unit.unit in _ARTICLE_UNITS:
        # 一项重要任务: an article before its noun. But 法治讲座一期。(the count ends its clause) and
        # 每月开展一次 (a frequency, like 每年至少学习两次) are counts.
        ends_clause = text[end:end + 1] in _PLACING_END
        if not (ends_clause or _PER_PERIOD.search(text[max(0, start - 10):start])):
            return None
    if unit.unit == "次" and (_SESSION_BEFORE.search(text[max(0, start - 24):start])
                              or text.startswith(_SESSION_AFTER, end)):
        return None
    if unit.unit in _ENUMERATING_UNITS and (text.startswith(enumeration_nouns(), end)
                                           or is_zh and text.startswith(("“", '"'), end)):
        return None  # 五个方面, 两条主线; 三个“一号工程”: a count that names a set
    if unit.kind == "count" and _restates_list(text, start, value):
        return None  # 合法性审查、集体讨论四项程序: the count of the items just listed
    fact = _make_fact(text, value, unit, start, end, prev, between=between)
    per = _PER_UNIT.match(text, end)
    if fact is not None and unit.kind == "count" and per and per.group(1)[:1] in _units_by_first_char():
        fact.unit, fact.end = f"{unit.unit}/{per.group(1)[:1]}", end + 2  # 1.96个/件
    return fact


def _is_bare_count(text: str, token: str, is_zh: bool, start: int, end: int) -> bool:
    """A count whose unit the source left out: 办理热线工单2156。 (a noun, the number, end of clause)."""
    if is_zh or "." in token or not re.match(r"[，,。；;]", text[end:end + 1]):
        return False
    value = float(token.replace(",", ""))
    if value >= 1_000_000 or 1900 <= value <= 2100 and len(token) == 4:
        return False
    before = text[max(0, start - 4):start]
    return bool(re.search(r"[\u4e00-\u9fff]$", before)) and not _BARE_NOT_AFTER.search(before)


def _restates_list(text: str, start: int, value: float) -> bool:
    """True when the number only counts the items listed right before it (A、B、C三类, A、B和C 3个).

    docs/data-contract.md: a count that announces an enumeration is not a fact; nor, by the same token, one that
    restates the list it follows (eval/README.md). With 等 it is one (实验动物许可证、…等2项, seed 004).
    """
    if value != int(value) or not 2 <= value <= 20:
        return False
    clause = re.split(r"[，,。；;：:！？\n]", text[max(0, start - 80):start])[-1]
    if clause.endswith("等"):
        return False  # A、B等2项: "and the like", a count in its own right (seed 004)
    titles = clause.count("》《") + 1 if clause.endswith("》") else 0
    items = [i for i in re.split(r"、|和|及|与|以及", clause) if i]
    if items and "等" in items[-1]:
        return False  # 审批等工作先后4次, 退休等原因注销2名: the list ends before the counted noun
    # A list of names: short items without counts (行政许可19项、行政处罚345项 is a list of facts); the
    # first item may carry the clause's verb (制订市政府重大行政决策事项风险评估、跟踪反馈…).
    plain = all(len(i) <= 15 for i in items[1:]) and not any(_COUNTED.search(i) for i in items)
    return titles == int(value) or ("、" in clause and plain and len(items) == int(value))


def _is_compact_date(token: str, text: str, pos: int) -> bool:
    """2020215日, 20240618: a date written without separators (docs/data-contract.md: 2025212 is a date).

    2023117 may be 1 Nov or 17 Jan: either way it is a date, not a count.
    """
    if not (len(token) in (7, 8) and token.isdigit() and token[:2] in ("19", "20")):
        return False
    if text.startswith(("元", "万", "亿", "%", "人", "件", "个"), pos):
        return False
    year, rest = int(token[:4]), token[4:]
    splits = [(rest[:2], rest[2:])] if len(rest) == 4 else [(rest[:1], rest[1:]), (rest[:2], rest[2:])]
    return any(make_date(year, int(a), int(b)) for a, b in splits if a and b)


def _rank(text: str, value: float, start: int, end: int, written: str | None = None) -> Fact | None:
    """A rank at 第N (start points at N): in a ranking context, or a placing 第N名 / 第N位 of its own."""
    before = text[max(0, start - 12):start - 1]
    ranked = _RANK_CONTEXT.search(before)
    if written == "名" and text[end:end + 1] in _PLACING_END:
        ranked = True  # 理论考核第二名、: a placing in a contest or evaluation
    if written == "位" and not ranked:
        # 位列各项工作的第一位: the ranking verb may stand further back in the same clause.
        clause = re.split(r"[，,。；;、]", text[max(0, start - 30):start - 1])[-1]
        ranked = bool(re.search(r"位居|位列|排名|排在|名列|居于", clause))
    if not ranked or re.search(r"[个项]全[国省市区县州]?$", before):
        return None  # 两个全省第一: first places counted, not a rank
    if text.startswith(("位", "名"), end):
        end += 1
    return Fact(value, "位", "rank", "exact", start - 1, end, start)


def _make_fact(text, value, unit: Unit, start, end, prev, between=None, qualifier=None, unit_written=True) -> Fact | None:
    if unit.unit == "年" and (value >= 1000 or value != int(value) and value > 100):
        return None
    if unit.unit == "年" and prev == "近":
        return None  # 近三年: a time frame, not a measured duration
    if unit.kind == "duration" and unit.unit == "年" and value > 100:
        return None
    q_after, n = (None, 0)
    if unit_written:
        q_after, n = _qualifier_at(text, end, "after")
        if q_after == "at_most" and text[end:end + n] == "内" and unit.kind != "duration":
            q_after, n = None, 0
    q = qualifier or between or _qualifier_before(text, start) or q_after or "exact"
    return Fact(value, unit.unit, unit.kind, q, start, end + n, start,
                extra={"to_base": unit.to_base})


def _pair_changes(text: str, facts: list[Fact]) -> None:
    change = 0
    for a, b in pairwise(facts):
        if a.role or a.kind != b.kind or b.start - a.end > 12:
            continue
        if not _CHANGE_BETWEEN.fullmatch(text[a.end:b.start]):
            continue
        if not _CHANGE_BEFORE.search(text[max(0, a.number_start - 14):a.number_start]):
            continue
        change += 1
        a.change_id, a.role = change, "before"
        b.change_id, b.role = change, "after"


def _sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [0], []
    for m in _SENTENCE_SPLIT.finditer(text):
        ends.append(m.end())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def find_facts(text: str) -> list[Fact]:
    """Facts in `text` in reading order, without subject or indicator."""
    spans = _blocked_spans(text)
    span_starts = [s for s, _ in spans]
    facts: list[Fact] = []
    last_end = 0
    for m in candidate_regex().finditer(text):
        if m.start() < last_end:
            continue  # inside the previous fact (千 of 3千余份)
        fact = _read_candidate(text, m)
        if fact is None or _inside(spans, span_starts, fact.number_start, m.end()):
            continue
        if m.group("ar") and _in_date_time(text, m.start(), m.end()):
            continue
        if facts and facts[-1].extra.get("range_lower") and fact.start == facts[-1].end + 1 and fact.qualifier == "exact":
            fact.qualifier = "at_most"  # upper bound of 3至5家
        facts.append(fact)
        last_end = fact.end
    _pair_changes(text, facts)
    return facts


def extract_facts(text: str) -> pl.DataFrame:
    """Quantitative facts of a normalised report, one row per mention.

    Examples
    --------
    >>> df = extract_facts("向省内7000余家企业宣讲科技创新税收优惠政策。")
    >>> df.select("value", "unit", "kind", "qualifier").row(0)
    (7000.0, '家', 'count', 'at_least')
    """
    return pl.DataFrame(fact_rows(text), schema=FACT_SCHEMA)


def fact_rows(text: str) -> list[dict]:
    """The rows of `extract_facts` as dicts (the pipeline makes one frame per batch of documents)."""
    facts = find_facts(text)
    starts, ends = _sentence_bounds(text)
    rows = []
    prev_subject: dict[int, str] = {}
    by_change: dict[int, str] = {}
    prev_end = 0
    for i, f in enumerate(facts):
        s_idx = bisect.bisect_right(starts, f.start) - 1
        # Sentences and clauses are clipped around the fact: a run-on "sentence" of a
        # garbled page must not make the work per fact grow with the page.
        lo, hi = max(starts[s_idx], f.start - _MAX_SENTENCE), min(ends[s_idx], f.end + _MAX_SENTENCE)
        sentence = text[lo:hi]
        # The clause of a fact starts after the previous fact of its sentence.
        clause_start = max(lo, prev_end)
        subject = find_subject(text, f.start, f.end, clause_start, hi)
        # The verb right before the number tells reviewed from made (审查了2件规范性文件).
        lead = text[max(clause_start, f.start - 12):f.start].rsplit("、", 1)[-1]
        prev_end = f.end
        if not subject and f.change_id is not None and f.role == "after":
            subject = by_change.get(f.change_id)
        if not subject:
            subject = prev_subject.get(s_idx)
        if subject:
            prev_subject[s_idx] = subject
        if f.change_id is not None and f.role == "before" and subject:
            by_change[f.change_id] = subject
        to_base = f.extra.get("to_base", 1.0)
        value_base = round(f.value * to_base, 6) if f.kind in ("money", "duration") else f.value
        clause = text[max(lo, f.start - 20):min(hi, f.end + 20)]
        rows.append({
            "fact_no": i + 1,
            "value": f.value,
            "unit": f.unit,
            "kind": f.kind,
            "qualifier": f.qualifier,
            "value_base": value_base,
            "subject": subject or None,
            "indicator": match_indicator(f.kind, f.unit, lead + (subject or ""), clause),
            "char_start": f.start,
            "char_end": f.end,
            "surface": text[f.start:f.end],
            "sentence": sentence.strip(),
            "change_id": f.change_id,
            "role": f.role,
        })
    return rows
