"""fazhi.synth: a deterministic, labelled corpus of synthetic reports, and fazhi's accuracy on it.

The accuracy test runs the real pure pipeline (transforms.pipeline.process_batch, what each batch
task of the flow runs) on a generated corpus and compares its frames with the gold files the way
../shared/tools/score.py compares a warehouse: facts matched per report on (value, unit), metadata
field by field.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from fazhi import synth
from fazhi.synth import Q, generate, render, zh_numeral
from fazhi.synth.numbers import gold_fact
from transforms.numerals import parse_number
from transforms.pipeline import RawDocument, process_batch
from transforms.readers import read_document
from transforms.regions import division_by_code

PINNED = Path(__file__).resolve().parents[1] / "fixtures" / "synth-seed7.sha256"
META_FIELDS = ("agency", "admin_level", "province", "city", "district", "region_code", "report_year",
               "publish_date", "signed_date", "title")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _golds(gold_dir: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(gold_dir.glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        out[g["file"]] = g
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path, synth.SynthSummary]:
    """200 plain-text reports: enough for the shape of the corpus (agencies, years, late, incomplete)."""
    out = tmp_path_factory.mktemp("synth") / "reports"
    return out, out.parent / "reports-gold", generate(out, 200, seed=11, formats=("txt",))


# ---------------------------------------------------------------- interface and determinism

def test_synth_generate_defaults_write_what_the_cli_documents(tmp_path):
    """generate(out, n) alone: seed 0, text, web pages and Word files, gold beside the folder, years 2016-2025."""
    summary = generate(tmp_path / "reports", 12)
    suffixes = {p.suffix for p in (tmp_path / "reports").iterdir()}
    assert suffixes == {".txt", ".html", ".docx"}
    gold = sorted((tmp_path / "reports-gold").glob("*.json"))
    assert len(gold) == 12 and summary.files == 12 and summary.gold_dir == str(tmp_path / "reports-gold")
    years = {json.loads(p.read_text(encoding="utf-8"))["metadata"]["report_year"] for p in gold}
    assert years <= set(range(2016, 2026))
    generate(tmp_path / "again", 12, seed=0)
    assert _files(tmp_path / "reports") == _files(tmp_path / "again")


def test_synth_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    runs = {}
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / name, 15, seed=seed)
        runs[name] = (_files(tmp_path / name), _files(tmp_path / f"{name}-gold"))
    assert runs["a"] == runs["b"]  # .docx included: fixed zip times and document properties
    assert len(runs["a"][0]) == 15
    assert runs["a"][0] != runs["c"][0]
    assert runs["a"][1] != runs["c"][1]


def test_synth_pdf_is_deterministic_and_readable(tmp_path):
    pytest.importorskip("reportlab")
    generate(tmp_path / "a", 2, seed=3, formats=("pdf",))
    generate(tmp_path / "b", 2, seed=3, formats=("pdf",))
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    gold = _golds(tmp_path / "a-gold")
    name, g = next(iter(gold.items()))
    page = read_document(name, (tmp_path / "a" / name).read_bytes())
    assert page.fmt == "pdf" and g["metadata"]["title"] in page.text.replace("\n", "")


def _digest(path: Path) -> str:
    """sha256 of a file; of a .docx, of its parts' names and inflated bytes (zlib builds deflate differently)."""
    if path.suffix != ".docx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        for info in z.infolist():
            digest.update(info.filename.encode() + b"\0" + z.read(info) + b"\0")
    return digest.hexdigest()


def test_synth_corpus_bytes_are_the_pinned_ones(tmp_path):
    """A small corpus against sums taken from it before fazhi/synth.py became a package.

    Wording, the order of random draws and the writers all show in the bytes, so a change that was
    meant to leave the corpus alone and did not fails here. A change meant to alter the corpus
    writes the file again: a line `<_digest(path)>  <folder>/<name>` for every file that the
    generate() call below writes.
    """
    generate(tmp_path / "reports", 40, seed=7, formats=("txt", "html", "docx"), gold_dir=tmp_path / "gold")
    got = {f"{p.parent.name}/{p.name}": _digest(p) for p in sorted(tmp_path.glob("*/*"))}
    want = {name: digest for digest, name in (line.split("  ") for line in PINNED.read_text().splitlines())}
    assert got == want


def test_synth_value_base_of_whole_days_is_written_as_an_integer():
    # units.csv writes 1/24 as 0.041666667: taken as it is, 24小时 would be 1.000000008 days, written 1.0.
    assert json.dumps(gold_fact(24, "小时", "duration", "exact", "", "")["value_base"]) == "1"


