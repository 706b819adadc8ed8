"""A deterministic, labelled corpus of synthetic 法治政府建设年度报告, for demos, benchmarks and accuracy tests.

    from fazhi.synth import generate
    summary = generate("corpus/reports", n=300, seed=7)   # gold answers in corpus/reports-gold

Each report is written from templates (this package's own wording, in templates.toml) as a government
agency would publish it: a title, an optional 发布时间/来源 line, an opening paragraph, the four parts
that the national rule requires (主要举措和成效, 存在的不足, 第一责任人, 下一年度工作安排) in varying
words, numbered sub-headings, a signature and a date. It is written as UTF-8 text, as a government web
page (header, navigation, breadcrumbs and footer around the article), as a .docx, or (when asked for,
with reportlab installed) as a PDF.

Next to it goes a gold JSON file in the format of ../shared/gold (docs/data-contract.md): metadata,
level-1 sections with their type, and every quantitative fact with value, unit, kind, qualifier,
value_base, subject, the text it was written as and its before/after role. Numbers that are not facts
(years, dates, document numbers 〔2021〕5号, congress sessions 十四届三次全会, phone numbers, 三个方面)
are written too, and never labelled.

The corpus has a shape worth analysing: a fixed set of agencies (departments of real divisions,
GB/T 2260 codes from the gazetteer fazhi reads; agencies.toml) report once a year over `years`; their
figures drift from year to year, policy terms (放管服, 营商环境, 数字政府, 证明事项告知承诺制 ...) come
up more often in later years and only once they exist; about 15% of reports are published after
1 April of the next year and about 10% lack a part.

The same arguments give byte-identical files: all randomness comes from `seed`, .docx packages are
written with fixed zip times and fixed document properties, PDFs in reportlab's invariant mode.

Modules: agencies (who reports), numbers (how a quantity is written and labelled), sentences (fact
sentences and their values), compose (one report), pages (a report in its format), files (the file
writers, shared with the tests), corpus (generate), data (the loader of the TOML files).
"""
from fazhi.synth.corpus import FORMATS, SynthSummary, generate, gold_json, plan
from fazhi.synth.numbers import Q, render, zh_numeral

__all__ = ["FORMATS", "Q", "SynthSummary", "generate", "gold_json", "plan", "render", "zh_numeral"]
