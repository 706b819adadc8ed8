"""The patterns of fact extraction, built once from the rule data (``data/rules``) and named here.

Word lists come from ``lexicon.csv`` (transforms.rules.lexicon), units and qualifiers from their
own files; what stays in code is punctuation and the shape of each pattern.
"""
from __future__ import annotations

import re
from functools import cache

from transforms.numerals import ZH_NUMERAL_CHARS
from transforms.rules import exclusion_phrases, lexicon, lexicon_numbers, qualifiers, units


def _alternation(name: str) -> str:
    """A regex alternation of the entries of one lexicon list, in file order."""
    return "|".join(re.escape(w) for w in lexicon(name))


def _chars(name: str) -> str:
    """A regex character class body of the one-character entries of a lexicon list."""
    return re.escape("".join(lexicon(name)))


AR = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
ZH = f"[{ZH_NUMERAL_CHARS}]+"
CLAUSE_END = "，,。；;)）\n"
MULTIPLIERS = lexicon_numbers("multiplier")  # 万, 亿, 千 inside a number
# A range: the first number borrows the unit of the second (3至5家, 3-5家).
RANGE_JOIN = re.compile(f"[{_chars('range_join')}]")
# Short quoted labels (“三个一”) and titles 《…》 hold no facts.
MAX_LABEL = 16
QUOTE_PAIRS = {"“": "”", '"': '"', "「": "」", "『": "』", "‘": "’"}
TITLE_SPAN = re.compile(r"《[^《》\n]*》")
LABEL_SPAN = re.compile("|".join(
    f"{re.escape(o)}[^{re.escape(o + c)}，,。；;\\n]{{0,{MAX_LABEL}}}{re.escape(c)}" for o, c in QUOTE_PAIRS.items()
))
RANK_CONTEXT = re.compile(rf"({_alternation('rank_context')})[^，,。；;]{{0,6}}$")
RANK_VERB = re.compile(_alternation("rank_verb"))
# 前N in a ranking context is a place among the first N (位列全市前十, 跻身全省前三名).
RANK_TOP_CONTEXT = re.compile(rf"({_alternation('rank_context')}|{_alternation('rank_top_verb')})[^，,。；;]{{0,6}}$")
# Words that are the first place themselves (位居全市首位).
RANK_FIRST = _alternation("rank_first")
ONE_IN_WORD_AFTER = frozenset(lexicon("one_in_word_after"))
ARTICLE_UNITS = frozenset(lexicon("article_unit"))
BARE_NOT_AFTER = re.compile(rf"({_alternation('bare_not_after')})$")
# Calendar dates and clock times in numeric form: 2022-01-03, 2024/2/20, 2024.12, 16:10.
DATE_TIME = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*[-/]\s*\d{1,2}(?:\s*[-/]\s*\d{1,2})?(?!\d)"
    r"|(?<!\d)(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}(?!\d)"
    r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
)
# The session of a congress or plenum is an ordinal, not a count: 省委十二届五次、六次全会, 县政协十五届三次会议,
# 十五届人大三次会议; without 届 when a meeting follows: 县政协四次会议.
_SESSIONS = rf"(?:[{ZH_NUMERAL_CHARS}\d]+次、)*$"
SESSION_BEFORE = re.compile(rf"届(?:{_alternation('session_body')})?{_SESSIONS}")
SESSION_BODY_BEFORE = re.compile(rf"(?:{_alternation('session_body')}){_SESSIONS}")
SESSION_AFTER = lexicon("session_after")
SESSION_MEETING = lexicon("session_meeting")
# A production capacity in a project's name: 年产30万吨…项目 (the project noun within the clause).
CAPACITY_BEFORE = re.compile(rf"(?:{_alternation('capacity_lead')})$")
PROJECT_AFTER = re.compile(rf"[^，,。；;、\n]{{0,30}}?(?:{_alternation('project_noun')})")
# A phase of a project: 二期工程, 一期、二期项目 (a few phases at most: the scan stays linear).
PHASE_AFTER = re.compile(rf"(?:[、和及至][{ZH_NUMERAL_CHARS}\d]{{1,3}}期){{0,4}}(?:{_alternation('phase_noun')})")
ENUMERATING_UNITS = frozenset(lexicon("enumerating_unit"))
# A count of a compound unit written with a slash: 1.96个/件 (per item).
PER_UNIT = re.compile(r"/([一-鿿]{1,2})")
# An item of a list that is itself counted (行政许可19项、行政处罚三项): a numeral before a counting unit.
COUNTED = re.compile(r"\d|[一二两三四五六七八九十百千万]+["
                     + re.escape("".join(sorted({u.unit[0] for u in units() if u.kind == "count"}))) + "]")