@pytest.mark.parametrize("formats, n, expected", [
    (("txt", "html", "docx"), 10, {"txt": 4, "html": 3, "docx": 3}),
    (("html",), 4, {"html": 4}),
    (("docx", "txt"), 5, {"docx": 3, "txt": 2}),
    (("txt", "html", "docx"), 0, {}),
])
def test_synth_formats_are_assigned_round_robin(tmp_path, formats, n, expected):
    summary = generate(tmp_path / "out", n, seed=1, formats=formats)
    suffixes = Counter(p.suffix[1:] for p in (tmp_path / "out").iterdir())
    assert dict(suffixes) == expected == summary.per_format
    assert summary.files == n == len(list((tmp_path / "out-gold").glob("*.json")))


@pytest.mark.parametrize("kwargs, message", [
    ({"formats": ("txt", "rtf")}, "unknown formats"),
    ({"formats": ()}, "unknown formats"),
    ({"years": (2025, 2016)}, "years must run forward"),
])
def test_synth_rejects_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        generate(tmp_path / "out", 3, **kwargs)


def test_synth_gold_never_inside_the_source_folder(tmp_path):
    with pytest.raises(ValueError, match="gold_dir must not be inside out_dir"):
        generate(tmp_path / "out", 2, gold_dir=tmp_path / "out" / "gold")
    summary = generate(tmp_path / "src", 2, gold_dir=tmp_path / "answers")
    assert summary.gold_dir == str(tmp_path / "answers")
    assert all(p.suffix != ".json" for p in (tmp_path / "src").iterdir())


# ---------------------------------------------------------------- what the gold says

def test_synth_every_gold_file_names_a_written_report(corpus):
    out, gold_dir, summary = corpus
    gold = _golds(gold_dir)
    assert sorted(gold) == sorted(p.name for p in out.iterdir())
    assert summary.facts == sum(len(g["facts"]) for g in gold.values())
    for g in gold.values():
        assert set(g) == {"file", "metadata", "sections", "facts"}
        assert set(g["metadata"]) == set(META_FIELDS)
        for f in g["facts"]:
            assert set(f) == {"value", "unit", "kind", "qualifier", "value_base", "subject", "text", "role"}
            assert f["kind"] in ("count", "money", "percent", "duration", "rank")
            assert f["qualifier"] in ("exact", "approx", "at_least", "at_most")


def test_synth_fact_texts_are_in_their_report_in_order(corpus):
    out, gold_dir, _ = corpus
    for name, g in _golds(gold_dir).items():
        text = (out / name).read_text(encoding="utf-8")
        pos = 0
        for f in g["facts"]:
            found = text.find(f["text"], pos)
            assert found >= 0, (name, f)
            pos = found + len(f["text"])


@pytest.mark.parametrize("unit, kind, value, value_base", [
    ("万元", "money", 1442, 14_420_000),
    ("亿元", "money", 3.6, 360_000_000),
    ("个工作日", "duration", 5, 5),
    ("个月", "duration", 3, 90),
    ("小时", "duration", 12, 0.5),
])
def test_synth_value_base_follows_facts_md(unit, kind, value, value_base):
    assert gold_fact(value, unit, kind, "exact", "", "")["value_base"] == value_base


def test_synth_regions_are_real_divisions_with_their_codes(corpus):
    _, gold_dir, _ = corpus
    for g in _golds(gold_dir).values():
        m = g["metadata"]
        div = division_by_code(m["region_code"])
        assert div is not None and div.name == (m["district"] or m["city"] or m["province"])
        assert m["agency"].removeprefix("国家税务总局").startswith(m["province"] if m["admin_level"] == "province"
                                                                  else m["city"] or m["province"])
    levels = Counter(g["metadata"]["admin_level"] for g in _golds(gold_dir).values())
    assert set(levels) == {"province", "city", "district", "county"}


def test_synth_agencies_report_once_a_year_over_several_years(corpus):
    _, gold_dir, summary = corpus
    years_of = defaultdict(list)
    for g in _golds(gold_dir).values():
        years_of[g["metadata"]["agency"]].append(g["metadata"]["report_year"])
    assert summary.agencies == len(years_of) == 20  # 200 reports over 10 years
    for agency, years in years_of.items():
        assert sorted(years) == list(range(2016, 2026)), agency
    kinds = {re.sub(r"^.*?(?:省|市|区|县)(?=[^省市区县]*$)", "", a) for a in years_of}
    assert len(kinds) >= 8  # many department types


