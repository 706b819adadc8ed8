"""A deterministic, labelled corpus of synthetic 法治政府建设年度报告, for demos, benchmarks and accuracy tests.

    from fazhi.synth import generate
    summary = generate("corpus/reports", n=300, seed=7)   # gold answers in corpus/reports-gold

Each report is written from templates (this module's own wording) as a government
agency would publish it: a title, an optional 发布时间/来源 line, an opening paragraph,
the four parts that the national rule requires (主要举措和成效, 存在的不足, 第一责任人,
下一年度工作安排) in varying words, numbered sub-headings, a signature and a date. It is
written as UTF-8 text, as a government web page (header, navigation, breadcrumbs and
footer around the article), as a .docx, or (when asked for, with reportlab installed)
as a PDF.

Next to it goes a gold JSON file in the format of ../shared/gold (docs/data-contract.md): metadata,
level-1 sections with their type, and every quantitative fact with value, unit, kind,
qualifier, value_base, subject, the text it was written as and its before/after role.
Numbers that are not facts (years, dates, document numbers 〔2021〕5号, congress sessions
十四届三次全会, phone numbers, 三个方面) are written too, and never labelled.

The corpus has a shape worth analysing: a fixed set of agencies (departments of real
divisions, GB/T 2260 codes from the gazetteer fazhi reads) report once a year over
`years`; their figures drift from year to year, policy terms (放管服, 营商环境, 数字政府,
证明事项告知承诺制 ...) come up more often in later years and only once they exist; about
15% of reports are published after 1 April of the next year and about 10% lack a part.

The same arguments give byte-identical files: all randomness comes from `seed`, and
.docx packages are written with fixed zip times and fixed document properties.
"""
from __future__ import annotations

import html
import io
import json
import math
import random
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

FORMATS = ("txt", "html", "docx", "pdf")
LATE_SHARE = 0.15
INCOMPLETE_SHARE = 0.10

# ---------------------------------------------------------------- regions and agencies

# Real divisions (GB/T 2260 codes); names, levels and parents come from the gazetteer that fazhi
# reads (cpca, with data/rules/region_updates.csv), so the labels use the same names fazhi knows.
CORE_REGIONS = (
    # provinces and the four 直辖市
    "320000", "330000", "440000", "370000", "410000", "510000", "420000", "430000", "350000", "340000",
    "610000", "210000", "110000", "310000", "120000", "500000",
    # cities
    "320500", "330100", "440300", "370200", "410100", "510100", "420100", "430100", "350200", "210200",
    "610100", "340100", "320100", "330200", "441900", "411000", "331100", "130100", "360100", "530100",
    # districts (of a city, or of a 直辖市)
    "320506", "330106", "440307", "370212", "410105", "510107", "420106", "430104", "350203", "610113",
    "340104", "330212", "110108", "310115", "500106", "120104", "330112", "320106",
    # counties and county-level cities
    "320581", "330481", "410184", "430181", "350583", "331181", "610122", "341181", "370281", "440882",
    "320583", "330782",
)
# Characters that would make a division's name read as a department (荆州市公安县公安局): such
# divisions are left out of the extended list used for very large corpora.
_CONFUSING = ("公安", "教育", "税务", "统计", "科技", "司法", "交通", "应急", "新区", "开发", "管理", "林区")


@dataclass(frozen=True)
class Dept:
    key: str
    local: str            # name below province level (市/区/县)
    provincial: str       # name of a province's department
    municipal: str        # name of a 直辖市's department
    short: str            # how titles and openings often abbreviate it ('' = no abbreviation)
    self_ref: str         # 我局 / 我委 / 我厅 / 我办


DEPARTMENTS = (
    Dept("sfj", "司法局", "司法厅", "司法局", "", "局"),
    Dept("gaj", "公安局", "公安厅", "公安局", "", "局"),
    Dept("scjg", "市场监督管理局", "市场监督管理局", "市场监督管理局", "市场监管局", "局"),
    Dept("sthj", "生态环境局", "生态环境厅", "生态环境局", "", "局"),
    Dept("rs", "人力资源和社会保障局", "人力资源和社会保障厅", "人力资源和社会保障局", "人社局", "局"),
    Dept("jy", "教育局", "教育厅", "教育委员会", "", "局"),
    Dept("wj", "卫生健康委员会", "卫生健康委员会", "卫生健康委员会", "卫健委", "委"),
    Dept("jt", "交通运输局", "交通运输厅", "交通运输委员会", "", "局"),
    Dept("yj", "应急管理局", "应急管理厅", "应急管理局", "应急局", "局"),
    Dept("zrzy", "自然资源和规划局", "自然资源厅", "规划和自然资源局", "", "局"),
    Dept("zj", "住房和城乡建设局", "住房和城乡建设厅", "住房和城乡建设委员会", "住建局", "局"),
    Dept("sw", "税务局", "税务局", "税务局", "", "局"),
    Dept("tj", "统计局", "统计局", "统计局", "", "局"),
    Dept("kj", "科学技术局", "科学技术厅", "科学技术委员会", "科技局", "局"),
    Dept("zf", "人民政府", "人民政府", "人民政府", "", "府"),
    Dept("zfb", "人民政府办公室", "人民政府办公厅", "人民政府办公厅", "政府办", "办"),
)
TAX_PREFIX = "国家税务总局"


@dataclass(frozen=True)
class Agency:
    name: str                 # full official name (district and county agencies carry their city)
    short: str                # as a title may write it
    dept: Dept
    dept_name: str            # 司法局, 司法厅 ...
    level: str                # province / city / district / county
    province: str
    city: str | None
    district: str | None
    code: str
    region: str               # the region's own name as written before the department
    tier: str                 # 省 / 市 / 区 / 县: how the report names its own level (市委、市政府)


@cache
def _division(code: str):
    from transforms.regions import division_by_code, division_region

    div = division_by_code(code)
    return div, division_region(div)


def _extended_regions() -> list[str]:
    """Every other city, district and county of the gazetteer, for corpora that need many agencies."""
    from transforms.regions import MUNICIPALITIES, division_by_code, gazetteer

    core = set(CORE_REGIONS)
    out = []
    for code, div in sorted(gazetteer().items()):
        if code in core or code[2:] == "0000" or len(div.name) < 2 or any(w in div.name for w in _CONFUSING):
            continue
        if code[:2] not in MUNICIPALITIES and code[4:] != "00" and division_by_code(code[:4] + "00") is None:
            continue  # a county a province administers directly: no city to name it by
        if code[:2] in MUNICIPALITIES and code[4:] == "00":
            continue
        out.append(code)
    return out


def _make_agency(code: str, dept: Dept) -> Agency:
    from transforms.regions import MUNICIPALITIES

    div, region = _division(code)
    level = region.level
    municipal = code[:2] in MUNICIPALITIES
    if level == "province":
        dept_name = dept.municipal if municipal else dept.provincial
        prefix = div.name
        tier = "市" if municipal else "省"
    else:
        dept_name = dept.local
        prefix = (region.city or region.province) + div.name if level in ("district", "county") else div.name
        tier = {"city": "市", "district": "区"}.get(level) or ("市" if div.name.endswith("市") else "县")
    full = prefix + dept_name
    if dept.key == "sw":
        full = TAX_PREFIX + full
    short = prefix + dept.short if dept.short and not dept_name.endswith("厅") else full
    return Agency(full, short, dept, dept_name, level, region.province, region.city, region.district, code,
                  prefix, tier)


def _agencies(count: int, rng: random.Random) -> list[Agency]:
    """`count` distinct agencies: departments of the core regions first, the gazetteer's others after."""
    pairs = [(c, d) for c in CORE_REGIONS for d in DEPARTMENTS]
    rng.shuffle(pairs)
    if count > len(pairs):
        more = [(c, d) for c in _extended_regions() for d in DEPARTMENTS]
        rng.shuffle(more)
        pairs += more
    return [_make_agency(c, d) for c, d in pairs[:count]]


# ---------------------------------------------------------------- numbers as written

_ZH = "零一二三四五六七八九"


