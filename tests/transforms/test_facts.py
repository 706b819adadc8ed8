"""Fact extraction: the case table of tests/cases/fact_cases.py and the fields it does not cover."""
from __future__ import annotations

import functools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from tests.cases.fact_cases import CASES
from transforms.facts import FACT_SCHEMA, extract_facts
from transforms.normalise import normalise
from transforms.script import to_simplified


def _triples(text: str) -> list[tuple]:
    df = extract_facts(normalise(text))
    return [(v, u, q) for v, u, q in df.select("value", "unit", "qualifier").rows()]


@pytest.mark.parametrize(("category", "sentence", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_facts_case_table(category, sentence, expected):
    assert _triples(sentence) == [(float(v), u, q) for v, u, q in expected]


@pytest.mark.parametrize(
    ("text", "kind", "value_base"),
    [
        ("扶持金额1442万元。", "money", 14_420_000.0),
        ("罚没款共计2.5亿元。", "money", 250_000_000.0),
        ("为期一个半月的巡察。", "duration", 45.0),
        ("提前两个工作日公开。", "duration", 2.0),
        ("办理时限压缩至48小时。", "duration", 2.0),
        ("达到96.30%。", "percent", 96.3),
        ("位居全省第3位。", "rank", 3.0),
        ("培训1.2万人次。", "count", 12_000.0),
    ],
)
def test_facts_kind_and_value_base(text, kind, value_base):
    row = extract_facts(normalise(text)).row(0, named=True)
    assert (row["kind"], row["value_base"]) == (kind, pytest.approx(value_base))


def test_facts_change_pair_shares_change_id():
    text = "办理时限由法定的1016个工作日压缩到38个工作日,时限压缩比率96.26%。"
    df = extract_facts(text).select("value", "change_id", "role")
    expected = pl.DataFrame(
        {"value": [1016.0, 38.0, 96.26], "change_id": [1, 1, None], "role": ["before", "after", None]},
        schema={"value": pl.Float64, "change_id": pl.Int32, "role": pl.Utf8},
    )
    assert_frame_equal(df, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每季度开展执法检查3至5次。", [(3.0, "次", "at_least"), (5.0, "次", "at_most")]),
        ("集中培训3-5天。", [(3.0, "天", "at_least"), (5.0, "天", "at_most")]),
        ("每年选派2~3名干部。", [(2.0, "名", "at_least"), (3.0, "名", "at_most")]),
        ("近三年来共办理案件12件。", [(12.0, "件", "exact")]),
    ],
)
def test_facts_ranges_and_time_frames(text, expected):
    assert _triples(text) == expected


def test_facts_frame_schema_and_spans():
    text = "我局承担的26项政务服务事项全部入驻行政服务大厅。"
    df = extract_facts(text)
    assert dict(df.schema) == FACT_SCHEMA
    row = df.row(0, named=True)
    assert text[row["char_start"]:row["char_end"]] == row["surface"] == "26项"
    assert row["sentence"] == text


@pytest.mark.parametrize(
    ("text", "subject_part"),
    [
        ("向省内7000余家企业宣讲科技创新税收优惠政策。", "企业"),
        ("2023年完成合法性审核并向省司法厅备案行政规范性文件4件。", "规范性文件"),
        ("审查了2件新增的市级规范性文件,均合法合规。", "规范性文件"),
        ("扶持金额1442万元。", "扶持金额"),
        ("全年办理行政复议案件37件。", "行政复议"),
    ],
)
def test_facts_subject_names_what_is_counted(text, subject_part):
    assert subject_part in extract_facts(text)["subject"][0]


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("2023年完成合法性审核并向省司法厅备案行政规范性文件4件。", "normative_docs_filed"),
        ("全年办理行政复议案件37件。", "reconsideration_cases"),
        ("审查了2件新增的市级规范性文件,均合法合规。", "normative_docs_reviewed"),
    ],
)
def test_facts_indicator_from_taxonomy(text, indicator):
    assert extract_facts(text)["indicator_code"][0] == indicator


def test_facts_empty_text_gives_typed_empty_frame():
    df = extract_facts("")
    assert df.height == 0 and dict(df.schema) == FACT_SCHEMA


_DATE_FORMS = st.one_of(
    st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1990, 2099), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda y, m: f"{y}年{m}月", st.integers(1990, 2099), st.integers(1, 12)),
    st.builds(lambda y: f"{y}年", st.integers(1990, 2099)),
    st.builds(lambda y: f"{y}年度", st.integers(1990, 2099)),
    st.builds(lambda m, d: f"{m}月{d}日", st.integers(1, 12), st.integers(1, 31)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(1990, 2099), st.integers(1, 12), st.integers(1, 28)),
)
_DOC_NUMBERS = st.builds(
    lambda p, y, n: f"{p}〔{y}〕{n}号", st.sampled_from(["辽科党发", "人社部发", "苏政办发", "国发", "京司发"]),
    st.integers(1990, 2099), st.integers(1, 300),
)


@settings(max_examples=200, deadline=None)
@given(form=st.one_of(_DATE_FORMS, _DOC_NUMBERS), before=st.sampled_from(["", "于", "根据", "印发了", "截至"]),
       after=st.sampled_from(["", "召开会议", "起施行", "文件要求", "。"]))
def test_facts_never_from_dates_or_document_numbers(form, before, after):
    assert extract_facts(f"{before}{form}{after}").height == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789一二两三十百千万亿余多约近第个件项人次%元年月日号《》“”,，。、(（)）-~至到以上下内 \n")
                                + ["万元", "个工作日", "百分之", "由", "压缩到", "位居全省第"]), max_size=120).map("".join))