def test_synth_some_reports_late_and_some_incomplete(corpus):
    _, gold_dir, summary = corpus
    gold = list(_golds(gold_dir).values())
    late = [g for g in gold if g["metadata"]["publish_date"]
            and dt.date.fromisoformat(g["metadata"]["publish_date"]) > dt.date(g["metadata"]["report_year"] + 1, 4, 1)]
    types = [{s["section_type"] for s in g["sections"]} for g in gold]
    incomplete = [t for t in types if not {"measures", "shortcomings", "plans"} <= t]
    no_leader = [t for t in types if "leadership" not in t]
    assert 0.05 * len(gold) <= len(late) <= 0.3 * len(gold)
    assert len(late) == summary.late
    assert incomplete and no_leader and len(incomplete) + len(no_leader) <= 0.25 * len(gold)
    assert len(incomplete) == summary.incomplete
    for g in gold:
        m = g["metadata"]
        if m["publish_date"]:
            assert m["signed_date"] <= m["publish_date"]


def _mean(values):
    return sum(values) / len(values) if values else 0.0


def test_synth_figures_drift_and_policy_terms_grow_over_the_years(corpus):
    out, gold_dir, _ = corpus
    gold = _golds(gold_dir)
    early, late = defaultdict(list), defaultdict(list)
    terms_early, terms_late = [], []
    for name, g in gold.items():
        year = g["metadata"]["report_year"]
        bucket = early if year <= 2018 else late if year >= 2023 else None
        for f in g["facts"] if bucket is not None else ():
            bucket[f["subject"]].append(f["value"])
        text = (out / name).read_text(encoding="utf-8")
        n_terms = sum(text.count(t) for t in ("放管服", "营商环境", "数字政府", "告知承诺", "一网通办", "包容审慎",
                                               "八五", "府院联动", "枫桥经验", "免申即享", "高效办成一件事", "跨省通办"))
        (terms_early if year <= 2018 else terms_late if year >= 2023 else []).append(n_terms)
    for subject in ("12345热线工单", "中心组专题学法", "普法宣传活动"):
        assert _mean(late[subject]) > _mean(early[subject]) > 0, subject
    assert _mean(terms_late) > 1.5 * _mean(terms_early)
    assert all("高效办成一件事" not in (out / n).read_text(encoding="utf-8")
               for n, g in gold.items() if g["metadata"]["report_year"] < 2024)


# ---------------------------------------------------------------- numbers as written

class _FirstChoice:
    """A stand-in for random.Random that always takes the first option and never a 30% branch."""

    def choice(self, seq):
        return seq[0]

    def random(self):
        return 0.99


@pytest.mark.parametrize("q, value, text, fact", [
    (Q("件", "count", 0, 0, styles="a"), 12.4, "12件", (12, "件", "exact", 12)),
    (Q("件", "count", 0, 0, styles="z"), 32, "三十二件", (32, "件", "exact", 32)),
    (Q("期", "count", 0, 0, styles="z"), 2, "两期", (2, "期", "exact", 2)),
    (Q("人次", "count", 0, 0, styles="w"), 12_345, "1.2万人次", (12_000, "人次", "exact", 12_000)),
    (Q("家", "count", 0, 0, styles="q"), 7_346, "7300余家", (7_300, "家", "at_least", 7_300)),
    (Q("万元", "money", 0, 0, styles="a"), 1442, "1442万元", (1442, "万元", "exact", 14_420_000)),
    (Q("亿元", "money", 0, 0, styles="a", decimals=2), 3.6, "3.6亿元", (3.6, "亿元", "exact", 360_000_000)),
    (Q("万元", "money", 0, 0, styles="q"), 1_468, "近1500万元", (1_500, "万元", "approx", 15_000_000)),
    (Q("%", "percent", 0, 0, decimals=1), 96.3, "96.3%", (96.3, "%", "exact", 96.3)),
    (Q("%", "percent", 0, 0, styles="q"), 87.6, "超过87%", (87, "%", "at_least", 87)),
    (Q("%", "percent", 0, 0, styles="q", decimals=1), 99.4, "99.4%", (99.4, "%", "exact", 99.4)),
    (Q("个工作日", "duration", 0, 0), 5, "5个工作日", (5, "个工作日", "exact", 5)),
    (Q("个月", "duration", 0, 0), 3, "3个月", (3, "个月", "exact", 90)),
    (Q("位", "rank", 0, 0), 3, "3", (3, "位", "exact", 3)),
])
def test_synth_render_writes_and_labels_a_number(q, value, text, fact):
    written, label = render(q, value, _FirstChoice())
    assert written == text
    assert (label["value"], label["unit"], label["qualifier"], label["value_base"]) == fact


