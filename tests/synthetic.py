"""Synthetic reports with known figures, dates and parts, for warehouse and analysis tests."""
from __future__ import annotations

PARTS = {
    "measures": ("主要举措和成效", "全年完成合法性审查,审查行政规范性文件{reviewed}件,办理行政复议案件{cases}件。深化放管服改革,优化法治化营商环境。"),
    "shortcomings": ("存在的问题和不足", "依法行政能力有待提升,法治宣传教育的针对性不够,行政执法规范化水平仍有差距。"),
    "leadership": ("党政主要负责人履行推进法治建设第一责任人职责情况", "主要负责人带头学习习近平法治思想,专题研究法治政府建设工作{meetings}次。"),
    "plans": ("下一年度工作打算", "继续深入学习贯彻习近平法治思想,持续推进放管服改革,加强行政规范性文件管理。"),
}
NUMERALS = "一二三四五六七八九"


def report(agency: str, year: int, *, reviewed: int = 3, cases: int = 2, meetings: int = 4,
           published: str | None = None, parts: tuple[str, ...] = ("measures", "shortcomings", "plans")) -> str:
    """Text of a report by `agency` for `year` with the given figures, publish date and parts."""
    lines = [f"{agency}{year}年度法治政府建设情况报告"]
    if published:
        lines.append(f"发布时间:{published}")
    lines.append(f"{year}年,在市委、市政府的正确领导下,{agency}坚持以习近平法治思想为指导,统筹推进法治政府建设"
                 f"和各项业务工作,依法履行职能,规范行政行为,强化权力制约,切实把各项工作纳入法治轨道,依法行政水平不断提升,"
                 f"现将有关情况报告如下:")
    for i, part in enumerate(parts):
        heading, body = PARTS[part]
        lines.append(f"{NUMERALS[i]}、{heading}")
        lines.append(body.format(reviewed=reviewed, cases=cases, meetings=meetings))
    lines.append(agency)
    return "\n".join(lines) + "\n"


# Reports with known figures: two agencies of 苏州市 and one of 许昌市 over three years.
KNOWN = [
    ("苏州市科学技术局", 2021, dict(reviewed=2, published="2022-03-01")),
    ("苏州市科学技术局", 2022, dict(reviewed=5, published="2023-04-20", parts=("measures", "plans"))),
    ("苏州市科学技术局", 2023, dict(reviewed=8, published="2024-01-10",
                               parts=("leadership", "measures", "shortcomings", "plans"))),
    ("苏州市司法局", 2021, dict(reviewed=10, published="2022-04-01")),
    ("苏州市司法局", 2023, dict(reviewed=12, published=None)),
    ("许昌市科学技术局", 2022, dict(reviewed=1, published="2023-05-11", parts=("measures",))),
]


def write_known(folder) -> int:
    """The KNOWN reports as r0.txt, r1.txt ... in `folder`; returns how many."""
    for i, (agency, year, kw) in enumerate(KNOWN):
        (folder / f"r{i}.txt").write_text(report(agency, year, **kw), encoding="utf-8")
    return len(KNOWN)