def zh_numeral(n: int) -> str:
    """Chinese numeral of 2..999 as reports write it: 两 for 2, 十五, 三十二, 一百二十."""
    if n == 2:
        return "两"
    if n < 10:
        return _ZH[n]
    if n < 20:
        return "十" + (_ZH[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH[n // 10] + "十" + (_ZH[n % 10] if n % 10 else "")
    h, rest = divmod(n, 100)
    if rest == 0:
        return _ZH[h] + "百"
    if rest < 10:
        return _ZH[h] + "百零" + _ZH[rest]
    return _ZH[h] + "百" + _ZH[rest // 10] + "十" + (_ZH[rest % 10] if rest % 10 else "")


def _round_number(v: float, way: str = "down") -> int:
    """v rounded to a number people round to, 2 significant digits: down for 余/多/超过/以上 (7346 -> 7300),
    up for 近 (7346 -> 7400), to the nearest for 约/左右."""
    if v < 10:
        return max(1, int(v))
    mag = 10 ** (int(math.log10(v)) - 1) if v >= 20 else 10
    step = {"down": math.floor, "up": math.ceil, "near": round}[way]
    return int(step(v / mag) * mag)


_WAY = {"at_least": "down", "approx": "near", "at_most": "up"}


def _fmt(v: float, decimals: int) -> str:
    s = f"{v:.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


@dataclass(frozen=True)
class Q:
    """A quantity slot: unit, kind, the agency's base range, its drift per year, how it may be written.

    styles: a = Arabic, z = Chinese numeral, q = with a qualifier (余/多/近/超过/以上/约/左右),
    w = with 万 (large counts). `trend` is a relative change per year (additive points for percents).
    """

    unit: str
    kind: str
    lo: float
    hi: float
    trend: float = 0.0
    subject: str = ""
    styles: str = "a"
    decimals: int = 0
    qualifier: str = ""   # written by the template around the slot (不少于{a}: at_least); the number is exact


_MONEY_BASE = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
_DURATION_BASE = {"个工作日": 1, "工作日": 1, "天": 1, "日": 1, "小时": 1 / 24, "个月": 30, "周": 7, "年": 365}


def _fact(value: float, unit: str | None, kind: str, qualifier: str, subject: str, text: str,
          role: str | None = None) -> dict:
    if kind == "money":
        base = value * _MONEY_BASE[unit]
    elif kind == "duration":
        base = value * _DURATION_BASE[unit]
    else:
        base = value
    value = int(value) if float(value).is_integer() else round(value, 6)
    base = int(base) if float(base).is_integer() else round(base, 6)
    return {"value": value, "unit": unit, "kind": kind, "qualifier": qualifier, "value_base": base,
            "subject": subject, "text": text, "role": role}


def render(q: Q, v: float, rng: random.Random) -> tuple[str, dict]:
    """The quantity `v` of slot `q` as a report writes it, and its gold fact."""
    if q.qualifier:
        text, fact = render(Q(q.unit, q.kind, q.lo, q.hi, q.trend, q.subject, q.styles.replace("q", "") or "a",
                              q.decimals), v, rng)
        fact["qualifier"] = q.qualifier
        return text, fact
    style = rng.choice(q.styles)
    unit, kind = q.unit, q.kind
    if kind == "percent":
        s = _fmt(min(100.0, round(v, q.decimals)), q.decimals)
        if style == "q" and v < 99:
            word, qual = rng.choice((("超过", "at_least"), ("近", "approx"), ("约", "approx")))
            r = math.floor(v) if word == "超过" else math.ceil(v) if word == "近" else round(v)
            return f"{word}{r}%", _fact(r, "%", kind, qual, q.subject, f"{word}{r}%")
        return f"{s}%", _fact(float(s), "%", kind, "exact", q.subject, f"{s}%")
    if kind == "money":
        v = round(v, q.decimals)
        if style == "q":
            word, qual, after = rng.choice((("近", "approx", ""), ("超过", "at_least", ""), ("约", "approx", ""),
                                            ("", "at_least", "余")))
            r = _round_number(v, "up" if word == "近" else _WAY[qual]) if v >= 10 else v
            if after:  # 300余万元
                text = f"{_fmt(r, q.decimals)}余{unit}"
            else:
                text = f"{word}{_fmt(r, q.decimals)}{unit}"
            return text, _fact(float(_fmt(r, q.decimals)), unit, kind, qual, q.subject, text)
        s = _fmt(v, q.decimals)
        return f"{s}{unit}", _fact(float(s), unit, kind, "exact", q.subject, f"{s}{unit}")
    if kind == "rank":
        r = max(1, round(v))
        written = zh_numeral(r) if r > 2 and rng.random() < 0.4 else ("一" if r == 1 and rng.random() < 0.5 else str(r))
        return written, _fact(r, "位", "rank", "exact", q.subject, written)
    # counts and durations: whole numbers
    n = max(1, round(v))
    if style == "w" and n >= 10_000:
        wan = round(n / 10_000, 1 if n < 100_000 else 0)
        s = _fmt(wan, 1)
        value = round(wan * 10_000)
        if rng.random() < 0.3:
            return f"{s}万余{unit}", _fact(value, unit, kind, "at_least", q.subject, f"{s}万余{unit}")
        return f"{s}万{unit}", _fact(value, unit, kind, "exact", q.subject, f"{s}万{unit}")
    if style == "q" and n >= 20:
        word, qual, pos = rng.choice((("余", "at_least", "between"), ("多", "at_least", "between"),
                                      ("近", "approx", "before"), ("超过", "at_least", "before"),
                                      ("以上", "at_least", "after"), ("约", "approx", "before"),
                                      ("左右", "approx", "after")))
        r = _round_number(n, "up" if word == "近" else _WAY[qual])
        text = {"between": f"{r}{word}{unit}", "before": f"{word}{r}{unit}", "after": f"{r}{unit}{word}"}[pos]
        return text, _fact(r, unit, kind, qual, q.subject, text)
    if style == "z" and 2 <= n <= 99:
        text = f"{zh_numeral(n)}{unit}"
        return text, _fact(n, unit, kind, "exact", q.subject, text)
    text = f"{n}{unit}"
    return text, _fact(n, unit, kind, "exact", q.subject, text)


# ---------------------------------------------------------------- templates

# Fact sentences: a template with {slot} fields and the slots' quantities. Written for this module.
C, M, P, D = "count", "money", "percent", "duration"

STUDY = (
    ("全年组织党组理论学习中心组专题学法{a}，举办法治专题培训班{b}，培训干部职工{c}。",
     {"a": Q("次", C, 4, 10, 0.06, "中心组专题学法", "az"), "b": Q("期", C, 2, 8, 0.05, "法治专题培训班", "az"),
      "c": Q("人次", C, 300, 4000, 0.10, "培训干部职工", "aqw")}),
    ("组织{a}行政执法人员参加法律知识考试，参考率达{b}，合格率{c}。",
     {"a": Q("名", C, 60, 900, 0.04, "参加考试的行政执法人员", "aq"), "b": Q("%", P, 95, 100, 1, "参考率"),
      "c": Q("%", P, 92, 99.5, 0.6, "考试合格率", "a", 1)}),
    ("落实领导干部会前学法制度，{y}年党组会、局务会会前学法{a}，邀请法律顾问、专家学者授课{b}。",
     {"a": Q("次", C, 6, 20, 0.05, "会前学法", "az"), "b": Q("场", C, 2, 6, 0.05, "专家授课", "az")}),
    ("依托网上学法平台开展在线学法，干部职工年人均学法{a}，学法课时占比不低于{b}。",
     {"a": Q("学时", C, 30, 60, 0.03, "人均学法学时", "a"), "b": Q("%", P, 30, 50, 2, "学法课时占比", qualifier="at_least")}),
)
DOCS = (
    ("全年完成{a}行政规范性文件的合法性审查，提出审查意见{b}，均在规定时限内完成备案。",
     {"a": Q("件", C, 4, 40, 0.08, "行政规范性文件合法性审查", "az"), "b": Q("条", C, 10, 120, 0.06, "审查意见", "aq")}),
    ("对现行有效的规范性文件开展专项清理，共清理{a}，其中废止{b}、修改{c}。",
     {"a": Q("件", C, 20, 160, 0.03, "清理规范性文件", "aq"), "b": Q("件", C, 2, 15, 0.0, "废止规范性文件", "az"),
      "c": Q("件", C, 2, 12, 0.0, "修改规范性文件", "az")}),
    ("审查各类合同协议{a}，涉及金额{b}，出具法律意见书{c}。",
     {"a": Q("份", C, 20, 300, 0.07, "审查合同协议", "aq"), "b": Q("亿元", M, 0.5, 12, 0.06, "合同涉及金额", "aq", 2),
      "c": Q("份", C, 10, 90, 0.06, "法律意见书", "a")}),
    ("作出重大行政决策{a}，均严格履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序，"
     "向社会公开征求意见时间不少于{b}。",
     {"a": Q("项", C, 2, 9, 0.05, "重大行政决策事项", "az"), "b": Q("日", D, 30, 30, 0.0, "征求意见期限", "a", qualifier="at_least")}),
    ("开展公平竞争审查{a}，未发现排除、限制竞争的内容。",
     {"a": Q("件", C, 5, 60, 0.08, "公平竞争审查", "aq")}),
)
DISPUTES = (
    ("全年办理行政复议案件{a}，依法纠错{b}，行政复议纠错率为{c}。",
     {"a": Q("件", C, 10, 240, 0.07, "行政复议案件", "aq"), "b": Q("件", C, 1, 9, 0.0, "复议纠错案件", "az"),
      "c": Q("%", P, 2, 12, -0.3, "复议纠错率", "a", 1)}),
    ("办理行政诉讼案件{a}，行政机关负责人出庭应诉率达{b}，败诉{c}。",
     {"a": Q("件", C, 5, 120, 0.05, "行政诉讼案件", "a"), "b": Q("%", P, 80, 100, 3, "负责人出庭应诉率"),
      "c": Q("件", C, 1, 4, 0.0, "败诉案件", "az")}),
    ("受理群众来信来访{a}，按期办结率{b}。",
     {"a": Q("件", C, 80, 3000, 0.04, "信访件", "aqw"), "b": Q("%", P, 96, 100, 0.5, "信访按期办结率", "a", 1)}),
    ("办理12345政务服务便民热线工单{a}，群众满意率{b}。",
     {"a": Q("件", C, 500, 60000, 0.12, "12345热线工单", "aqw"), "b": Q("%", P, 92, 99.5, 0.6, "热线满意率", "a", 1)}),
)
SERVICES = (
    ("依申请类政务服务事项办理时限由法定的{a}压缩至{b}，平均压缩{c}。",
     {"pair": True, "a": Q("个工作日", D, 20, 20, 0.0, "政务服务事项办理时限"),
      "b": Q("个工作日", D, 5, 9, -0.1, "政务服务事项办理时限"), "c": Q("%", P, 55, 75, 2.5, "办理时限压缩比例", "a", 1)}),
    ("{a}政务服务事项实现全程网办，网上可办率达{b}，即办件占比提高到{c}。",
     {"a": Q("项", C, 40, 400, 0.12, "全程网办事项", "a"), "b": Q("%", P, 80, 96, 2.5, "网上可办率", "a", 1),
      "c": Q("%", P, 30, 60, 3, "即办件占比", "a", 1)}),
    ("政务服务好评率达{a}，较上年提高{b}，高频事项平均办结时间缩短至{c}。",
     {"a": Q("%", P, 97, 99.8, 0.1, "政务服务好评率", "a", 1), "b": Q("个百分点", P, 0.2, 1.8, 0.0, "好评率提高幅度", "a", 1),
      "c": Q("小时", D, 2, 24, -0.08, "高频事项办结时间")}),
    ("精简申请材料{a}，取消证明事项{b}，企业开办时间缩短至{c}。",
     {"a": Q("份", C, 30, 400, 0.05, "精简申请材料", "aq"), "b": Q("项", C, 3, 30, 0.0, "取消证明事项", "az"),
      "c": Q("个工作日", D, 1, 4, -0.1, "企业开办时间")}),
    ("行政审批平均用时由{a}减至{b}。",
     {"pair": True, "a": Q("天", D, 12, 20, 0.0, "行政审批平均用时"), "b": Q("天", D, 2, 6, -0.08, "行政审批平均用时")}),
)
PUBLICITY = (
    ("围绕{law}等开展普法宣传活动{a}，发放宣传资料{b}，受众{c}。",
     {"a": Q("场", C, 10, 120, 0.07, "普法宣传活动", "aq"), "b": Q("份", C, 2000, 60000, 0.06, "宣传资料", "aqw"),
      "c": Q("人次", C, 3000, 200000, 0.09, "普法受众", "qw")}),
    ("通过门户网站主动公开政府信息{a}，办理政府信息公开申请{b}，均在法定期限内答复。",
     {"a": Q("条", C, 150, 3000, 0.05, "主动公开政府信息", "aq"), "b": Q("件", C, 3, 80, 0.04, "依申请公开", "az")}),
    ("开展为期{a}的法治宣传集中行动，开展“以案释法”活动{b}，发布典型案例{c}。",
     {"a": Q("个月", D, 2, 6, 0.0, "集中宣传行动期限", "az"), "b": Q("次", C, 3, 30, 0.08, "以案释法活动", "az"),
      "c": Q("个", C, 3, 20, 0.05, "典型案例", "az")}),
    ("开展“以案释法”活动{a}，发布典型案例{b}。",
     {"a": Q("次", C, 3, 30, 0.08, "以案释法活动", "az"), "b": Q("个", C, 3, 20, 0.05, "典型案例", "az")}),
)
LEADERSHIP = (
    ("主要负责人主持召开党组会、专题会研究法治政府建设工作{a}，听取依法行政工作汇报{b}。",
     {"a": Q("次", C, 3, 9, 0.04, "专题研究法治政府建设", "az"), "b": Q("次", C, 2, 6, 0.03, "听取依法行政工作汇报", "az")}),
    ("主要负责人带头讲授法治课{a}，带队开展法治督察{b}。",
     {"a": Q("次", C, 1, 4, 0.0, "讲授法治课", "a"), "b": Q("次", C, 2, 6, 0.0, "带队法治督察", "az")}),
    ("全年签批涉法事务请示{a}，对{b}下属单位负责人开展述法评议。",
     {"a": Q("件", C, 10, 90, 0.05, "签批涉法事务请示", "aq"), "b": Q("家", C, 3, 25, 0.0, "述法评议单位", "a")}),
)
SHORTCOMING_FACTS = (
    ("全年仍有{a}行政复议案件被纠错，执法规范化水平还需提高。",
     {"a": Q("件", C, 1, 6, 0.0, "被纠错复议案件", "az")}),
    ("抽查的行政执法案卷中有{a}存在文书不规范问题。",
     {"a": Q("卷", C, 2, 12, 0.0, "不规范执法案卷", "a")}),
)
PLAN_FACTS = (
    ("确保行政规范性文件合法性审查率、备案率均达到{a}。",
     {"a": Q("%", P, 100, 100, 0.0, "审查率、备案率目标")}),
    ("全年组织集中学法不少于{a}，行政执法人员年度培训不少于{b}。",
     {"a": Q("次", C, 4, 4, 0.0, "集中学法", "az", qualifier="at_least"),
      "b": Q("学时", C, 40, 60, 0.0, "执法人员培训学时", qualifier="at_least")}),
    ("力争政务服务事项承诺时限再压缩{a}以上。",
     {"a": Q("%", P, 10, 20, 0.0, "承诺时限压缩", qualifier="at_least")}),
)
RANKS = (
    ("在{tier}法治政府建设年度考核中位居第{a}位。", {"a": Q("位", "rank", 1, 8, -0.1, "法治政府建设考核排名")}),
    ("依法行政考核结果位列全{tier0}第{a}。", {"a": Q("位", "rank", 1, 6, -0.1, "依法行政考核排名")}),
)
# Department work: enforcement in each department's own field.
DEPT_WORK = {
    "sfj": ("履行统筹职能，推进严格规范公正文明执法", (
        ("指导调解矛盾纠纷{a}，调解成功率{b}，办理法律援助案件{c}。",
         {"a": Q("件", C, 800, 20000, 0.05, "调解矛盾纠纷", "aqw"), "b": Q("%", P, 95, 99.5, 0.3, "调解成功率", "a", 1),
          "c": Q("件", C, 200, 3000, 0.06, "法律援助案件", "aq")}),
        ("组织评查行政执法案卷{a}，发现并督促整改问题{b}。",
         {"a": Q("卷", C, 100, 900, 0.06, "评查执法案卷", "aq"), "b": Q("个", C, 20, 160, 0.0, "案卷问题", "a")}),
    )),
    "gaj": ("深化执法规范化建设，提升公安执法公信力", (
        ("全年查处治安案件{a}，办理刑事案件{b}，受理执法监督投诉{c}。",
         {"a": Q("起", C, 300, 9000, 0.03, "查处治安案件", "aq"), "b": Q("起", C, 100, 3000, 0.0, "刑事案件", "a"),
          "c": Q("件", C, 5, 60, -0.05, "执法监督投诉", "az")}),
        ("执法办案管理中心集中办理案件{a}，全部实行全流程记录，执法记录仪配备率达{b}。",
         {"a": Q("件", C, 500, 12000, 0.08, "执法办案中心办案", "aqw"), "b": Q("%", P, 90, 100, 2, "执法记录仪配备率")}),
    )),
    "scjg": ("严格市场监管执法，维护公平竞争秩序", (
        ("开展“双随机、一公开”抽查{a}，抽查市场主体{b}，查办违法案件{c}，罚没款{d}。",
         {"a": Q("批次", C, 20, 160, 0.06, "双随机抽查", "a"), "b": Q("户", C, 500, 12000, 0.05, "抽查市场主体", "aqw"),
          "c": Q("件", C, 100, 2500, 0.04, "查办违法案件", "aq"), "d": Q("万元", M, 80, 3000, 0.05, "罚没款", "aq")}),
        ("处理消费投诉举报{a}，为消费者挽回经济损失{b}。",
         {"a": Q("件", C, 1000, 60000, 0.08, "消费投诉举报", "aqw"), "b": Q("万元", M, 50, 2000, 0.06, "挽回经济损失", "aq", 1)}),
    )),
    "sthj": ("严格生态环境执法，守牢环境安全底线", (
        ("出动执法人员{a}，检查企业{b}，立案查处环境违法案件{c}，处罚金额{d}。",
         {"a": Q("人次", C, 1000, 30000, 0.04, "出动执法人员", "aqw"), "b": Q("家", C, 300, 6000, 0.05, "检查企业", "aq"),
          "c": Q("件", C, 20, 400, -0.02, "环境违法案件", "a"), "d": Q("万元", M, 100, 4000, 0.0, "环境处罚金额", "aq", 1)}),
        ("对轻微违法行为依法不予处罚{a}，涉及金额{b}。",
         {"a": Q("件", C, 5, 60, 0.10, "不予处罚案件", "az"), "b": Q("万元", M, 10, 300, 0.08, "免罚涉及金额", "a", 1)}),
    )),
    "rs": ("依法保障劳动者权益，规范人社领域执法", (
        ("主动监察用人单位{a}，追发工资待遇{b}，惠及劳动者{c}。",
         {"a": Q("户", C, 300, 8000, 0.04, "监察用人单位", "aq"), "b": Q("万元", M, 200, 8000, 0.03, "追发工资待遇", "aq", 1),
          "c": Q("人", C, 500, 30000, 0.03, "惠及劳动者", "aqw")}),
        ("受理劳动人事争议案件{a}，结案率{b}，调解率{c}。",
         {"a": Q("件", C, 300, 12000, 0.05, "劳动人事争议案件", "aq"), "b": Q("%", P, 92, 99, 0.5, "争议结案率", "a", 1),
          "c": Q("%", P, 55, 80, 1.5, "争议调解率", "a", 1)}),
    )),
    "jy": ("推进依法治校，规范教育行政执法", (
        ("检查校外培训机构{a}，查处违规办学行为{b}，督促整改问题{c}。",
         {"a": Q("所", C, 50, 1500, 0.05, "检查校外培训机构", "aq"), "b": Q("起", C, 5, 120, 0.0, "违规办学行为", "a"),
          "c": Q("个", C, 20, 400, 0.0, "整改问题", "a")}),
        ("为{a}中小学校配备法治副校长，开展法治教育进校园活动{b}，覆盖师生{c}。",
         {"a": Q("所", C, 30, 900, 0.03, "配备法治副校长学校", "a"), "b": Q("场", C, 20, 500, 0.06, "法治进校园活动", "aq"),
          "c": Q("人次", C, 10000, 500000, 0.06, "覆盖师生", "qw")}),
    )),
    "wj": ("加强卫生健康综合监督，保障群众健康权益", (
        ("监督检查医疗卫生机构{a}，查处违法案件{b}，罚没款{c}。",
         {"a": Q("家", C, 200, 6000, 0.04, "检查医疗卫生机构", "aq"), "b": Q("件", C, 20, 800, 0.03, "卫生违法案件", "a"),
          "c": Q("万元", M, 20, 900, 0.04, "卫生罚没款", "aq", 1)}),
        ("开展公共场所卫生抽检{a}，抽检合格率{b}。",
         {"a": Q("家次", C, 100, 3000, 0.04, "公共场所卫生抽检", "aq"), "b": Q("%", P, 90, 99, 0.8, "抽检合格率", "a", 1)}),
    )),
    "jt": ("规范交通运输执法，优化交通营运秩序", (
        ("检查营运车辆{a}，查处非法营运等违法行为{b}，路面治超检测货车{c}。",
         {"a": Q("辆次", C, 2000, 80000, 0.05, "检查营运车辆", "aqw"), "b": Q("起", C, 100, 3000, 0.0, "非法营运违法行为", "aq"),
          "c": Q("辆次", C, 5000, 200000, 0.06, "治超检测货车", "qw")}),
        ("道路运输许可审批办理时限由{a}缩短到{b}。",
         {"pair": True, "a": Q("个工作日", D, 15, 20, 0.0, "道路运输许可办理时限"),
          "b": Q("个工作日", D, 3, 8, -0.1, "道路运输许可办理时限")}),
    )),
    "yj": ("强化安全生产执法，防范化解重大风险", (
        ("检查生产经营单位{a}，排查整改事故隐患{b}，实施行政处罚{c}，罚款{d}。",
         {"a": Q("家", C, 300, 9000, 0.05, "检查生产经营单位", "aq"), "b": Q("处", C, 1000, 40000, 0.04, "事故隐患", "aqw"),
          "c": Q("起", C, 30, 600, 0.03, "安全生产行政处罚", "a"), "d": Q("万元", M, 30, 1500, 0.04, "安全生产罚款", "aq", 1)}),
        ("组织应急演练{a}，参与群众{b}。",
         {"a": Q("场", C, 10, 300, 0.06, "应急演练", "aq"), "b": Q("人次", C, 2000, 90000, 0.06, "演练参与群众", "qw")}),
    )),
    "zrzy": ("严格自然资源管理，依法保护耕地资源", (
        ("开展卫片执法检查，核查图斑{a}，立案查处土地违法案件{b}，收回土地面积{c}。",
         {"a": Q("个", C, 300, 9000, 0.03, "核查卫片图斑", "aq"), "b": Q("宗", C, 10, 300, -0.03, "土地违法案件", "a"),
          "c": Q("亩", C, 50, 3000, 0.0, "收回土地面积", "aq")}),
        ("办理不动产登记业务{a}，一般登记办理时间压缩至{b}。",
         {"a": Q("件", C, 10000, 300000, 0.05, "不动产登记业务", "qw"), "b": Q("个工作日", D, 1, 5, -0.1, "不动产登记办理时间")}),
    )),
    "zj": ("规范住房城乡建设领域执法，保障工程质量安全", (
        ("检查在建工程项目{a}，下发整改通知书{b}，立案查处违法违规行为{c}。",
         {"a": Q("个", C, 100, 3000, 0.04, "检查在建工程项目", "aq"), "b": Q("份", C, 50, 1500, 0.0, "整改通知书", "a"),
          "c": Q("起", C, 10, 300, 0.0, "建设领域违法违规行为", "a")}),
        ("工程建设项目审批时间压减至{a}以内，累计发放施工许可证{b}。",
         {"a": Q("个工作日", D, 40, 90, -0.08, "工程建设项目审批时间", qualifier="at_most"), "b": Q("张", C, 50, 1500, 0.04, "施工许可证", "aq")}),
    )),
    "sw": ("落实税费优惠政策，规范税务执法", (
        ("全年新增减税降费及退税缓税缓费{a}，惠及纳税人缴费人{b}。",
         {"a": Q("亿元", M, 5, 300, 0.07, "减税降费", "aq", 2), "b": Q("户", C, 10000, 600000, 0.05, "惠及纳税人", "qw")}),
        ("推行“首违不罚”，对{a}纳税人依法免予处罚，{b}涉税事项实现网上办理。",
         {"a": Q("户", C, 100, 9000, 0.10, "首违不罚纳税人", "aq"), "b": Q("项", C, 150, 240, 0.03, "网上办理涉税事项", "a")}),
    )),
    "tj": ("依法开展统计工作，严肃查处统计违法", (
        ("开展统计执法检查{a}，检查调查对象{b}，立案查处统计违法案件{c}。",
         {"a": Q("次", C, 5, 40, 0.04, "统计执法检查", "az"), "b": Q("家", C, 30, 600, 0.04, "检查调查对象", "aq"),
          "c": Q("件", C, 2, 40, 0.0, "统计违法案件", "az")}),
        ("对{a}统计调查对象开展数据质量核查，数据差错率控制在{b}以内。",
         {"a": Q("家", C, 100, 2000, 0.04, "数据核查对象", "aq"), "b": Q("%", P, 1, 3, -0.1, "数据差错率", qualifier="at_most")}),
    )),
    "kj": ("依法管理科技项目，优化科技创新法治环境", (
        ("组织实施科技计划项目{a}，安排财政科技资金{b}，培育科技型中小企业{c}。",
         {"a": Q("项", C, 30, 600, 0.06, "科技计划项目", "aq"), "b": Q("万元", M, 500, 60000, 0.08, "财政科技资金", "aq"),
          "c": Q("家", C, 100, 8000, 0.10, "科技型中小企业", "aq")}),
        ("开展科研诚信检查{a}，处理科研失信行为{b}。",
         {"a": Q("次", C, 2, 12, 0.03, "科研诚信检查", "az"), "b": Q("起", C, 1, 9, 0.0, "科研失信行为", "a")}),
    )),
    "zf": ("加强政府立法和执法协调，提升政府治理效能", (
        ("完成政府规范性文件起草审核{a}，向{tier0}人大常委会报备规范性文件{b}。",
         {"a": Q("件", C, 10, 90, 0.05, "规范性文件起草审核", "aq"), "b": Q("件", C, 1, 8, 0.0, "报备规范性文件", "az")}),
        ("全{tier0}各级行政复议机构共受理行政复议申请{a}，办结率{b}。",
         {"a": Q("件", C, 300, 20000, 0.08, "受理行政复议申请", "aqw"), "b": Q("%", P, 93, 99.5, 0.6, "复议办结率", "a", 1)}),
        ("市场主体总数达到{a}，全年新登记企业{b}。",
         {"a": Q("户", C, 50000, 3000000, 0.07, "市场主体总数", "qw"), "b": Q("户", C, 5000, 200000, 0.06, "新登记企业", "qw")}),
    )),
    "zfb": ("发挥政府办公室统筹作用，推进政务公开和督查", (
        ("办理人大代表建议{a}、政协提案{b}，办复率达{c}。",
         {"a": Q("件", C, 50, 900, 0.03, "人大代表建议", "aq"), "b": Q("件", C, 50, 900, 0.03, "政协提案", "aq"),
          "c": Q("%", P, 100, 100, 0.0, "建议提案办复率")}),
        ("组织政府常务会议会前学法{a}，审核以政府名义印发的文件{b}。",
         {"a": Q("次", C, 6, 16, 0.04, "常务会议会前学法", "az"), "b": Q("件", C, 100, 1200, 0.05, "审核政府文件", "aq")}),
    )),
}

# Paragraph fillers: no numbers in them.
FILLERS = (
    "坚持把法治政府建设摆在全局工作的突出位置，纳入年度重点工作统筹部署、同步推进。",
    "严格落实行政执法责任制，细化执法权限和执法责任，确保权责清晰、执行有力。",
    "健全依法决策机制，重大事项坚持集体研究决定，主动接受人大监督、民主监督和社会监督。",
    "完善法律顾问工作机制，充分发挥法律顾问和公职律师在重大决策中的参谋作用。",
    "加强行政执法队伍建设，严格执行执法人员持证上岗和资格管理制度。",
    "推进政务公开标准化规范化，及时回应社会关切，保障群众知情权和监督权。",
    "建立健全行政争议化解机制，推动行政争议实质性化解。",
    "坚持问题导向，对照年度法治政府建设工作要点逐项抓好落实。",
    "持续规范行政裁量权，统一执法尺度，防止随意执法、选择性执法。",
    "强化内部监督和层级监督，推动权力运行全过程留痕、可追溯。",
)
SHORTCOMINGS = (
    "一是部分干部运用法治思维和法治方式推动工作的能力还有差距，学法的系统性不够。",
    "二是行政执法规范化水平有待进一步提高，个别执法文书制作不够严谨。",
    "三是法治宣传教育的针对性和实效性还需增强，普法方式有待创新。",
    "四是行政规范性文件制定前的调研论证还不够充分。",
    "五是法治工作力量相对薄弱，专职法治工作人员配备不足。",
)
PLANS = (
    "一是持续深入学习贯彻习近平法治思想，把法治政府建设贯穿工作全过程。",
    "二是严格落实重大行政决策程序，加强行政规范性文件合法性审核。",
    "三是深化行政执法规范化建设，全面落实行政执法三项制度。",
    "四是加强法治宣传教育，落实“谁执法谁普法”普法责任制。",
    "五是完善依法行政考核评价，推动法治政府建设各项任务落地见效。",
)
LEADER_FILLERS = (
    "主要负责人认真履行推进法治建设第一责任人职责，对法治建设重要工作亲自部署、重大问题亲自过问、"
    "重点环节亲自协调、重要任务亲自督办。",
    "将履行推进法治建设第一责任人职责情况列入年终述职内容，把法治建设成效作为衡量领导班子和领导干部工作实绩的重要内容。",
    "调整充实法治政府建设领导小组，明确分管负责同志和责任科室，形成一级抓一级、层层抓落实的工作格局。",
)
# Policy terms (data/rules/policy_terms.csv) and the first year reports use them.
TERM_SENTENCES = (
    (2016, "深化“放管服”改革，持续推进简政放权。"),
    (2016, "全面推行“双随机、一公开”监管，做到监管全覆盖。"),
    (2016, "严格执行权责清单制度，做到法定职责必须为、法无授权不可为。"),
    (2016, "深化综合行政执法改革，整合执法力量。"),
    (2018, "以法治化营商环境建设为抓手，持续优化营商环境。"),
    (2018, "推进政务服务“一网通办”，让企业和群众少跑腿。"),
    (2019, "加快数字政府建设，推进政务数据共享。"),
    (2019, "全面落实行政执法三项制度，规范执法行为。"),
    (2019, "运用“互联网+监管”平台开展精准监管。"),
    (2020, "全面推行证明事项告知承诺制，减轻企业和群众负担。"),
    (2020, "探索包容审慎监管，推行轻微违法行为免罚清单。"),
    (2020, "推进政务服务“跨省通办”和“好差评”制度。"),
    (2020, "组织学习宣传民法典，推动民法典走进群众生活。"),
    (2021, "推进“八五”普法规划实施，落实“谁执法谁普法”普法责任制。"),
    (2021, "深化府院联动机制，推进诉源治理。"),
    (2022, "坚持和发展新时代“枫桥经验”，推动矛盾纠纷多元化解。"),
    (2022, "以数字政府建设为牵引，推动电子证照扩大应用和全领域通用。"),
    (2023, "探索“免申即享”服务，推动惠企政策直达快享。"),
    (2024, "推进“高效办成一件事”，优化涉企服务。"),
)
OLD_TERMS = ((2016, 2020, "深入实施“七五”普法规划，营造尊法学法守法用法的良好氛围。"),)

SUBHEADINGS = {
    "study": ("强化学法用法，提升依法行政能力", "抓实学法培训，提高干部法治素养", "健全学法制度，推动领导干部带头尊法学法"),
    "docs": ("规范行政决策和规范性文件管理", "严格合法性审查，提升制度建设质量", "健全依法决策机制，严把文件审查关口"),
    "disputes": ("依法化解行政争议和矛盾纠纷", "发挥行政复议化解行政争议主渠道作用", "畅通诉求渠道，维护群众合法权益"),
    "services": ("深化“放管服”改革，优化政务服务", "推进审批制度改革，提升办事效率", "持续优化政务服务，打造便民高效环境"),
    "publicity": ("加强法治宣传和政务公开", "深化普法宣传教育，营造良好法治氛围", "推进政务公开，保障群众知情权"),
}
TOPICS = {"study": STUDY, "docs": DOCS, "disputes": DISPUTES, "services": SERVICES, "publicity": PUBLICITY}

MEASURE_HEADINGS = ("{y}年度推进法治政府建设的主要举措和成效", "主要举措和成效", "推进法治政府建设的主要做法和成效",
                    "法治政府建设工作开展情况", "主要工作举措及成效")
SPLIT_MEASURES = (("加强组织领导，统筹推进法治政府建设", "聚焦重点任务，推动依法行政取得实效"),
                  ("健全制度机制，夯实依法行政基础", "强化执法监督，提升法治建设成效"))
SHORT_HEADINGS = ("存在的不足和原因", "存在的问题和不足", "推进法治政府建设存在的不足", "存在的主要问题",
                  "工作中存在的差距和不足")
LEAD_HEADINGS = ("党政主要负责人履行推进法治建设第一责任人职责情况",
                 "主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
                 "{own}主要负责人履行法治建设第一责任人职责情况")
PLAN_HEADINGS = ("下一年度工作安排", "{y1}年推进法治政府建设的主要安排", "下一步工作打算", "{y1}年工作思路", "今后工作计划")
TITLES = ("{a}{y}年法治政府建设年度报告", "{a}{y}年度法治政府建设情况报告", "{a}关于{y}年度法治政府建设工作情况的报告",
          "{s}{y}年法治政府建设工作报告")
SECTION_ORDINALS = "一二三四五六七八九十"
CN_DIGITS = "〇一二三四五六七八九"

# Congress and plenum named in an opening paragraph: numbers that are not facts.
def _congress(year: int) -> str:
    if year <= 2017:
        return "党的十八大和十八届四中、五中、六中全会精神"
    if year <= 2021:
        return "党的十九大和十九届{}中全会精神".format("二三四五六"[min(4, year - 2017)])
    if year == 2022:
        return "党的二十大精神"
    return "党的二十大和二十届{}中全会精神".format("二三四"[min(2, year - 2023)])


def _guidance(year: int) -> str:
    if year >= 2021:
        return "习近平法治思想"
    if year >= 2018:
        return "习近平新时代中国特色社会主义思想"
    return "党的十八大精神"


# ---------------------------------------------------------------- one report

@dataclass
class Report:
    file: str
    fmt: str
    agency: Agency
    year: int
    title: str
    publish_date: date | None
    signed_date: date
    source_line: str | None        # 发布时间/来源 line (text and docx) or None
    paragraphs: list[str]          # body text, one paragraph per item (title not included)
    sections: list[dict]
    facts: list[dict]
    late: bool
    complete: bool
    furniture_top: list[str] = field(default_factory=list)
    furniture_bottom: list[str] = field(default_factory=list)

    def gold(self) -> dict:
        a = self.agency
        return {
            "file": self.file,
            "metadata": {
                "agency": a.name, "admin_level": a.level, "province": a.province, "city": a.city,
                "district": a.district, "region_code": a.code, "report_year": self.year,
                "publish_date": self.publish_date.isoformat() if self.publish_date else None,
                "signed_date": self.signed_date.isoformat(), "title": self.title,
            },
            "sections": self.sections,
            "facts": self.facts,
        }


class _Writer:
    """Accumulates paragraphs and the facts labelled in them."""

    def __init__(self, rng: random.Random, agency: Agency, year: int, t: int, base_rng_seed: str):
        self.rng, self.agency, self.year, self.t = rng, agency, year, t
        self.seed = base_rng_seed
        self.facts: list[dict] = []

    def base(self, key: str, q: Q) -> float:
        """The agency's own level of a quantity: fixed per agency, so years can be compared."""
        r = zlib.crc32(f"{self.seed}|{self.agency.name}|{key}".encode()) / 2**32
        return q.lo + (q.hi - q.lo) * r

    def value(self, key: str, q: Q) -> float:
        b = self.base(key, q)
        if q.lo == q.hi:
            return b  # a fixed figure: a statutory period, a target
        if q.kind == "percent":
            v = b + q.trend * self.t + self.rng.uniform(-0.5, 0.5)
            return max(0.5, min(100.0, v))
        if q.kind == "rank":
            return max(1.0, b * (1 + q.trend) ** self.t + self.rng.uniform(-0.6, 0.6))
        v = b * (1 + q.trend) ** self.t * self.rng.uniform(0.92, 1.08)
        return v if q.kind == "money" else max(1.0, v)

    def sentence(self, template: str, slots: dict, key: str) -> str:
        fills = {"y": str(self.year), "tier": "全" + self.agency.tier, "tier0": self.agency.tier,
                 "law": "宪法、民法典" if self.year >= 2020 else "宪法和法律法规"}
        facts = []
        values = {}
        for name, q in slots.items():
            if name == "pair":
                continue
            values[name] = self.value(f"{key}.{name}", q)
        if slots.get("pair") and values["b"] >= values["a"]:
            values["b"] = max(1.0, values["a"] * 0.4)
        for name, q in slots.items():
            if name == "pair":
                continue
            text, fact = render(q, values[name], self.rng)
            fills[name] = text
            facts.append((name, fact))
        if slots.get("pair"):
            for name, fact in facts:
                if name in ("a", "b"):
                    fact["role"] = "before" if name == "a" else "after"
        # facts in reading order
        order = sorted(facts, key=lambda nf: template.index("{" + nf[0] + "}"))
        self.facts.extend(f for _, f in order)
        return template.format(**fills)


def _publish_dates(rng: random.Random, year: int, late: bool) -> tuple[date, date]:
    """(signed, published): on time by 1 April of the next year, or late."""
    if late:
        published = date(year + 1, 4, 2) + timedelta(days=rng.randrange(0, 120))
    else:
        published = date(year + 1, 1, 8) + timedelta(days=rng.randrange(0, 83))
    signed = published - timedelta(days=rng.randrange(0, 15))
    if signed.year == year and signed.month < 12:
        signed = date(year, 12, 28)
    return signed, published


def _zh_date(d: date, style: int) -> str:
    if style == 1:
        return "".join(CN_DIGITS[int(c)] for c in str(d.year)) + "年" + zh_month_day(d.month) + "月" + zh_month_day(d.day) + "日"
    return f"{d.year}年{d.month}月{d.day}日"


def zh_month_day(n: int) -> str:
    return zh_numeral(n) if n != 2 else "二"


def compose(index: int, agency: Agency, year: int, t: int, fmt: str, seed: int, late: bool, missing: str | None) -> Report:
    """One report by `agency` for `year` (t = years since the corpus's first year)."""
    rng = random.Random(f"fazhi-synth|{seed}|{index}")
    w = _Writer(rng, agency, year, t, f"fazhi-synth|{seed}")
    a = agency
    own = ("委" if a.dept_name.endswith("委员会") else "办公厅" if a.dept_name.endswith("办公厅")
           else "办公室" if a.dept_name.endswith("办公室") else a.dept_name[-1])
    if a.dept.key == "zf":
        own = a.tier + "政府"
    title = rng.choice(TITLES).format(a=a.name, s=a.short, y=year)
    if a.dept.key == "zf" and rng.random() < 0.4:
        title = f"{a.region}{year}年度法治政府建设情况报告"
    signed, published = _publish_dates(rng, year, late)
    paras: list[str] = []
    # Opening.
    leader = {"省": "省委、省政府", "市": "市委、市政府", "区": "区委、区政府", "县": "县委、县政府"}[a.tier]
    if a.dept.key in ("zf",):
        leader = {"省": "党中央、国务院", "市": "省委、省政府", "区": "市委、市政府", "县": "市委、市政府"}[a.tier]
    if a.dept.key == "sw":
        leader = "上级税务机关和地方党委政府"
    # The opening names the agency in full, by its level only (市司法局) or as 我局/我市.
    roll = rng.random()
    if roll < 0.6 or a.dept.key == "sw":
        ref = a.name
    elif roll < 0.85:
        ref = a.tier + (a.dept.short if a.dept.short and a.dept_name.endswith("局") else a.dept_name)
        if a.dept.key == "zf":
            ref = a.tier + "政府"
    else:
        ref = "我" + (a.tier if a.dept.key == "zf" else "厅" if a.dept_name.endswith("厅") else a.dept.self_ref)
    opening = rng.choice((
        "{y}年，{ref}在{leader}的坚强领导下，坚持以{g}为指导，深入贯彻{c}，全面落实法治政府建设各项任务，"
        "依法行政水平持续提升。现将{y}年度法治政府建设情况报告如下：",
        "{y}年，{ref}坚持以{g}为指导，认真贯彻落实{leader}关于法治政府建设的决策部署，深入学习{c}，"
        "统筹推进依法行政各项工作。现将有关情况报告如下：",
        "今年以来，{ref}在{leader}的正确领导下，坚持以{g}为指导，紧扣法治政府建设年度目标任务，"
        "扎实推进依法行政，各项工作取得积极成效。现将{y}年法治政府建设工作情况报告如下：",
    ))
    paras.append(opening.format(y=year, ref=ref, leader=leader, g=_guidance(year), c=_congress(year)))

    terms = [s for y0, s in TERM_SENTENCES if y0 <= year] + [s for y0, y1, s in OLD_TERMS if y0 <= year <= y1]
    n_terms = min(len(terms), 2 + (year - 2016) // 2 + rng.randrange(0, 2))
    term_pick = rng.sample(terms, n_terms)

    def para(templates, key: str, k: int, fillers: int = 1, term: bool = True) -> str:
        chosen = rng.sample(range(len(templates)), min(k, len(templates)))
        parts = [w.sentence(templates[i][0], templates[i][1], f"{key}{i}") for i in sorted(chosen)]
        for _ in range(fillers):
            parts.insert(rng.randrange(0, len(parts) + 1), rng.choice(FILLERS))
        if term and term_pick:
            parts.insert(rng.randrange(1, len(parts) + 1), term_pick.pop())
        return "".join(parts)

    # Parts, in the order the national rule lists them (leadership sometimes first).
    parts = ["measures", "shortcomings", "leadership", "plans"]
    if missing:
        parts.remove(missing)
    if rng.random() < 0.15 and "leadership" in parts:
        parts.remove("leadership")
        parts.insert(0, "leadership")
    split = rng.random() < 0.2
    sections = []
    l1 = 0

    def heading(text: str, section_type: str):
        nonlocal l1
        h = f"{SECTION_ORDINALS[l1]}、{text}"
        l1 += 1
        sections.append({"heading": h, "section_type": section_type})
        paras.append(h)

    topic_keys = list(TOPICS)
    rng.shuffle(topic_keys)
    topic_keys = topic_keys[:rng.randrange(3, 6)]
    dept_heading, dept_templates = DEPT_WORK[a.dept.key]
    for part in parts:
        if part == "measures":
            blocks = [(rng.choice(SUBHEADINGS[k]), TOPICS[k], k) for k in topic_keys]
            blocks.insert(rng.randrange(0, len(blocks) + 1), (dept_heading, dept_templates, "dept"))
            groups = [blocks] if not split else [blocks[:len(blocks) // 2], blocks[len(blocks) // 2:]]
            split_titles = rng.choice(SPLIT_MEASURES)
            for g, group in enumerate(groups):
                heading(split_titles[g] if split else rng.choice(MEASURE_HEADINGS).format(y=year), "measures")
                numbered = rng.random() < 0.5
                for j, (sub, templates, key) in enumerate(group):
                    paras.append(f"（{SECTION_ORDINALS[j]}）{sub}")
                    if numbered and len(templates) >= 2:
                        labels = [f[:-1].split("，")[0] for f in rng.sample(FILLERS, 2)]
                        for m_i, i in enumerate(sorted(rng.sample(range(len(templates)), 2))):
                            paras.append(f"{m_i + 1}.{labels[m_i]}。"
                                         + w.sentence(templates[i][0], templates[i][1], f"{key}{i}"))
                    else:
                        paras.append(para(templates, key, rng.randrange(1, 3)))
                if g == len(groups) - 1:
                    if rng.random() < 0.35:
                        paras.append(w.sentence(*rng.choice(RANKS), key="rank") + rng.choice(FILLERS))
                    _noise(paras, rng, a, year)
        elif part == "shortcomings":
            heading(rng.choice(SHORT_HEADINGS), "shortcomings")
            k = rng.randrange(2, 5)
            text = "".join(SHORTCOMINGS[:k])
            if rng.random() < 0.3:
                tpl, slots = rng.choice(SHORTCOMING_FACTS)
                text += w.sentence(tpl, slots, "short")
            paras.append(rng.choice(("对照法治政府建设要求，我们的工作还存在一些不足：", "工作中还存在一些短板和弱项：")) + text)
        elif part == "leadership":
            heading(rng.choice(LEAD_HEADINGS).format(own=own), "leadership")
            paras.append(rng.choice(LEADER_FILLERS) + para(LEADERSHIP, "lead", rng.randrange(1, 3), fillers=0, term=False))
            if rng.random() < 0.5:
                paras.append(rng.choice(LEADER_FILLERS))
        else:
            heading(rng.choice(PLAN_HEADINGS).format(y1=year + 1), "plans")
            paras.append(f"{year + 1}年，{a.name if rng.random() < 0.3 else '我们'}将继续坚持以习近平法治思想为指导，"
                         "重点抓好以下工作：")
            k = rng.randrange(3, 6)
            body = "".join(PLANS[:k])
            if rng.random() < 0.6:
                tpl, slots = rng.choice(PLAN_FACTS)
                body += w.sentence(tpl, slots, "plan")
            if term_pick:
                body += term_pick.pop()
            paras.append(body)
    # Signature and date.
    date_style = 1 if rng.random() < 0.25 else 0
    paras.append(a.name)
    paras.append(_zh_date(signed, date_style))
    # Whether the page states when it was published.
    with_date = fmt == "html" or (fmt in ("txt", "pdf") and rng.random() < 0.85) or (fmt == "docx" and rng.random() < 0.5)
    source_line = None
    if with_date and fmt != "html":
        source_line = rng.choice((
            "发布时间：{d} 来源：{a}",
            "发布日期：{d}",
            "来源：{a} 发布时间：{d} 浏览次数：{v}",
        )).format(d=published.isoformat() if rng.random() < 0.7 else f"{published.year}年{published.month:02d}月{published.day:02d}日",
                  a=a.name, v=rng.randrange(80, 5000))
    ext = {"txt": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}[fmt]
    name = f"{index:05d}_{a.code}_{a.dept.key}_{year}.{ext}"
    return Report(name, fmt, a, year, title, published if with_date else None, signed, source_line, paras,
                  sections, w.facts, late, missing is None or missing == "leadership")


def _noise(paras: list[str], rng: random.Random, a: Agency, year: int) -> None:
    """A paragraph with numbers that are not facts: document numbers, dates, sessions, named sets."""
    tier_party = {"省": "省委", "市": "市委", "区": "区委", "县": "县委"}[a.tier]
    abbrev = a.region[:1] + a.dept_name[:1]
    choices = (
        f"按照《{a.region}{year}年法治政府建设工作要点》要求，制定印发《{a.name}{year}年度法治政府建设工作计划》"
        f"（{abbrev}发〔{year}〕{rng.randrange(2, 40)}号），从三个方面细化工作任务。",
        f"{year}年{rng.randrange(3, 12)}月{rng.randrange(1, 28)}日，召开法治政府建设工作推进会，传达学习{tier_party}"
        f"{zh_numeral(rng.randrange(11, 15))}届{zh_numeral(rng.randrange(3, 9))}次全会精神，对全年任务再部署。",
        "坚持“三重一大”集体决策制度，落实“一岗双责”，推动法治建设与业务工作同谋划、同部署、同推进、同考核。",
        "结合“12·4”国家宪法日和“宪法宣传周”，组织开展系列主题宣传活动，推动“八五”普法各项任务落实。"
        if year >= 2021 else "结合“12·4”国家宪法日，组织开展宪法主题宣传活动，推动“七五”普法各项任务落实。",
    )
    paras.append(rng.choice(choices))


# ---------------------------------------------------------------- writers

def _plain_text(r: Report, rng: random.Random) -> str:
    lines = []
    if rng.random() < 0.25:
        lines.append("当前位置：首页 > 政务公开 > 法治政府建设")
    lines.append(r.title)
    if r.source_line:
        lines.append(r.source_line)
    indent = "　　" if rng.random() < 0.5 else ""
    for p in r.paragraphs[:-2]:
        lines.append(indent + p)
    lines += r.paragraphs[-2:]
    if rng.random() < 0.2:
        lines.append(f"（联系人：法制科　联系电话：{_phone(r.agency, rng)}）")
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    return sep.join(lines) + "\n"


_SITE_NAV = ("首页", "机构概况", "政务公开", "政务服务", "互动交流", "专题专栏", "法治政府建设", "政策解读")


def _phone(a: Agency, rng: random.Random) -> str:
    area = {"11": "010", "31": "021", "12": "022", "50": "023"}.get(a.code[:2], f"0{rng.randrange(311, 999)}")
    return f"{area}-{rng.randrange(60000000, 89999999)}"


def _html_page(r: Report, rng: random.Random) -> str:
    a, esc = r.agency, html.escape
    pub = f"{r.publish_date.isoformat()} {rng.randrange(8, 18):02d}:{rng.randrange(0, 60):02d}"
    nav = "".join(f'<li><a href="/col/col{100 + i}/index.html">{esc(n)}</a></li>' for i, n in enumerate(_SITE_NAV))
    body = "\n".join(f"<p>{esc(p)}</p>" for p in r.paragraphs[:-2])
    sign = "\n".join(f'<p style="text-align: right;">{esc(p)}</p>' for p in r.paragraphs[-2:])
    icp_prov = {"11": "京", "31": "沪", "12": "津", "50": "渝", "32": "苏", "33": "浙", "44": "粤", "37": "鲁",
                "41": "豫", "51": "蜀", "42": "鄂", "43": "湘", "35": "闽", "34": "皖", "61": "陕", "21": "辽"}.get(a.code[:2], "京")
    related = "".join(f'<li><a href="/art/{r.year + 1}/{i + 1}/{i + 3}/art_{i}.html">{esc(t)}</a><span>{r.year + 1}-0{i + 1}-1{i}</span></li>'
                      for i, t in enumerate((f"{a.name}召开党组理论学习中心组学习会", f"{a.name}开展宪法宣传周活动",
                                             "关于公开征求意见的公告")))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{esc(a.name)}">
<meta name="ColumnName" content="法治政府建设">
<meta name="ArticleTitle" content="{esc(r.title)}">
<meta name="PubDate" content="{pub}">
<meta name="ContentSource" content="{esc(a.name)}">
<title>{esc(r.title)}_{esc(a.name)}</title>
<link rel="stylesheet" href="/css/style.css">
<script>function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}</script>
</head>
<body>
<div class="topbar"><span>无障碍</span> <a href="/m/">移动版</a> <a href="/login.html">登录</a></div>
<div class="header"><div class="logo">{esc(a.name)}</div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/col/col102/index.html">政务公开</a> &gt; <a href="/col/col106/index.html">法治政府建设</a></div>
<div class="main">
<h1 class="article-title">{esc(r.title)}</h1>
<div class="info"><span>发布时间：{pub}</span><span>来源：{esc(a.name)}</span><span>浏览次数：{rng.randrange(50, 9000)}</span><span>【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="article" id="zoom">
{body}
{sign}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关文章</h3><ul>{related}</ul></div>
</div>
<div class="footer">
<p>主办单位：{esc(a.name)}　地址：{esc(a.region)}政务服务中心{rng.randrange(2, 20)}楼　邮编：{rng.randrange(100000, 860000)}</p>
<p>联系电话：{_phone(a, rng)}　传真：{_phone(a, rng)}</p>
<p><a href="https://beian.miit.gov.cn/">{icp_prov}ICP备{rng.randrange(10000000, 19999999)}号-{rng.randrange(1, 5)}</a>　网站标识码：{a.code}{rng.randrange(1000, 9999)}　{icp_prov}公网安备 {a.code}02{rng.randrange(100000, 999999)}号</p>
</div>
</body>
</html>
"""


# .docx: the package of python-docx's default template, with our own document.xml and
# core.xml, zipped with fixed times so that the same report gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@cache
def _docx_template() -> tuple[tuple[str, bytes, int, bytes], ...]:
    """The parts of python-docx's default document: (name, data, crc32, deflated data), compressed once."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        names = [i.filename for i in z.infolist()]
        names = ["[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
        return tuple((n, z.read(n), zlib.crc32(z.read(n)), _deflate(z.read(n))) for n in names)


def _zip(entries: list[tuple[str, bytes, int, bytes]]) -> bytes:
    """A zip archive of (name, data, crc32, deflated) entries with fixed times (byte-identical every time)."""
    import struct

    dos_date = ((_ZIP_TIME[0] - 1980) << 9) | (_ZIP_TIME[1] << 5) | _ZIP_TIME[2]
    dos_time = 0
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, packed in entries:
        raw = name.encode("ascii")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, dos_time, dos_date, crc, len(packed), len(data),
                              len(raw), 0) + raw + packed)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, dos_time, dos_date, crc, len(packed),
                                  len(data), len(raw), 0, 0, 0, 0, 0o644 << 16, offset) + raw)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), start, 0))
    return out.getvalue()