def test_facts_never_raises_on_arbitrary_text(text):
    df = extract_facts(text)
    for s, e, surface in df.select("char_start", "char_end", "surface").rows():
        assert text[s:e] == surface


@pytest.mark.parametrize(
    ("phrase", "limit", "expected"),
    [
        ("向省内企业宣讲", 12, "向省内企业宣讲"),
        ("在实验动物生产使用企业名录", 10, "动物生产使用企业名录"),
        ("完成合法性审核并向省司法厅备案行政规范性文件", 9, "备案行政规范性文件"),
    ],
)
def test_facts_subject_trimmed_at_word_boundary(phrase, limit, expected):
    from transforms.subjects import _trim_to_words

    assert _trim_to_words(phrase, limit) == expected


def test_facts_list_items_get_their_own_subject_and_indicator():
    """Seed 004: in 2件行政规范性文件、2件政府合同以及30余件… the contracts were labelled as documents."""
    df = extract_facts("2024年完成2件行政规范性文件、2件政府合同以及30余件其他合同协议的合法性审查工作。")
    assert df.select("subject", "indicator_code").row(1) == ("政府合同", "contracts_reviewed")


@functools.cache
def _jieba_tokenizer_with_rules():
    """A real jieba tokenizer given the rules' domain and policy terms, as a reference."""
    import re

    import jieba

    from transforms.rules import jieba_terms, policy_terms
    from transforms.subjects import _POLICY_TERM_FREQ

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, freq, tag in jieba_terms():
        tok.add_word(word, freq, tag)
    for term in policy_terms():
        for variant in term.variants:
            if re.fullmatch(r"[\u4e00-\u9fff]{2,}", variant):
                tok.add_word(variant, _POLICY_TERM_FREQ, "nz")
    return tok


def test_facts_dictionary_words_are_the_words_of_jiebas_tokenizer():
    """Subjects read the dictionary without building jieba's tokenizer: the same words (2-4 characters)."""
    from transforms.subjects import _word_key, dictionary_words, is_word

    tok = _jieba_tokenizer_with_rules()
    expected = {w for w, f in tok.FREQ.items() if f and 2 <= len(w) <= 4}
    assert len(expected) > 300_000 and all(ord(c) <= 0xFFFF for w in expected for c in w)
    assert list(dictionary_words()) == sorted(_word_key(w) for w in expected)
    prefixes = {w for w, f in tok.FREQ.items() if not f and 2 <= len(w) <= 4}  # in FREQ with 0: not words
    assert prefixes and not any(is_word(w) for w in sorted(prefixes)[:2000])
    assert all(is_word(w) for w in ["放管服", "规范性", "行政", "合法性"])
    assert not any(is_word(w) for w in ["行", "行政规范性文件", "", "政规", "𠀀𠀀"])


def test_facts_dictionary_words_cache(tmp_path, monkeypatch):
    """Built once into the temporary folder, read back by the next process; a damaged or unwritable
    cache is rebuilt in memory."""
    from transforms import subjects

    monkeypatch.setattr(subjects.tempfile, "gettempdir", lambda: str(tmp_path))
    subjects.dictionary_words.cache_clear()
    built = subjects.dictionary_words()
    path = subjects.words_cache_path()
    assert path.parent == tmp_path and path.stat().st_size == 32 + 8 * len(built)
    subjects.dictionary_words.cache_clear()
    monkeypatch.setattr(subjects, "_build_words", lambda: pytest.fail("rebuilt although cached"))
    assert subjects.dictionary_words() == built
    monkeypatch.undo()
    monkeypatch.setattr(subjects.tempfile, "gettempdir", lambda: str(tmp_path))
    data = bytearray(path.read_bytes())
    data[100] ^= 1
    path.write_bytes(bytes(data))
    subjects.dictionary_words.cache_clear()
    assert subjects.dictionary_words() == built and path.read_bytes() != bytes(data)  # rewritten
    monkeypatch.setattr(subjects.tempfile, "gettempdir", lambda: str(tmp_path / "missing" / "folder"))
    subjects.dictionary_words.cache_clear()
    assert subjects.dictionary_words() == built
    monkeypatch.undo()
    subjects.dictionary_words.cache_clear()


@pytest.mark.parametrize("term", ["放管服", "习近平法治思想", "公平竞争审查", "行政规范性文件"])
def test_facts_jieba_keeps_domain_and_policy_terms_whole(term):
    tok = _jieba_tokenizer_with_rules()
    assert term in tok.lcut(f"持续深化{term}工作,取得明显成效", HMM=False)


def test_facts_traditional_page_spans_and_subjects_as_written():
    """A page in traditional characters is read through its simplified copy: spans, surfaces and subjects
    are the page's own characters, indicators are matched as on a simplified page."""
    text = "街道辦事處全年主動公開政府信息118條,依申請公開事項2項,均按時答復。"
    df = extract_facts(text)
    assert df.select("value", "unit").rows() == [(118.0, "條"), (2.0, "項")]
    for row in df.iter_rows(named=True):
        assert text[row["char_start"]:row["char_end"]] == row["surface"]
    assert df["surface"].to_list() == ["118條", "2項"]
    assert all(s and s in text for s in df["subject"])
    assert df["indicator_code"].to_list() == extract_facts(to_simplified(text))["indicator_code"].to_list()
