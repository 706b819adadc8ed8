"""Read one candidate number of the scan and what follows it: a Fact, or None when it is not one.

Left to right: multiplier (万/亿/千), qualifier between number and unit (余/多), unit
(``data/rules/units.csv``), unit alternative in brackets (场(次)), qualifier after the unit
(以上/左右/以下); a range borrows the unit of its upper bound (3至5家); 第N is a rank only in
a ranking context. Ordinals, articles (一项重要任务), sessions (十二届五次全会), counts that
announce or restate a list, compact dates and labels are not facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from transforms.dates import make_date
from transforms.facts import patterns as P
from transforms.numerals import parse_number
from transforms.rules import Unit, enumeration_nouns, qualifiers, units, units_by_name


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


@cache
def _any_before_qualifier() -> re.Pattern:
    """One regex that finds a match in a text where one of `_before_qualifier_regexes` does (an
    alternation of them): most numbers have none, and are then told so by one search, not one per word."""
    return re.compile("|".join(f"(?:{p.pattern})" for p, _ in _before_qualifier_regexes()) or "(?!)")


def _unit_at(text: str, pos: int, number_start: int) -> Unit | None:
    candidates = _units_by_first_char().get(text[pos:pos + 1])
    if not candidates:
        return None
    before = text[max(0, number_start - 4):number_start]
    for u in candidates:
        if not text.startswith(u.unit, pos):
            continue
        after = text[pos + len(u.unit):pos + len(u.unit) + 4]
        # str.startswith with a tuple: any of its words (none when the tuple is empty).
        if after.startswith(u.not_followed_by) or before.endswith(u.not_preceded_by):
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
    if not _any_before_qualifier().search(window):
        return None
    for pattern, qualifier in _before_qualifier_regexes():
        if pattern.search(window):
            return qualifier
    return None


def read_candidate(text: str, m: re.Match) -> Fact | None:
    """Read one candidate number and what follows it; None when it is not a fact."""
    start, pos = m.start(), m.end()
    # The one named group of the alternative that matched (first, pct100, pct, ar or zh) is the last.
    group = m.lastgroup
    if group == "first":
        return _first_place(text, start, pos)
    if group == "pct100":
        return Fact(100.0, "%", "percent", "exact", start, pos, start)  # 达标率保持百分百
    if group == "pct":
        value = parse_number(m.group("pct"))
        if value is None:
            return None
        q_before = _qualifier_before(text, start)
        q_after, n = _qualifier_at(text, pos, "after")
        return Fact(value, "%", "percent", q_before or q_after or "exact", start, pos + n, start)
    token = m.group(group)
    is_zh = group == "zh"
    if is_zh and token[-1] in "万亿" and text.startswith("元", pos):
        token, pos = token[:-1], pos - 1
    if not token:
        return None
    bare = is_zh and token in P.MULTIPLIERS and _is_bare_multiplier(text, token, start, pos)
    value = float(P.MULTIPLIERS[token]) if bare else parse_number(token)
    if value is None:
        return None
    prev = text[start - 1] if start else ""
    if not is_zh and (prev.isdigit() or prev == "." or prev.isascii() and prev.isalpha()):
        return None
    if prev == "、" and P.ORDINAL_LIST_BEFORE.search(text, max(0, start - 20), start):
        return None  # the 二 of 第一、二批: an ordinal like 第一
    if is_zh and token[0] == "一" and prev in P.ONE_IN_WORD_AFTER:
        return None
    if is_zh and token[0] == "一" and prev == "每":
        return None  # 每一名党员: every member, not one
    if is_zh and token in ("百", "千", "万") and P.PAIRED_ROUND.search(text[max(0, start - 8):pos + 8].replace(token, "", 1)):
        return None  # 百名法学家百场报告会, 千企万户, 百日千场: a campaign's name, its round numbers paired
    if not is_zh and _is_compact_date(token, text, pos):
        return None
    # 一个半月 / 1个半小时: a half after the count.
    if text.startswith("个半", pos):
        for written, unit_name in (("个半月", "个月"), ("个半小时", "小时")):
            if text.startswith(written, pos):
                return _make_fact(text, value + 0.5, units_by_name()[unit_name], start, pos + len(written), prev)
    unit = _unit_at(text, pos, start)
    unit_pos = pos
    between = None
    if unit is None or unit.kind != "money":
        mult = text[pos:pos + 1]
        applied = None
        if mult in P.MULTIPLIERS and not (is_zh and mult != "千") and not text.startswith(("万元", "亿元", "千元"), pos):
            value *= P.MULTIPLIERS[mult]
            applied = mult
            pos += 1
        between, n = _qualifier_at(text, pos, "between")
        pos += n
        if pos != unit_pos:
            unit = _unit_at(text, pos, start)
        if bare:
            applied = token  # 万余元: 1 万元, as 6亿余元 is 6 亿元
        if applied and unit is not None and unit.unit == "元":
            # 6亿余元: money keeps its 万元/亿元 unit, as 6亿元 does (docs/data-contract.md: 1442万元 -> 1442 万元).
            value /= P.MULTIPLIERS[applied]
            unit = units_by_name()[applied + "元"]
            pos -= len(applied + "元") - len("元")
    if unit is None:
        # 3至5家: a range borrows its unit from the upper bound.
        if P.RANGE_JOIN.match(text, pos):
            nxt = P.candidate_regex().match(text, pos + 1)
            if nxt and nxt.group("pct") is None:
                after = nxt.end()
                u = _unit_at(text, after, nxt.start())
                if u is not None and not (u.unit == "年" and value >= 1000):
                    fact = _make_fact(text, value, u, start, pos, prev, qualifier="at_least", unit_written=False)
                    if fact is not None:
                        fact.extra["range_lower"] = True
                    return fact
        if between == "at_least" and (pos >= len(text) or P.COUNT_END.match(text[pos])):
            return Fact(value, None, "count", _qualifier_before(text, start) or "at_least", start, pos, start)
        if prev == "第":
            return _rank(text, value, start, pos)
        top = _top_rank(text, value, start, pos) if prev == "前" else None
        if top is not None:
            return top
        if _is_bare_count(text, token, is_zh, start, pos):
            return Fact(value, None, "count", _qualifier_before(text, start) or "exact", start, pos, start)
        return None
    end = pos + len(unit.unit)
    if prev == "第":
        return _rank(text, value, start, end, written=unit.unit) if unit.unit in ("位", "名") else None
    if prev == "前" and unit.unit in ("位", "名"):
        top = _top_rank(text, value, start, end)
        if top is not None:
            return top  # 全省前三名; without a ranking context 前3名 stays a count
    if P.CAPACITY_BEFORE.search(text, max(0, start - 4), start) and P.PROJECT_AFTER.match(text, end):
        return None  # 年产30万吨新型建材项目: the capacity names the project
    if unit.unit == "期" and P.PHASE_AFTER.match(text, end):
        return None  # 二期工程, 一期、二期项目: a phase of a project
    if unit.unit == "分" and is_zh:
        return None  # 十分重要, 一分为二: a score is written in digits (得分93.4分)
    if text[end:end + 3] in ("(次)", "（次）") and unit.unit + "次" in units_by_name():
        unit, end = units_by_name()[unit.unit + "次"], end + 3
    if is_zh and token == "一" and unit.kind == "count" and unit.unit in P.ARTICLE_UNITS:
        # 一项重要任务: an article before its noun. But 法治讲座一期。(the count ends its clause) and
        # 每月开展一次 (a frequency, like 每年至少学习两次) are counts.
        ends_clause = text[end:end + 1] in P.PLACING_END
        if not (ends_clause or P.PER_PERIOD.search(text[max(0, start - 10):start])):
            return None
    if unit.unit == "次" and (P.SESSION_BEFORE.search(text[max(0, start - 24):start])
                              or text.startswith(P.SESSION_AFTER, end)
                              or P.SESSION_BODY_BEFORE.search(text[max(0, start - 24):start])
                              and text.startswith(P.SESSION_MEETING, end)):
        return None
    if unit.unit in P.ENUMERATING_UNITS and (text.startswith(enumeration_nouns(), end)
                                           or is_zh and text.startswith(("“", '"'), end)):
        return None  # 五个方面, 两条主线; 三个“一号工程”: a count that names a set
    if unit.kind == "count" and _restates_list(text, start, value):
        return None  # 合法性审查、集体讨论四项程序: the count of the items just listed
    fact = _make_fact(text, value, unit, start, end, prev, between=between)
    per = P.PER_UNIT.match(text, end)
    if fact is not None and unit.kind == "count" and per and per.group(1)[:1] in _units_by_first_char():
        fact.unit, fact.end = f"{unit.unit}/{per.group(1)[:1]}", end + 2  # 1.96个/件
    return fact


def _is_bare_count(text: str, token: str, is_zh: bool, start: int, end: int) -> bool:
    """A count whose unit the source left out: 办理热线工单2156。 (a noun, the number, end of clause)."""
    if is_zh or not P.BARE_COUNT_END.match(text[end:end + 1]):
        return False
    if "." in token:
        return bool(P.SCORE_LABEL_AT_END.search(text[max(0, start - 10):start]))
    value = float(token.replace(",", ""))
    if value >= 1_000_000 or 1900 <= value <= 2100 and len(token) == 4:
        return False
    before = text[max(0, start - 4):start]
    return bool(P.HAN_AT_END.search(before)) and not P.BARE_NOT_AFTER.search(before)


def _restates_list(text: str, start: int, value: float) -> bool:
    """True when the number only counts the items listed right before it (A、B、C三类, A、B和C 3个).

    docs/data-contract.md: a count that announces an enumeration is not a fact; nor, by the same token, one that
    restates the list it follows (eval/README.md). With 等 it is one (实验动物许可证、…等2项, seed 004).
    """
    if value != int(value) or not 2 <= value <= 20:
        return False
    clause = P.LIST_CLAUSE_STOP.split(text[max(0, start - 80):start])[-1]
    if clause.endswith("等"):
        return False  # A、B等2项: "and the like", a count in its own right (seed 004)
    titles = clause.count("》《") + 1 if clause.endswith("》") else 0
    listed = "、" in clause or "”“" in clause  # A、B、C三类; “A”“B”活动2场
    if not titles and not listed:
        return False  # no titles, no list (value is 2 or more)
    items = [i for i in P.LIST_ITEM_SPLIT.split(clause) if i]
    if items and "等" in items[-1]:
        return False  # 审批等工作先后4次, 退休等原因注销2名: the list ends before the counted noun
    # A list of names: short items without counts (行政许可19项、行政处罚345项 is a list of facts); the
    # first item may carry the clause's verb (制订市政府重大行政决策事项风险评估、跟踪反馈…).
    plain = all(len(i) <= 15 for i in items[1:]) and not any(P.COUNTED.search(i) for i in items)
    return titles == int(value) or (listed and plain and len(items) == int(value))


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


# Characters before 数 that make 人数, 次数, 件数 ...: a count's noun, not 数万.
_COUNT_NOUNS = frozenset("人次件户家场份个")


def _is_bare_multiplier(text: str, token: str, start: int, pos: int) -> bool:
    """万 or 亿 written alone as the number itself: 万余份, 万多人 (10000, at least), 近万名, 超万人次.

    亿 alone counts only before 余/多: 超亿元 names a class of enterprises or projects. 数万, 几万 and
    上万 are not 10000.
    """
    if start and (text[start - 1] in "几上成" or text[start - 1] == "数" and text[start - 2:start - 1] not in _COUNT_NOUNS):
        return False  # 数万余人 (but 参加人数万余人)
    if _qualifier_at(text, pos, "between")[0] == "at_least":
        return True
    return token == "万" and _qualifier_before(text, start) is not None


def _first_place(text: str, start: int, end: int) -> Fact | None:
    """首位 / 榜首 ending a ranking phrase is rank 1 (位居全市首位。); 摆在首位 is a priority, and
    全省首位女法官 the first of her kind (like 全市首家), not a rank."""
    if text[end:end + 1] not in P.PLACING_AFTER or not P.RANK_CONTEXT.search(text[max(0, start - 12):start]):
        return None
    return Fact(1.0, "位", "rank", "exact", start, end, start)


def _top_rank(text: str, value: float, start: int, end: int) -> Fact | None:
    """前N (start points at N) in a ranking context: a place among the first N (位列全市前十), rank at most N."""
    if value != int(value) or not P.RANK_TOP_CONTEXT.search(text[max(0, start - 12):start - 1]):
        return None
    if text.startswith(("位", "名"), end):
        end += 1
    return Fact(value, "位", "rank", "at_most", start - 1, end, start)


def _rank(text: str, value: float, start: int, end: int, written: str | None = None) -> Fact | None:
    """A rank at 第N (start points at N): in a ranking context, or a placing 第N名 / 第N位 of its own."""
    before = text[max(0, start - 12):start - 1]
    if text[end:end + 1] == "、" and P.ORDINAL_NEXT.match(text, end + 1):
        return None  # 全省第一、二批示范单位: ordinals of a list, not a rank
    ranked = P.RANK_CONTEXT.search(before)
    if written == "名" and text[end:end + 1] in P.PLACING_AFTER:
        ranked = True  # 理论考核第二名、, 个人第一名的好成绩: a placing in a contest or evaluation
    if written == "位" and not ranked:
        # 位列各项工作的第一位: the ranking verb may stand further back in the same clause.
        clause = P.RANK_CLAUSE_STOP.split(text[max(0, start - 30):start - 1])[-1]
        ranked = bool(P.RANK_VERB.search(clause))
    if not ranked or P.RANKS_COUNTED.search(before):
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