@pytest.mark.parametrize("n, written", [(2, "两"), (3, "三"), (10, "十"), (15, "十五"), (32, "三十二"),
                                        (100, "一百"), (105, "一百零五"), (120, "一百二十"), (999, "九百九十九")])
def test_synth_zh_numeral(n, written):
    assert zh_numeral(n) == written


def test_synth_zh_numerals_parse_back():
    assert all(parse_number(zh_numeral(n)) == n for n in range(2, 1000))


# ---------------------------------------------------------------- files as fazhi reads them

def test_synth_html_page_has_furniture_the_reader_drops(tmp_path):
    generate(tmp_path / "out", 2, seed=2, formats=("html",))
    name, g = next(iter(_golds(tmp_path / "out-gold").items()))
    raw = (tmp_path / "out" / name).read_text(encoding="utf-8")
    assert all(w in raw for w in ("当前位置", "联系电话", "ICP备", "网站标识码", '<meta name="PubDate"'))
    page = read_document(name, raw.encode("utf-8"))
    assert page.title == g["metadata"]["title"] and page.publish_date == g["metadata"]["publish_date"]
    assert not any(w in page.text for w in ("联系电话", "ICP备", "网站标识码", "相关文章"))
    assert g["metadata"]["agency"] in page.text.split("\n")[-2:]


def test_synth_docx_is_a_word_document_with_its_title(tmp_path):
    generate(tmp_path / "out", 1, seed=2, formats=("docx",))
    name, g = next(iter(_golds(tmp_path / "out-gold").items()))
    page = read_document(name, (tmp_path / "out" / name).read_bytes())
    assert page.fmt == "docx" and page.title == g["metadata"]["title"]
    assert page.text.split("\n")[0] == g["metadata"]["title"]


# ---------------------------------------------------------------- fazhi's accuracy on the corpus

def _fact_key(value, unit):
    return round(float(value), 6), (unit or "").strip()


def score_batch(src: Path, gold_dir: Path) -> dict[str, dict]:
    """Facts F1 and metadata agreement per format, as ../shared/tools/score.py computes them."""
    gold = _golds(gold_dir)
    result = process_batch([RawDocument(name, (src / name).read_bytes()) for name in gold])
    assert result.quarantine.is_empty(), result.quarantine.rows()
    reports = {r["report_id"]: r for r in result.reports.iter_rows(named=True)}
    got = defaultdict(list)
    for f in result.facts.iter_rows(named=True):
        got[reports[f["report_id"]]["source_file"]].append(f)
    by_file = {r["source_file"]: r for r in reports.values()}
    tally = defaultdict(Counter)
    for name, g in gold.items():
        t = tally[name.rsplit(".", 1)[1]]
        want = Counter(_fact_key(f["value"], f["unit"]) for f in g["facts"])
        have = Counter(_fact_key(f["value"], f["unit"]) for f in got[name])
        t.update(gold=sum(want.values()), got=sum(have.values()), matched=sum((want & have).values()))
        # Qualifiers of the matched pairs: exact or not, as score.py's qualifier_accuracy.
        pool = defaultdict(list)
        for f in got[name]:
            pool[_fact_key(f["value"], f["unit"])].append(f["qualifier"])
        for f in g["facts"]:
            quals = pool.get(_fact_key(f["value"], f["unit"]))
            if quals:
                t["qual_n"] += 1
                t["qual_ok"] += (f["qualifier"] == "exact") == (quals.pop(0) in (None, "", "exact"))
        row = by_file[name]
        for field in META_FIELDS:
            value = row[field].isoformat() if hasattr(row[field], "isoformat") else row[field]
            t["meta_n"] += 1
            t["meta_ok"] += str(g["metadata"][field]) == str(value)
    out = {}
    for fmt, t in tally.items():
        p, r = t["matched"] / max(1, t["got"]), t["matched"] / max(1, t["gold"])
        out[fmt] = {"f1": 2 * p * r / (p + r) if p + r else 0.0, "metadata": t["meta_ok"] / t["meta_n"],
                    "qualifiers": t["qual_ok"] / max(1, t["qual_n"]), **t}
    return out


def test_synth_fazhi_reads_the_corpus_accurately_in_every_format(tmp_path):
    generate(tmp_path / "src", 60, seed=21, formats=("txt", "html", "docx"))
    scores = score_batch(tmp_path / "src", tmp_path / "src-gold")
    assert set(scores) == {"txt", "html", "docx"}
    for fmt, s in scores.items():
        assert s["gold"] > 300, fmt
        assert s["f1"] >= 0.98, (fmt, s)
        assert s["metadata"] >= 0.95, (fmt, s)
        assert s["qualifiers"] >= 0.95, (fmt, s)