def _docx_paragraph(text: str, bold: bool = False, center: bool = False, right: bool = False, size: int = 0) -> str:
    ppr = ""
    if center or right:
        ppr = f'<w:pPr><w:jc w:val="{"center" if center else "right"}"/></w:pPr>'
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "") + "</w:rPr>"
    t = html.escape(text, quote=False)
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r></w:p>'


def _docx_bytes(r: Report) -> bytes:
    heads = {s["heading"] for s in r.sections}
    body = [_docx_paragraph(r.title, bold=True, center=True, size=36)]
    if r.source_line:
        body.append(_docx_paragraph(r.source_line, center=True))
    for p in r.paragraphs[:-2]:
        body.append(_docx_paragraph(p, bold=p in heads))
    body += [_docx_paragraph(p, right=True) for p in r.paragraphs[-2:]]
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
                + "".join(body)
                + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" '
                  'w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')
    stamp = f"{r.signed_date.isoformat()}T09:00:00Z"
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{html.escape(r.title)}</dc:title><dc:creator>{html.escape(r.agency.name)}</dc:creator>"
            "<cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
    entries = []
    for name, data, crc, packed in _docx_template():
        if name in ("word/document.xml", "docProps/core.xml"):
            data = (document if name == "word/document.xml" else core).encode("utf-8")
            crc, packed = zlib.crc32(data), _deflate(data)
        entries.append((name, data, crc, packed))
    return _zip(entries)


