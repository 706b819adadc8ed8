"""One report: its title, dates, the four parts the national rule requires, its facts and its gold answer."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.synth.agencies import Agency, own_name, self_reference
from fazhi.synth.data import by_year, load
from fazhi.synth.numbers import zh_numeral
from fazhi.synth.sentences import (
    DEPT_WORK,
    LEADERSHIP,
    PLAN_FACTS,
    RANKS,
    SHORTCOMING_FACTS,
    TOPICS,
    FactWriter,
    Sentence,
)

SECTION_ORDINALS = "一二三四五六七八九十"
CN_DIGITS = "〇一二三四五六七八九"


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

    def gold(self) -> dict:
        """The report's gold answer (docs/data-contract.md): metadata, level-1 sections, facts."""
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
    """A signature's date: 2024年3月5日, or in Chinese numerals (二〇二四年三月五日) for style 1."""
    if style == 1:
        return ("".join(CN_DIGITS[int(c)] for c in str(d.year)) + "年" + _zh_month_day(d.month) + "月"
                + _zh_month_day(d.day) + "日")
    return f"{d.year}年{d.month}月{d.day}日"


def _zh_month_day(n: int) -> str:
    """A month or day in Chinese numerals (二, not 两)."""
    return zh_numeral(n) if n != 2 else "二"


def compose(index: int, agency: Agency, year: int, t: int, fmt: str, seed: int, late: bool, missing: str | None) -> Report:
    """One report by `agency` for `year` (t = years since the corpus's first year)."""
    words = load("templates.toml")
    rng = random.Random(f"fazhi-synth|{seed}|{index}")
    w = FactWriter(rng, agency, year, t, f"fazhi-synth|{seed}")
    a = agency
    title = rng.choice(words["title"]["forms"]).format(a=a.name, s=a.short, y=year)
    if a.dept.key == "zf" and rng.random() < 0.4:
        title = words["title"]["government"].format(r=a.region, y=year)
    signed, published = _publish_dates(rng, year, late)
    paras: list[str] = []
    leaders = words["leaders"]
    leader = leaders.get(a.dept.key, leaders["default"])[a.tier]
    ref = self_reference(a, rng.random())
    opening = rng.choice(words["opening"]["forms"])
    paras.append(opening.format(y=year, ref=ref, leader=leader, g=by_year(words["by_year"]["guidance"], year),
                                c=by_year(words["by_year"]["congress"], year)))

    terms = [s["text"] for s in words["terms"]["sentences"] if s["since"] <= year <= s.get("until", year)]
    n_terms = min(len(terms), 2 + (year - 2016) // 2 + rng.randrange(0, 2))
    term_pick = rng.sample(terms, n_terms)
    fillers = words["measures"]["fillers"]

    def para(templates: tuple[Sentence, ...], key: str, k: int, n_fillers: int = 1, term: bool = True) -> str:
        chosen = rng.sample(range(len(templates)), min(k, len(templates)))
        parts = [w.sentence(templates[i], f"{key}{i}") for i in sorted(chosen)]
        for _ in range(n_fillers):
            parts.insert(rng.randrange(0, len(parts) + 1), rng.choice(fillers))
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

    def heading(text: str, section_type: str):
        h = f"{SECTION_ORDINALS[len(sections)]}、{text}"
        sections.append({"heading": h, "section_type": section_type})
        paras.append(h)

    topic_keys = list(TOPICS)
    rng.shuffle(topic_keys)
    topic_keys = topic_keys[:rng.randrange(3, 6)]
    dept_heading, dept_templates = DEPT_WORK[a.dept.key]
    for part in parts:
        if part == "measures":
            blocks = [(rng.choice(TOPICS[k][0]), TOPICS[k][1], k) for k in topic_keys]
            blocks.insert(rng.randrange(0, len(blocks) + 1), (dept_heading, dept_templates, "dept"))
            groups = [blocks] if not split else [blocks[:len(blocks) // 2], blocks[len(blocks) // 2:]]
            split_titles = rng.choice(words["measures"]["split_headings"])
            for g, group in enumerate(groups):
                heading(split_titles[g] if split else rng.choice(words["measures"]["headings"]).format(y=year), "measures")
                numbered = rng.random() < 0.5
                for j, (sub, templates, key) in enumerate(group):
                    paras.append(f"（{SECTION_ORDINALS[j]}）{sub}")
                    if numbered and len(templates) >= 2:
                        labels = [f[:-1].split("，")[0] for f in rng.sample(fillers, 2)]
                        for m_i, i in enumerate(sorted(rng.sample(range(len(templates)), 2))):
                            paras.append(f"{m_i + 1}.{labels[m_i]}。" + w.sentence(templates[i], f"{key}{i}"))
                    else:
                        paras.append(para(templates, key, rng.randrange(1, 3)))
                if g == len(groups) - 1:
                    if rng.random() < 0.35:
                        paras.append(w.sentence(rng.choice(RANKS), key="rank") + rng.choice(fillers))
                    paras.append(_noise(rng, a, year))
        elif part == "shortcomings":
            heading(rng.choice(words["shortcomings"]["headings"]), "shortcomings")
            k = rng.randrange(2, 5)
            text = "".join(words["shortcomings"]["items"][:k])
            if rng.random() < 0.3:
                text += w.sentence(rng.choice(SHORTCOMING_FACTS), "short")
            paras.append(rng.choice(words["shortcomings"]["openings"]) + text)
        elif part == "leadership":
            heading(rng.choice(words["leadership"]["headings"]).format(own=own_name(a)), "leadership")
            paras.append(rng.choice(words["leadership"]["fillers"])
                         + para(LEADERSHIP, "lead", rng.randrange(1, 3), n_fillers=0, term=False))
            if rng.random() < 0.5:
                paras.append(rng.choice(words["leadership"]["fillers"]))
        else:
            heading(rng.choice(words["plans"]["headings"]).format(y1=year + 1), "plans")
            paras.append(words["plans"]["opening"].format(y1=year + 1, who=a.name if rng.random() < 0.3 else "我们"))
            k = rng.randrange(3, 6)
            body = "".join(words["plans"]["items"][:k])
            if rng.random() < 0.6:
                body += w.sentence(rng.choice(PLAN_FACTS), "plan")
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
        source_line = rng.choice(words["title"]["source_lines"]).format(
            d=published.isoformat() if rng.random() < 0.7 else f"{published.year}年{published.month:02d}月{published.day:02d}日",
            a=a.name, v=rng.randrange(80, 5000))
    name = f"{index:05d}_{a.code}_{a.dept.key}_{year}.{fmt}"
    return Report(name, fmt, a, year, title, published if with_date else None, signed, source_line, paras,
                  sections, w.facts, late, missing is None or missing == "leadership")


def _noise(rng: random.Random, a: Agency, year: int) -> str:
    """A paragraph with numbers that are not facts: document numbers, dates, sessions, named sets."""
    words = load("templates.toml")
    # Every number is drawn before the paragraph is chosen, whichever is chosen.
    fills = {"doc_no": rng.randrange(2, 40), "month": rng.randrange(3, 12), "day": rng.randrange(1, 28),
             "session": zh_numeral(rng.randrange(11, 15)), "plenum": zh_numeral(rng.randrange(3, 9))}
    return rng.choice(words["measures"]["noise"]).format(
        y=year, region=a.region, agency=a.name, abbrev=a.region[:1] + a.dept_name[:1],
        party=words["measures"]["party_committee"][a.tier],
        constitution_day=by_year(words["by_year"]["constitution_day"], year), **fills)
