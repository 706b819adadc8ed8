"""The report as one HTML page: page.html filled with the figures, tables, chart specs and Vega's JavaScript.

page.html holds the page, its CSS and its small scripts, with ``$name`` fields (string.Template) that
`render` fills; boot.js draws the charts once Vega has loaded. Vega, Vega-Lite and vega-embed come
from vl-convert's bundle, inlined, so that the page opens offline.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from functools import cache
from importlib.resources import files
from string import Template

import polars as pl

from fazhi.output import zh_number
from fazhi.report.labels import FONT, LEVEL_ZH, PART_ZH

# Each chart's element id, and what the page says in its place when the chart has no data.
CHARTS = {
    "chart-reports-by-year": "没有报告。",
    "chart-matrix": "没有可画的机关和年度。",
    "chart-on-time": "没有注明发布日期的报告。",
    "chart-complete": "没有报告。",
    "chart-missing-parts": "所有报告都有各必备部分。",
    "chart-indicators": "没有归入指标的量化数据。",
    "chart-density": "",
    "chart-terms": "报告中没有出现词表中的政策用语。",
}


def _resource(name: str) -> str:
    """A file of this package (page.html, boot.js)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def vega_bundle() -> tuple[str, str]:
    """Vega, Vega-Lite and vega-embed with boot.js as one script, and the zh-CN number locale (made once)."""
    import vl_convert

    return vl_convert.javascript_bundle(_resource("boot.js")), json.dumps(vl_convert.get_format_locale("zh-CN"))


def _script_json(value) -> str:
    """`value` as JSON that can sit inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _e(value) -> str:
    """A cell's value as HTML text: numbers in 万/亿, lists joined with 、."""
    if value is None:
        return ""
    if isinstance(value, float):
        return html.escape(zh_number(value))
    if isinstance(value, (list, tuple)):
        return html.escape("、".join(str(v) for v in value))
    return html.escape(str(value))


def _table(frame: pl.DataFrame, columns: dict[str, str], numeric: tuple[str, ...] = (), limit: int = 200,
           css: str = "") -> str:
    """The first `limit` rows of `frame` as an HTML table of `columns` (name -> heading)."""
    if frame.height == 0:
        return '<p class="empty">无</p>'
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = []
    for row in frame.head(limit).select(list(columns)).iter_rows(named=True):
        cells = []
        for name in columns:
            value = row[name]
            text = _e(zh_number(value) if name in numeric and isinstance(value, (int, float)) else value)
            cells.append(f'<td class="num">{text}</td>' if name in numeric else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="note">共 {frame.height} 行，显示前 {limit} 行；全部数据见 <code>fazhi query</code> 或 '
            f'<code>fazhi export</code>。</p>' if frame.height > limit else "")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}'


def _chart(specs: dict, key: str, empty: str) -> str:
    """The element a chart is drawn into, or the `empty` note when it has no spec."""
    if key in specs:
        return f'<div class="chart" id="{key}" data-chart="{key}"></div>'
    return f'<p class="empty">{html.escape(empty)}</p>'


def _highlight(sentence: str | None, surface: str | None) -> str:
    """The sentence as HTML with the fact's words marked."""
    sentence = sentence or ""
    if surface and surface in sentence:
        i = sentence.index(surface)
        return (html.escape(sentence[:i]) + "<mark>" + html.escape(surface) + "</mark>"
                + html.escape(sentence[i + len(surface):]))
    return html.escape(sentence)