def _pdf_bytes(r: Report) -> bytes:
    """A4 PDF with running header and page numbers (reportlab, imported only when asked for)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    page_w, page_h = A4
    margin, size = 72, 12
    leading = size * 1.6
    rows: list[tuple[float, str, bool]] = []

    def wrap(text: str, indent: float, center: bool = False):
        line, room = "", page_w - 2 * margin - indent
        first = True
        for ch in text:
            if line and pdfmetrics.stringWidth(line + ch, font, size) > room:
                rows.append((indent if first else 0, line, center))
                line, room, first = "", page_w - 2 * margin, False
            line += ch
        if line:
            rows.append((indent if first else 0, line, center))

    wrap(r.title, 0, center=True)
    if r.source_line:
        wrap(r.source_line, 0, center=True)
    for p in r.paragraphs:
        wrap(p, 2 * size)
    per_page = int((page_h - 2 * margin) // leading)
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(r.title)
    for n, page in enumerate(pages, 1):
        c.setFont(font, 9)
        c.drawCentredString(page_w / 2, page_h - 40, r.agency.name)
        c.setFont(font, size)
        y = page_h - margin
        for x, line, center in page:
            if center:
                c.drawCentredString(page_w / 2, y, line)
            else:
                c.drawString(margin + x, y, line)
            y -= leading
        c.setFont(font, 9)
        c.drawCentredString(page_w / 2, 36, f"- {n} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def render_report(r: Report, seed: int, index: int) -> bytes:
    """The bytes of a report's file in its format."""
    rng = random.Random(f"fazhi-synth-page|{seed}|{index}")
    if r.fmt == "txt":
        return _plain_text(r, rng).encode("utf-8")
    if r.fmt == "html":
        return _html_page(r, rng).encode("utf-8")
    if r.fmt == "docx":
        return _docx_bytes(r)
    if r.fmt == "pdf":
        return _pdf_bytes(r)
    raise ValueError(f"unknown format {r.fmt!r}")


