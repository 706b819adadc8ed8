"""Tests for transforms.normalise: width, web-page furniture, residue, spaces and line joins.

Cases come from the messy parts of the seed reports in data/raw (the seed is
named in each table); expected outputs are written by hand from the source.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.normalise import clean_lines, normalise, unify_width

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


def _seed(prefix: str) -> str:
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


# --- web-page furniture: the whole line is page chrome and disappears -------

BREADCRUMBS = [
    "当前位置: 首页 > 通知公告",  # 000
    "您现在的位置: 首页 > 政务公开 > 公告公示",  # 004
    "网站首页 >> 信息公开 >> 年度报告",  # 001
]
PAGE_INFO = [
    "【信息来源:【信息时间:2022-01-03 16:10\u00a0 阅读次数: 】【字号 】【我要打印】【关闭",  # 000
    "【打印】 【关闭】",
    "【关闭窗口】",  # 001
    "【打印文章】",  # 001
    "【字体:",  # 001
    "发布时间:2024年02月20日  来源:政策法规与制度创新处",  # 001
    "发布时间: 2020年12月17日 来源:龙岗区科技创新局 浏览次数:- T浏览字号:",  # 002
    "来源:苏州市科学技术局发布时间:2025-02-12 14:34:40浏览量:337字体:",  # 004
    "今天是:2019年10月31日 星期四",
]
RECORD_NUMBERS = [
    "辽ICP备2021008039号-1        辽宁省科学技术厅      版权所有",  # 001
    "公安备案号:21010502000370  网站标识码:2100000036",  # 001
]
PAGE_TOOLS = [
    "扫一扫在手机打开当前页",  # 002
    "附件下载",  # 001
    "打印此页关闭窗口",  # 004
]


@pytest.mark.parametrize("line", BREADCRUMBS + PAGE_INFO + RECORD_NUMBERS + PAGE_TOOLS)
def test_normalise_drops_furniture_line(line):
    assert normalise(line) == ""


@pytest.mark.parametrize("line", BREADCRUMBS + PAGE_INFO + RECORD_NUMBERS + PAGE_TOOLS)
def test_normalise_drops_furniture_between_paragraphs(line):
    text = f"一、加强组织领导,落实依法行政工作制度\n{line}\n建立依法行政领导小组,坚持“一把手”负总责。"
    assert normalise(text) == "一、加强组织领导,落实依法行政工作制度\n建立依法行政领导小组,坚持“一把手”负总责。"


@pytest.mark.parametrize("line", BREADCRUMBS + PAGE_INFO + RECORD_NUMBERS)
def test_normalise_clean_lines_keeps_furniture(line):
    """clean_lines feeds metadata extraction, which needs the 发布时间 and footer lines."""
    assert [re.sub(r"\s", "", ln) for ln in clean_lines(line)] == [re.sub(r"\s", "", unify_width(line))]


# Report sentences that contain a furniture word must survive.
BODY_WITH_FURNITURE_WORDS = [
    "在局门户网站首页开设“法治政府建设”专栏,及时发布相关信息。",
    "严格规范信息发布时间和审核流程,确保发布信息准确无误。",
    "印制单行本10000册,打印并发放学习资料500余份。",
    "来源可靠、内容准确是政务信息发布的基本要求。",
    "群众可通过微信扫一扫二维码在线办理审批事项,实现“零跑动”。",
    "加强知识产权保护,依法维护版权所有者的合法权益。",
]


@pytest.mark.parametrize("sentence", BODY_WITH_FURNITURE_WORDS)
def test_normalise_keeps_report_sentence_with_furniture_word(sentence):
    assert normalise(sentence) == sentence


# --- HTML residue and braille garbage ---------------------------------------

HTML_RESIDUE = [
    ("??span>?/span>?/span>二、狠抓工作落实,全面提升重点工作实效", "二、狠抓工作落实,全面提升重点工作实效"),  # 000
    ('?\u00a0?font face="华文仿宋" >修订完善市科技局工作规则,严格落实重大行政决策出台的法定程序。',
     "修订完善市科技局工作规则,严格落实重大行政决策出台的法定程序。"),  # 000
    ("三、存在的问题?/span>", "三、存在的问题"),  # 000
    ("<p><span>加强法治宣传教育。</span></p>", "加强法治宣传教育。"),
    ("加强&nbsp;法治宣传教育。", "加强法治宣传教育。"),
]
BRAILLE = [
    ("⠂ ⠼/span>二、推进法治建设工作的举措成效", "二、推进法治建设工作的举措成效"),  # 004
    ("认真督促指导科技类社会" + "⠂ " * 45 + "组织开展年检,较好地完成了25家科技类社会组织年检工作",
     "认真督促指导科技类社会组织开展年检,较好地完成了25家科技类社会组织年检工作"),  # 004
]
# Text that looks a little like residue but is report text.
NOT_RESIDUE = [
    ("第17个“5·15”政务公开日期间,厅长接受采访。", "第17个“5·15”政务公开日期间,厅长接受采访。"),  # 001
    ("是否需要修订?经研究,决定修订。", "是否需要修订?经研究,决定修订。"),
    ("完成率>95%。", "完成率>95%。"),
]


@pytest.mark.parametrize(("text", "expected"), HTML_RESIDUE + BRAILLE + NOT_RESIDUE)
def test_normalise_removes_html_residue_and_braille(text, expected):
    assert normalise(text) == expected


# --- markdown marks from PDF conversion (seed 003) ---------------------------

MARKDOWN = [
    ("# 韶关市科学技术局", "韶关市科学技术局"),
    ("#### 二、2021年度推进法治政府建设的主要举措和成效。", "二、2021年度推进法治政府建设的主要举措和成效。"),
    ("## (二) 完善依法行政制度体系", "(二)完善依法行政制度体系"),
    ("- 3. 及时回应社会关切。", "3.及时回应社会关切。"),
    ("- (一)进一步加强法治宣传教育。", "(一)进一步加强法治宣传教育。"),
    # A hyphen or '#' inside a sentence is text, not a mark.
    ("1-6月共受理行政复议案件20件。", "1-6月共受理行政复议案件20件。"),
]


@pytest.mark.parametrize(("text", "expected"), MARKDOWN)
def test_normalise_strips_markdown_marks(text, expected):
    assert normalise(text) == expected


# --- paragraphs broken by the page width are rejoined (seed 003) ------------

REJOINED = [
    ("重点突出《中国共产党章程》《中国共产党纪律处分条例》等党内法规及《中华人民共和国宪法》、《民\n\n"
     "法典》等相关法律法规,切实增强全局干部职工学法用法的责任 感;",
     "重点突出《中国共产党章程》《中国共产党纪律处分条例》等党内法规及《中华人民共和国宪法》、《民"
     "法典》等相关法律法规,切实增强全局干部职工学法用法的责任感;"),
    ("全局干部职工把学习宣传贯彻习近平法治思想作为一项重大政治任务,不折不扣把党中央关于全面依法\n\n"
     "治国的决策部署落到实处,要推动党员干部带头尊崇法治、敬畏法律。",
     "全局干部职工把学习宣传贯彻习近平法治思想作为一项重大政治任务,不折不扣把党中央关于全面依法"
     "治国的决策部署落到实处,要推动党员干部带头尊崇法治、敬畏法律。"),
    ("高度重视行政复议和行政应诉工作,严格落实行政机关负责人出庭应诉规定,自觉执行人民法院生效裁\n\n判。",
     "高度重视行政复议和行政应诉工作,严格落实行政机关负责人出庭应诉规定,自觉执行人民法院生效裁判。"),
    ("主要有以下几个方面:一是部分干部职工学法积极性和自觉性不够强,理论结合实际不够;二是普法宣传形式有待\n\n"
     "丰富,普法宣传教育的广度深度不够,针对性、实效性有待加强; 三是依法行政水平有待提高,能力有待增强。",
     "主要有以下几个方面:一是部分干部职工学法积极性和自觉性不够强,理论结合实际不够;二是普法宣传形式有待"
     "丰富,普法宣传教育的广度深度不够,针对性、实效性有待加强;三是依法行政水平有待提高,能力有待增强。"),
]


@pytest.mark.parametrize(("text", "expected"), REJOINED)
def test_normalise_rejoins_broken_paragraph(text, expected):
    assert normalise(text) == expected


# The same joins checked on the whole of seed 003, where two of the broken
# paragraphs start with a heading number ("(四)…", "1. …").
SEED_003_JOINED = [
    "《中华人民共和国宪法》、《民法典》等相关法律法规",
    "不折不扣把党中央关于全面依法治国的决策部署落到实处",
    "切实增强全局干部职工学法用法的责任感;同时",
    "制定重大行政决策事项两项,并通过局官网向社会公开",
    "自觉执行人民法院生效裁判。",
    ("明确岗位责任制度,确保网站安全运行"),
]


@pytest.mark.parametrize("fragment", SEED_003_JOINED)
def test_normalise_rejoins_seed_003_page_breaks(fragment):
    assert fragment in normalise(_seed("003"))


# Short title, signature, date and heading lines stay on their own line.
NOT_JOINED = [
    # 000: agency, title and signing date before the body.
    ("许昌市科学技术局\n\n2021年度法治建设工作情况汇报\n\n2021年12月23日\n\n\u00a0\n\n"
     "2021年,在市委、市政府的正确领导下,现将有关情况汇报如下:",
     ["许昌市科学技术局", "2021年度法治建设工作情况汇报", "2021年12月23日",
      "2021年,在市委、市政府的正确领导下,现将有关情况汇报如下:"]),
    # 004: a paragraph without a final full stop, then a heading behind braille garbage.
    ("同时严格落实主要负责人述法、领导班子述职述廉制度,报告年度法治政府建设等情况\n\n"
     "⠂ ⠼/span>二、推进法治建设工作的举措成效\n\n1.积极配合市委巡察组对局党组的巡察检查工作。",
     ["同时严格落实主要负责人述法、领导班子述职述廉制度,报告年度法治政府建设等情况",
      "二、推进法治建设工作的举措成效", "1.积极配合市委巡察组对局党组的巡察检查工作。"]),
    # 004: the signature block and the compact date at the end.
    ("四是提升行政权力监管能力。推进科技领域“综合查一次”改革工作。\n\n苏州市科学技术局\n\n2025212\n\n打印此页关闭窗口",
     ["四是提升行政权力监管能力。推进科技领域“综合查一次”改革工作。", "苏州市科学技术局", "2025212"]),
    # 002: a heading with a comma and no full stop is not a broken line.
    ("  一、加强组织领导,落实依法行政工作制度\n\n  我局紧紧围绕国家和省、市、区关于法治政府建设工作要求,进一步规范依法行政行为。",
     ["一、加强组织领导,落实依法行政工作制度", "我局紧紧围绕国家和省、市、区关于法治政府建设工作要求,进一步规范依法行政行为。"]),
    # 004: a numbered item without a full stop, then the next numbered item.
    ("3.研究起草加快推进科技自立自强的政策措施,为科技自立自强,因地制宜发展新质生产力提供政策支撑\n\n"
     "4.加强局机关干部职工法治教育培训",
     ["3.研究起草加快推进科技自立自强的政策措施,为科技自立自强,因地制宜发展新质生产力提供政策支撑",
      "4.加强局机关干部职工法治教育培训"]),
    # Prose without a final full stop, then the signature.
    ("推动《科学技术进步法》《辽宁省科技创新条例》等法律法规、科技创新政策普法宣传\n\n辽宁省科学技术厅",
     ["推动《科学技术进步法》《辽宁省科技创新条例》等法律法规、科技创新政策普法宣传", "辽宁省科学技术厅"]),
]


@pytest.mark.parametrize(("text", "expected_lines"), NOT_JOINED)
def test_normalise_keeps_titles_headings_and_signatures_apart(text, expected_lines):
    assert normalise(text).split("\n") == expected_lines


# --- spaces ------------------------------------------------------------------

SPACES = [
    ("2021年,我局坚持以习近平新时代中国特色社会主义思想 为指引,深入学习",
     "2021年,我局坚持以习近平新时代中国特色社会主义思想为指引,深入学习"),  # 003
    ("将业务流程办理由原来的 10 个工作日缩短到 1 个工作日", "将业务流程办理由原来的10个工作日缩短到1个工作日"),  # 003
    ("同时,实行重大行政决策预公开,制定重大行政决策事项两 项,并通过局官网向社会公开",
     "同时,实行重大行政决策预公开,制定重大行政决策事项两项,并通过局官网向社会公开"),  # 003
    ("继续深化 2021 \"放管服\"改革", "继续深化2021\"放管服\"改革"),  # 003
    ("# 韶关市科学技术局关于 2021 年度 法治政府建设情况的报告", "韶关市科学技术局关于2021年度法治政府建设情况的报告"),  # 003
    ("  一、2023年法治政府建设情况", "一、2023年法治政府建设情况"),  # 001: leading indentation
    ("全面\u3000推进\u00a0政务公开", "全面推进政务公开"),
    # Between two ASCII words the space is part of the text.
    ("统一部署 Microsoft Office 正版软件", "统一部署Microsoft Office正版软件"),
    ("完成 ISO 9001 质量管理体系认证", "完成ISO 9001质量管理体系认证"),
]


@pytest.mark.parametrize(("text", "expected"), SPACES)
def test_normalise_removes_spaces_inside_chinese_text(text, expected):
    assert normalise(text) == expected


# --- width ---------------------------------------------------------------------

WIDTH = [
    ("２０２３年完成１２项，达到９５％", "2023年完成12项，达到95%"),
    ("ＡＢＣｘｙｚ", "ABCxyz"),
    # Chinese punctuation is not unified.
    ("（一）加强领导，完善制度：落实责任；", "（一）加强领导，完善制度：落实责任；"),
    ("《民法典》“八五”普法【专栏】。", "《民法典》“八五”普法【专栏】。"),
    ("a\u3000b\u00a0c", "a b c"),
    ("法治\u200b政府\ufeff", "法治政府"),
]


@pytest.mark.parametrize(("text", "expected"), WIDTH)
def test_normalise_unify_width(text, expected):
    assert unify_width(text) == expected


def test_normalise_keeps_chinese_punctuation():
    text = "（一）加强组织领导，完善制度：落实责任；全年审查文件１２件。"
    assert normalise(text) == "（一）加强组织领导，完善制度：落实责任；全年审查文件12件。"


# --- whole seeds -----------------------------------------------------------------

FURNITURE_MARKERS = [
    "当前位置", "您现在的位置", "网站首页", "阅读次数", "浏览次数", "浏览量", "字号", "字体", "打印",
    "关闭", "ICP", "公安备案", "网站标识码", "版权所有", "扫一扫", "附件下载", "span>", "font face",
    "发布时间", "#", "\u00a0", "\u3000",
]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_normalise_seed_has_no_furniture_or_residue(seed):
    text = normalise(seed.read_text(encoding="utf-8"))
    assert [m for m in FURNITURE_MARKERS if m in text] == []
    assert not re.search(r"[\u2800-\u28ff]", text)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_normalise_seed_one_trimmed_paragraph_per_line(seed):
    lines = normalise(seed.read_text(encoding="utf-8")).split("\n")
    assert all(line and line == line.strip() for line in lines)
    assert not any(line.startswith(("- ", "#")) for line in lines)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_normalise_seed_is_idempotent(seed):
    once = normalise(seed.read_text(encoding="utf-8"))
    assert normalise(once) == once


# --- properties -------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
BRAILLE_CHARS = st.characters(min_codepoint=0x2800, max_codepoint=0x28FF)
OTHER = st.sampled_from(list(
    "0123456789０１２３％%，。：；（）、“”《》【】,.:;()!?！？—·-#*/ \n\t\r\u3000\u00a0?<>"
))
ALPHABET = st.one_of(CJK, BRAILLE_CHARS, OTHER)
# Pieces of the seeds' mess, to make residue, headings and furniture likely.
TOKENS = st.sampled_from([
    "span>", "?/span>", "??span>", "<span>", "</p>", '? ?font face="华文仿宋" >', "&nbsp;", "#### ", "## ",
    "- ", "一、", "(一)", "（二）", "1.", "(1)", "一是", "当前位置:", "首页 > ", "扫一扫", "发布时间:",
    "ICP备", "打印此页", "⠂ ⠂ ",
])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_normalise_is_idempotent_on_arbitrary_text(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ALPHABET, TOKENS), max_size=120).map("".join))
def test_normalise_is_idempotent_on_seed_like_mess(text):
    once = normalise(text)
    assert normalise(once) == once
    assert all(line and line == line.strip() for line in once.split("\n")) or once == ""
    assert not re.search(r"[\u2800-\u28ff\r]", once)


@pytest.mark.xfail(
    reason="a tag split over a line break (<span / >) survives the first pass, the line join glues it "
           "back together and only the second pass removes it, so normalising twice changes the text",
    strict=True,
)
def test_normalise_idempotent_when_tag_split_over_lines():
    text = "全局干部职工把学习宣传贯彻习近平法治思想作为重大任务,修订完善<span\n>市科技局工作规则。"
    once = normalise(text)
    assert normalise(once) == once