def _report_pages(data: dict) -> str:
    """One folded section per report: metadata, parts, headings and every fact with its sentence."""
    facts_by_file = {k[0]: g for k, g in data["page_facts"].group_by("source_file")} \
        if data["page_facts"].height else {}
    sections_by_file = {k[0]: g for k, g in data["page_sections"].group_by("source_file")} \
        if data["page_sections"].height else {}
    status = {r["source_file"]: r for r in data["report_status"].iter_rows(named=True)}
    blocks = []
    for rep in data["pages"].sort(["report_year", "agency", "source_file"], descending=[True, False, False],
                                  nulls_last=True).iter_rows(named=True):
        name = rep["source_file"]
        st = status.get(name, {})
        facts = facts_by_file.get(name, pl.DataFrame())
        sections = sections_by_file.get(name, pl.DataFrame())
        top = sections.filter(pl.col("level") == 1) if sections.height else sections
        found = sorted({t for t in (top["section_type"].to_list() if top.height else []) if t})
        missing = [p for p in ("measures", "shortcomings", "leadership", "plans") if p not in found]
        parts = " ".join(f'<span class="tag ok">{PART_ZH[p]}</span>' for p in found if p != "other") + " " + \
            " ".join(f'<span class="tag bad">缺：{PART_ZH[p]}</span>' for p in missing)
        late = st.get("timeliness")
        timing = {"late": f'<span class="tag bad">逾期 {st.get("days_after_deadline")} 天</span>',
                  "on time": '<span class="tag ok">按时</span>',
                  "no date": '<span class="tag">未注明发布日期</span>'}.get(late, "")
        meta = [("机关", rep["agency"]), ("级别", LEVEL_ZH.get(rep["admin_level"] or "", rep["admin_level"])),
                ("地区", " ".join(x for x in (rep["province"], rep["city"], rep["district"]) if x)),
                ("区划代码", rep["region_code"]), ("报告年度", rep["report_year"]),
                ("发布日期", rep["publish_date"]), ("落款日期", rep["signed_date"]), ("文件", name)]
        if rep.get("url"):
            meta.append(("网址", rep["url"]))
        meta_html = "".join(f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in meta if v not in (None, ""))
        heads = "".join(
            f'<li class="lv{r["level"]}">{_e(r["heading"])}'
            + (f' <span class="tag">{PART_ZH.get(r["section_type"], r["section_type"])}</span>'
               if r["level"] == 1 and r["section_type"] else "") + "</li>"
            for r in sections.iter_rows(named=True)) if sections.height else "<li>（未识别到标题）</li>"
        rows = "".join(
            f'<tr><td class="num">{_e(zh_number(r["value"]))}</td><td>{_e(r["unit"])}</td>'
            f'<td>{_e(r["indicator_name"] or r["indicator_code"])}</td><td>{_e(r["subject"])}</td>'
            f'<td class="sentence">{_highlight(r["sentence"], r["surface"])}</td></tr>'
            for r in facts.iter_rows(named=True)) if facts.height else ""
        fact_table = (f'<table class="facts"><thead><tr><th>数值</th><th>单位</th><th>指标</th><th>对象</th>'
                      f'<th>原句（数字已标出）</th></tr></thead><tbody>{rows}</tbody></table>'
                      if rows else '<p class="empty">未提取到量化数据</p>')
        title = rep["title"] or name
        search = " ".join(str(x) for x in (rep["agency"], rep["report_year"], title, rep["city"], rep["province"])
                          if x)
        blocks.append(
            f'<details class="report" data-search="{html.escape(search)}"><summary>'
            f'<span class="year">{_e(rep["report_year"])}</span> <b>{_e(rep["agency"] or "（未识别机关）")}</b> '
            f'<span class="title">{_e(title)}</span> {timing} '
            f'<span class="count">{facts.height} 项数据</span></summary>'
            f'<div class="report-body"><dl>{meta_html}</dl><p>{parts}</p>'
            f'<h4>结构</h4><ul class="headings">{heads}</ul><h4>量化数据</h4>{fact_table}</div></details>')
    return "".join(blocks)