# ---------------------------------------------------------------- the corpus

@dataclass
class SynthSummary:
    out_dir: str
    gold_dir: str
    files: int = 0
    bytes: int = 0
    facts: int = 0
    agencies: int = 0
    years: tuple[int, int] = (0, 0)
    per_format: dict = field(default_factory=dict)
    late: int = 0
    incomplete: int = 0
    missing_part: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        fmts = ", ".join(f"{k} {v}" for k, v in sorted(self.per_format.items()))
        rate = self.files / self.seconds if self.seconds else float("inf")
        return (f"fazhi synth: {self.files} reports written to {self.out_dir}\n"
                f"  formats          {fmts}\n"
                f"  agencies         {self.agencies} over {self.years[0]}-{self.years[1]}\n"
                f"  facts labelled   {self.facts}\n"
                f"  published late   {self.late}\n"
                f"  missing a part   {self.missing_part} ({self.incomplete} incomplete)\n"
                f"  bytes            {self.bytes:,}\n"
                f"  gold             {self.gold_dir}\n"
                f"  time taken       {self.seconds:.1f} s ({rate:,.0f} reports/s)")


def gold_json(gold: dict) -> str:
    """A gold answer as JSON, one section or fact per line (json's C encoder: fast for large corpora)."""
    def dump(v) -> str:
        return json.dumps(v, ensure_ascii=False)

    def rows(items):
        return "[\n" + ",\n".join("  " + dump(i) for i in items) + "\n ]" if items else "[]"

    return ("{\n" f' "file": {dump(gold["file"])},\n "metadata": {dump(gold["metadata"])},\n'
            f' "sections": {rows(gold["sections"])},\n "facts": {rows(gold["facts"])}\n}}\n')