# 每月开展一次, 每季度一次: a frequency.
PER_PERIOD = re.compile(rf"每(?:个)?(?:{_alternation('per_period')})[\u4e00-\u9fff“”]{{0,6}}$")
# Punctuation that ends the phrase of a placing: 理论考核第二名、现场执法检查第一名;
PLACING_END = set("，,。；;、)）\n") | {""}
# After 第N、 another bare numeral continues a list of ordinals (第一、二批), not a ranking, and is an ordinal too.
ORDINAL_NEXT = re.compile(rf"[{ZH_NUMERAL_CHARS}\d]")
ORDINAL_LIST_BEFORE = re.compile(rf"第[{ZH_NUMERAL_CHARS}\d]{{1,3}}(?:、[{ZH_NUMERAL_CHARS}\d]{{1,3}}){{0,3}}、$")
# What may follow 第N名 of a placing besides: 荣获个人第一名的好成绩.
PLACING_AFTER = PLACING_END | {"的"}
# A second bare round numeral near a first one: the two make a slogan (百名…百场, 千企万户).
PAIRED_ROUND = re.compile(r"(?<![一二三四五六七八九十两几数\d])[百千万](?=[\u4e00-\u9fff])")
# After 3余 (no unit): the end of a clause makes a count of at least 3.
COUNT_END = re.compile(r"[，,。；;、）)\n]")
# A bare count (办理热线工单2156。) ends its clause, after a Chinese character.
BARE_COUNT_END = re.compile(r"[，,。；;]")
# A decimal with no unit is a value only after the label of a score or an index (综合指数为4.826,
# 平均分99.99,): elsewhere 2.0 is a version, 3.5 a section number.
SCORE_LABEL_AT_END = re.compile(rf"(?:{_alternation('score_label')})(?:为|达到|达|是|:)?$")
HAN_AT_END = re.compile(r"[\u4e00-\u9fff]$")
# The clause before a count that may restate a list, and the items of the list.
LIST_CLAUSE_STOP = re.compile(r"[，,。；;：:！？\n]")
LIST_ITEM_SPLIT = re.compile(r"、|和|及|与|以及|”“")
# The clause before 第N位, where a ranking verb may stand; 两个全省第一 counts first places.
RANK_CLAUSE_STOP = re.compile(r"[，,。；;、]")
RANKS_COUNTED = re.compile(r"[个项]全[国省市区县州]?$")
MAX_SENTENCE = 300
SENTENCE_SPLIT = re.compile(r"[。！？!?；;\n]")
CHANGE_BETWEEN = re.compile(rf"[^。；;，,]{{0,8}}?(?:{_alternation('change_verb')})?(?:到|至|为)")
CHANGE_BEFORE = re.compile(r"[由从][^。；;，,]{0,10}$")


@cache
def candidate_regex() -> re.Pattern:
    """Numbers that can start a fact: followed by a unit, multiplier, qualifier, range sign or clause end.

    The lookahead is built from the rule data so that the many numerals that
    cannot be facts (统一, 一是, 十分) are skipped by the regex engine itself.
    """
    follow = ({u.unit[0] for u in units()} | {"个"} | set(lexicon("range_join"))
              | {q.word[0] for q in qualifiers() if q.position == "between"})
    follow -= set(MULTIPLIERS)
    f = re.escape("".join(sorted(follow)))
    e = re.escape(CLAUSE_END)
    # Next comes a unit, a qualifier, a range sign, a multiplier that itself leads to
    # one of those (3千余, 1.2万人, 1442万元), or the end of a clause (see below).
    after = rf"(?=[{f}]|[万亿千](?:[{f}]|元)"
    # Tokens start only at the start of a run of digits/numerals and never backtrack
    # (atomic groups), so a megabyte-long run of numerals is scanned once, not quadratically.
    # The end of a clause only matters after a bare count (检查45,: a short integer right
    # after a Chinese character) or a rank (全国第一。); fixed-width lookbehinds check that.
    bare_end = "|".join(rf"(?<=[\u4e00-\u9fff]\d{{{k}}})[{e}]" for k in range(1, 8))
    # ... or a decimal right after a label (综合指数为4.826,: candidate.SCORE_LABEL_AT_END decides).
    bare_end += "".join(rf"|(?<=[\u4e00-\u9fff:]\d{{{i}}}\.\d{{{j}}})[{e}]" for i in range(1, 4) for j in range(1, 4))
    # A rank 第N or 前N may also be followed by 、 (全省第一、全国第三), 的 (全省第七的成绩) or a bracket.
    rank_follow = re.escape(CLAUSE_END + "、的(（")
    rank_end = "|".join(rf"(?<=[第前][{ZH_NUMERAL_CHARS}\d]{{{k}}})[{rank_follow}]" for k in range(1, 4))
    # A match starts with 百 (百分之, 百分百), a first place's first character, a digit or a numeral: a
    # lookahead of those characters first lets the engine leave every other position after one test
    # (the alternatives below start with lookbehinds, tried in turn at every position: 3x slower).
    starts = re.escape("".join(sorted({"百"} | {w[0] for w in lexicon("rank_first")} | set(ZH_NUMERAL_CHARS))))
    return re.compile(
        rf"(?=[{starts}\d])"
        rf"(?:百分之(?P<pct>(?>{AR}|{ZH}))|(?P<pct100>百分百)|(?P<first>{RANK_FIRST})"
        rf"|(?<![\d.])(?P<ar>(?>{AR})){after}|{bare_end}|{rank_end}|$)"
        rf"|(?<![{ZH_NUMERAL_CHARS}])(?P<zh>(?>{ZH})){after}|{rank_end}|$))"
    )


@cache
def exclusion_regex() -> re.Pattern:
    """Any fixed phrase of exclusions.txt (四个意识, 一岗双责 ...): the longest that starts at a place.

    The phrases are grouped by their first character (longest first within a group, as in the file's
    order by length), so that the engine tries one group where it would try every phrase in turn.
    """
    groups: dict[str, list[str]] = {}
    for p in exclusion_phrases():
        groups.setdefault(p[0], []).append(p[1:])
    return re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(re.escape(r) for r in rests)})" for c, rests in groups.items()))