def render(data: dict, specs: dict, filters: dict, db: str, demo: bool = False) -> str:
    """The page of `data` (collect) with its chart `specs` (charts), naming the warehouse and the filters."""
    status = data["report_status"]
    n_reports = status.height
    agencies = status["agency_name"].n_unique() if n_reports else 0
    years = sorted(y for y in set(status["report_year"].to_list()) if y is not None) if n_reports else []
    dated = status.filter(pl.col("timeliness") != "no date") if n_reports else status
    on_time = (100 * dated.filter(pl.col("timeliness") == "on time").height / dated.height) if dated.height else None
    complete = (100 * status.filter(pl.col("is_complete")).height / n_reports) if n_reports else None
    span = f"{years[0]}–{years[-1]}" if years else "—"
    kpis = [(f"{n_reports:,}", "份报告"), (f"{agencies:,}", "个机关"), (span, "报告年度"),
            (zh_number(data["n_facts"]), "项量化数据"),
            (f"{on_time:.0f}%" if on_time is not None else "—", "按时发布（有日期者）"),
            (f"{complete:.0f}%" if complete is not None else "—", "要件齐全")]
    kpi_html = "".join(f'<div class="kpi"><b>{html.escape(v)}</b><span>{html.escape(k)}</span></div>'
                       for v, k in kpis)
    applied = "，".join(f"{k}={v}" for k, v in filters.items() if v is not None) or "无（全部报告）"

    by_region = (status.group_by(["province", "city", "admin_level"]).agg(
        pl.len().alias("n"), pl.col("agency_name").n_unique().alias("agencies"),
        pl.col("report_year").min().alias("first"), pl.col("report_year").max().alias("last"))
        .with_columns(pl.col("admin_level").replace_strict(LEVEL_ZH, default="未知"))
        .sort(["n", "province", "city"], descending=[True, False, False], nulls_last=True)) if n_reports \
        else pl.DataFrame()
    coverage = data["coverage"]
    gaps = coverage.filter(pl.col("missing_years").list.len() > 0) if coverage.height else coverage
    late = status.filter(pl.col("timeliness") == "late").sort("days_after_deadline", descending=True) \
        if n_reports else status
    incomplete = status.filter(~pl.col("is_complete")) if n_reports else status
    if incomplete.height:
        incomplete = incomplete.with_columns(pl.col("missing_parts").map_elements(
            lambda text: "、".join(PART_ZH.get(p, p) for p in (text or "").split(",") if p), return_dtype=pl.Utf8))
    changes = data["indicator_changes"]
    if changes.height:
        changes = (changes.filter(pl.col("change_pct").is_not_null())
                   .with_columns(pl.when(pl.col("city").is_not_null()).then(pl.col("city"))
                                 .otherwise(pl.col("province")).alias("region"))
                   .sort("report_year", descending=True)
                   .unique(["indicator_name", "region"], keep="first", maintain_order=True)
                   .with_columns(pl.col("change_pct").cast(pl.Float64).alias("_pct"))
                   .sort(["indicator_name", "_pct"], descending=[False, True])
                   .with_columns(pl.col("_pct").map_elements(lambda v: f"{v:+,.1f}%", return_dtype=pl.Utf8)
                                 .alias("change_text")))
    change_table = _table(changes, {"indicator_name": "指标", "region": "地区", "report_year": "年度",
                                    "unit": "单位", "previous_value_base": "上年", "total_value_base": "本年",
                                    "change_text": "同比"},
                          numeric=("previous_value_base", "total_value_base", "change_text"), limit=40) \
        if changes.height else '<p class="empty">没有可比较的相邻年度（同一地区需有连续两年的同一指标）。</p>'
    pages = _report_pages(data)
    n_pages = data["pages"].height
    demo_banner = ('<p><b>演示数据：</b>本报告由 <code>fazhi demo</code> 用合成的报告生成，'
                   '机关、数字均为虚构，仅用于展示。</p>' if demo else "")
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    bundle, locale = vega_bundle()
    return Template(_resource("page.html")).substitute(
        font=FONT, db=html.escape(str(db)), filters=html.escape(applied), generated=generated,
        demo_banner=demo_banner, kpis=kpi_html, change_table=change_table, n_pages=n_pages, n_reports=n_reports,
        pages=pages or '<p class="empty">没有报告。</p>', specs=_script_json(specs), locale=locale,
        bundle=bundle if specs else "",
        regions_table=_table(by_region, {"province": "省份", "city": "城市", "admin_level": "级别", "n": "报告数",
                                         "agencies": "机关数", "first": "最早年度", "last": "最近年度"},
                             numeric=("n", "agencies"), limit=15),
        gaps_table=_table(gaps, {"agency_name": "机关", "city": "城市", "years_reported": "已报年度",
                                 "missing_years": "缺报年度"}),
        late_table=_table(late, {"agency_name": "机关", "report_year": "年度", "publish_date": "发布日期",
                                 "days_after_deadline": "逾期天数"}, numeric=("days_after_deadline",)),
        incomplete_table=_table(incomplete, {"agency_name": "机关", "report_year": "年度", "missing_parts": "缺少部分"}),
        **{key.replace("-", "_"): _chart(specs, key, empty) for key, empty in CHARTS.items()})