def plan(n: int, seed: int, years: tuple[int, int]) -> list[tuple[Agency, int]]:
    """(agency, year) of each report: about n/len(years) agencies, each reporting once a year."""
    y0, y1 = years
    if y1 < y0:
        raise ValueError(f"years must run forward: {years}")
    span = y1 - y0 + 1
    count = max(min(n, 3), math.ceil(n / span))
    agencies = _agencies(count, random.Random(f"fazhi-synth-agencies|{seed}"))
    if len(agencies) < count:
        raise ValueError(f"cannot make {count} distinct agencies")
    return [(agencies[i % count], y0 + i // count) for i in range(n)]


def generate(out_dir: str | Path, n: int, seed: int = 0, formats: tuple[str, ...] = ("txt", "html", "docx"),
             gold_dir: str | Path | None = None, years: tuple[int, int] = (2016, 2025)) -> SynthSummary:
    """Write `n` synthetic reports into `out_dir` and one gold JSON per report into `gold_dir`.

    Formats are assigned round-robin over `formats`; gold_dir defaults to a folder next to
    out_dir named `<out_dir name>-gold` (never inside out_dir, which is the source fazhi reads).
    The same arguments always give the same bytes.
    """
    started = time.perf_counter()
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    if n < 0:
        raise ValueError("n must be >= 0")
    out = Path(out_dir)
    gold = Path(gold_dir) if gold_dir is not None else out.parent / f"{out.name}-gold"
    if gold.resolve() == out.resolve() or out.resolve() in gold.resolve().parents:
        raise ValueError("gold_dir must not be inside out_dir: fazhi would read the gold files as reports")
    out.mkdir(parents=True, exist_ok=True)
    gold.mkdir(parents=True, exist_ok=True)
    years = (int(years[0]), int(years[1]))
    summary = SynthSummary(str(out), str(gold), years=years)
    per_format: Counter = Counter()
    pairs = plan(n, seed, years) if n else []
    fate = random.Random(f"fazhi-synth-fate|{seed}")
    for i, (agency, year) in enumerate(pairs):
        fmt = formats[i % len(formats)]
        late = fate.random() < LATE_SHARE
        missing = None
        if fate.random() < INCOMPLETE_SHARE:
            missing = fate.choice(("shortcomings", "leadership"))
        report = compose(i, agency, year, year - years[0], fmt, seed, late, missing)
        data = render_report(report, seed, i)
        (out / report.file).write_bytes(data)
        (gold / (Path(report.file).stem + ".json")).write_text(gold_json(report.gold()), encoding="utf-8")
        per_format[fmt] += 1
        summary.files += 1
        summary.bytes += len(data)
        summary.facts += len(report.facts)
        summary.late += report.publish_date is not None and late
        summary.missing_part += missing is not None
        summary.incomplete += not report.complete
    summary.agencies = len({a.name for a, _ in pairs})
    summary.per_format = dict(per_format)
    summary.seconds = time.perf_counter() - started
    return summary
