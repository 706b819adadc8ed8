"""`fazhi report`: the warehouse as one self-contained HTML file with charts.

The figures come from the questions of ``sql/analysis`` (the same files `fazhi query` runs),
on a read-only connection where a temporary view named ``dim_report`` holds only the reports
the filters select: every analysis, and the export views, then see the same reports.

Charts are Vega-Lite specifications made with Altair. Vega, Vega-Lite and vega-embed are
inlined from vl-convert's bundle, so the file opens offline, from disk or an e-mail, with no
request to any server. Numbers are written the Chinese way (万, 亿).
"""
from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from fazhi.analysis import AnalysisError, analysis_frame, check_parameters, connect
from fazhi.output import zh_number

FILTERS = ("city", "agency", "year", "level")
MAX_INDICATORS = 9      # indicator trend panels: the indicators with most facts
MAX_TERMS = 8           # policy terms drawn as lines
MAX_MATRIX_AGENCIES = 40
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif"
LEVEL_ZH = {"province": "省级", "city": "市级", "district": "区级", "county": "县级"}
PART_ZH = {"measures": "主要举措和成效", "shortcomings": "存在的不足", "leadership": "第一责任人职责",
           "plans": "下一年度工作安排", "other": "其他"}
STATUS_ZH = {"on time": "按时发布", "late": "逾期发布", "no date": "未注明发布日期", "missing": "缺报"}
STATUS_COLOURS = {"按时发布": "#4c9a6a", "逾期发布": "#d9822b", "未注明发布日期": "#9aa5b1", "缺报": "#c23b3b"}
# Axis labels in 万 and 亿, as a Chinese reader expects them.
ZH_AXIS = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, '.2~f') + '亿' : "
           "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, '.2~f') + '万' : format(datum.value, ',.6~g')")


@dataclass
class ReportResult:
    path: Path
    reports: int
    facts: int
    charts: list[str] = field(default_factory=list)
    report_pages: int = 0
    bytes: int = 0


def _filtered_connection(db: str | Path, filters: dict) -> duckdb.DuckDBPyConnection:
    """The warehouse read-only, with `dim_report` narrowed to the reports the filters select."""
    con = connect(db)
    try:
        check_parameters(con, filters)
        catalog = con.execute("select current_database()").fetchone()[0].replace('"', '""')
        con.execute(f"""
            create temp view dim_report as
            select r.* from "{catalog}".main.dim_report as r
            left join "{catalog}".main.dim_region as g on g.region_code = r.region_code
            where ($year::integer is null or r.report_year = $year::integer)
              and ($level::varchar is null or r.admin_level = $level::varchar)
              and ($agency::varchar is null or contains(r.agency_name, $agency::varchar))
              and ($city::varchar is null or g.city = $city::varchar or g.province = $city::varchar)
        """.replace("$year", _literal(filters.get("year"))).replace("$level", _literal(filters.get("level")))
            .replace("$agency", _literal(filters.get("agency"))).replace("$city", _literal(filters.get("city"))))
        return con
    except BaseException:
        con.close()
        raise


def _literal(value) -> str:
    """A SQL literal (views cannot hold bound parameters): NULL, an integer, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def collect(con: duckdb.DuckDBPyConnection, filters: dict, max_reports: int) -> dict:
    """Every frame the report shows, from the analyses and the export views."""
    params = {k: filters.get(k) for k in FILTERS}
    data = {name: analysis_frame(con, name, params) for name in
            ("report_status", "timeliness", "completeness_by_year", "coverage", "quantitative_density")}
    data["terms"] = analysis_frame(con, "policy_term_trends", {"level": params["level"]})
    top = con.execute("""
        select f.indicator_code, i.name_zh, count(*) as n
        from fct_quantity as f
        join dim_report as r on r.report_id = f.report_id and r.is_current
        join dim_indicator as i on i.indicator_code = f.indicator_code
        where f.indicator_code <> 'other'
        group by all order by n desc, f.indicator_code limit ?""", [MAX_INDICATORS]).fetchall()
    trends, changes = [], []
    for code, name, _ in top:
        frame = analysis_frame(con, "indicator_by_agency_year", {**params, "indicator": code})
        trends.append(frame.with_columns(pl.lit(name).alias("indicator_name")))
        yoy = analysis_frame(con, "indicator_yoy_change", {"indicator": code, "city": params["city"]})
        changes.append(yoy.with_columns(pl.lit(name).alias("indicator_name")))
    data["indicator_trends"] = pl.concat(trends, how="diagonal_relaxed") if trends else pl.DataFrame()
    data["indicator_changes"] = pl.concat(changes, how="diagonal_relaxed") if changes else pl.DataFrame()
    data["n_facts"] = con.execute(
        "select count(*) from fct_quantity f join dim_report r using (report_id) where r.is_current").fetchone()[0]
    pages = con.execute("""
        select r.report_id, r.source_file from dim_report as r where r.is_current
        order by r.report_year desc nulls last, r.agency_name, r.source_file limit ?""", [max_reports]).fetchall()
    ids = [p[0] for p in pages]
    data["pages"] = con.execute("select * from export_reports where source_file in (select unnest(?))",
                                [[p[1] for p in pages]]).pl()
    data["page_sections"] = con.execute("""
        select r.source_file, s.level, s.ordinal, s.heading, s.section_type
        from dim_section as s join dim_report as r using (report_id)
        where s.report_id in (select unnest(?)) order by r.source_file, s.ordinal""", [ids]).pl()
    data["page_facts"] = con.execute("""
        select r.source_file, f.fact_no, f.value, f.unit, f.kind, f.qualifier, f.value_base, f.subject,
               f.indicator_code, i.name_zh as indicator_name, f.surface, f.sentence, f.role
        from fct_quantity as f join dim_report as r using (report_id)
        left join dim_indicator as i using (indicator_code)
        where f.report_id in (select unnest(?)) order by r.source_file, f.fact_no""", [ids]).pl()
    return data


# ---------------------------------------------------------------- charts (Vega-Lite via Altair)

def _values(frame: pl.DataFrame) -> list[dict]:
    return json.loads(json.dumps(frame.to_dicts(), ensure_ascii=False, default=_json_value))


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def charts(data: dict) -> dict[str, dict]:
    """Vega-Lite specs by element id; a chart whose data is empty is left out (the page says so)."""
    import altair as alt

    alt.data_transformers.disable_max_rows()
    out: dict[str, alt.TopLevelMixin] = {}
    level_scale = alt.Scale(domain=list(LEVEL_ZH.values()))

    def zh_level(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("admin_level").replace_strict(LEVEL_ZH, default="未知").alias("级别"))

    timeliness = data["timeliness"]
    if timeliness.height:
        frame = zh_level(timeliness)
        out["chart-reports-by-year"] = alt.Chart(alt.Data(values=_values(frame))).mark_bar().encode(
            x=alt.X("report_year:O", title="报告年度", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(n_reports):Q", title="报告数", axis=alt.Axis(labelExpr=ZH_AXIS, tickMinStep=1)),
            color=alt.Color("级别:N", scale=level_scale, title="级别"),
            tooltip=[alt.Tooltip("report_year:O", title="年度"), alt.Tooltip("级别:N"),
                     alt.Tooltip("n_reports:Q", title="报告数")],
        ).properties(width="container", height=220, title="各年度报告数（按级别）")
        dated = frame.filter(pl.col("n_with_publish_date") > 0)
        if dated.height:
            out["chart-on-time"] = alt.Chart(alt.Data(values=_values(dated))).mark_line(point=True).encode(
                x=alt.X("report_year:O", title="报告年度", axis=alt.Axis(labelAngle=0)),
                y=alt.Y("on_time_pct:Q", title="按时发布比例（%）", scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("级别:N", scale=level_scale),
                tooltip=[alt.Tooltip("report_year:O", title="年度"), alt.Tooltip("级别:N"),
                         alt.Tooltip("on_time_pct:Q", title="按时发布%"),
                         alt.Tooltip("n_with_publish_date:Q", title="有发布日期的报告"),
                         alt.Tooltip("max_days_late:Q", title="最多逾期天数")],
            ).properties(width="container", height=220, title="按时发布比例（截止日期：次年4月1日）")

    completeness = data["completeness_by_year"]
    if completeness.height:
        frame = zh_level(completeness)
        out["chart-complete"] = alt.Chart(alt.Data(values=_values(frame))).mark_line(point=True).encode(
            x=alt.X("report_year:O", title="报告年度", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("complete_pct:Q", title="要件齐全比例（%）", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("级别:N", scale=level_scale),
            tooltip=[alt.Tooltip("report_year:O", title="年度"), alt.Tooltip("级别:N"),
                     alt.Tooltip("complete_pct:Q", title="齐全%"), alt.Tooltip("n_reports:Q", title="报告数")],
        ).properties(width="container", height=220, title="要件齐全的报告比例")
        missing = (frame.group_by("report_year").agg(
            pl.col("missing_measures").sum().alias(PART_ZH["measures"]),
            pl.col("missing_shortcomings").sum().alias(PART_ZH["shortcomings"]),
            pl.col("without_leadership_part").sum().alias(PART_ZH["leadership"]),
            pl.col("missing_plans").sum().alias(PART_ZH["plans"]))
            .unpivot(index="report_year", variable_name="缺少部分", value_name="报告数")
            .filter(pl.col("报告数") > 0))
        if missing.height:
            out["chart-missing-parts"] = alt.Chart(alt.Data(values=_values(missing))).mark_bar().encode(
                x=alt.X("report_year:O", title="报告年度", axis=alt.Axis(labelAngle=0)),
                y=alt.Y("报告数:Q", axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("缺少部分:N"),
                xOffset="缺少部分:N",
                tooltip=["report_year:O", "缺少部分:N", "报告数:Q"],
            ).properties(width="container", height=220, title="缺少各必备部分的报告数")

    status = data["report_status"]
    coverage = data["coverage"]
    if status.height:
        out["chart-matrix"] = _coverage_matrix(alt, status, coverage)

    trends = data["indicator_trends"]
    if trends.height:
        out["chart-indicators"] = _indicator_panels(alt, trends)

    terms = data["terms"]
    if terms.height:
        out["chart-terms"] = _term_lines(alt, terms)

    density = data["quantitative_density"]
    if density.height:
        out["chart-density"] = alt.Chart(alt.Data(values=_values(density))).mark_circle(size=60, opacity=0.6).encode(
            x=alt.X("report_year:O", title="报告年度", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("facts_per_1000_chars:Q", title="每千字数据个数"),
            color=alt.Color("admin_level:N", title="级别", legend=None),
            tooltip=[alt.Tooltip("agency_name:N", title="机关"), alt.Tooltip("report_year:O", title="年度"),
                     alt.Tooltip("facts_per_1000_chars:Q", title="每千字数据"),
                     alt.Tooltip("n_facts:Q", title="数据个数")],
        ).properties(width="container", height=200, title="报告的数据密度（每千字的量化数据个数）")

    config = {"font": FONT, "view": {"stroke": None},
              "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
              "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
              "title": {"font": FONT, "fontSize": 14, "anchor": "start"},
              "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12}}
    specs = {}
    for key, chart in out.items():
        spec = chart.to_dict()
        spec["config"] = {**spec.get("config", {}), **config}
        if spec.get("width") == "container":
            spec.setdefault("autosize", {"type": "fit-x", "contains": "padding"})
        specs[key] = spec
    return specs


def _coverage_matrix(alt, status: pl.DataFrame, coverage: pl.DataFrame):
    """Agency by year: published on time, late, without a date, or missing between first and last."""
    cells = status.select(
        pl.col("agency_name").fill_null("（未识别机关）"), "report_year",
        pl.col("timeliness").replace_strict(STATUS_ZH, default="按时发布").alias("状态"),
        pl.col("days_after_deadline"), pl.col("missing_parts").fill_null(""),
    ).filter(pl.col("report_year").is_not_null())
    if coverage.height:
        gaps = (coverage.select("agency_name", pl.col("missing_years")).explode("missing_years")
                .drop_nulls("missing_years")
                .select(pl.col("agency_name"), pl.col("missing_years").cast(pl.Int32).alias("report_year"),
                        pl.lit("缺报").alias("状态")))
        cells = pl.concat([cells, gaps], how="diagonal_relaxed")
    busiest = (cells.group_by("agency_name").len().sort(["len", "agency_name"], descending=[True, False])
               .head(MAX_MATRIX_AGENCIES)["agency_name"].to_list())
    cells = cells.filter(pl.col("agency_name").is_in(busiest))
    return alt.Chart(alt.Data(values=_values(cells))).mark_rect(stroke="white", strokeWidth=2).encode(
        x=alt.X("report_year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("agency_name:N", title=None, sort=busiest, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("状态:N", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip("agency_name:N", title="机关"), alt.Tooltip("report_year:O", title="年度"),
                 alt.Tooltip("状态:N"), alt.Tooltip("days_after_deadline:Q", title="距截止日（天）"),
                 alt.Tooltip("missing_parts:N", title="缺少部分")],
    ).properties(width="container", height=max(60, 22 * len(busiest)),
                 title=f"各机关逐年报告情况（报告最多的 {len(busiest)} 个机关）")


def _indicator_panels(alt, trends: pl.DataFrame):
    """Small multiples: each indicator's total per year, with a region selector and year-over-year labels."""
    frame = trends.with_columns(pl.col("province").fill_null(""), pl.col("city").fill_null(""))
    frame = frame.with_columns(
        pl.when(pl.col("city") != "").then(pl.col("city")).otherwise(pl.col("province")).alias("region"))
    regions = sorted(r for r in set(frame["region"].to_list()) if r)
    panel = (frame.group_by(["indicator_name", "unit", "region", "report_year"])
             .agg(pl.col("total_value_base").sum().alias("value_sum"), pl.len().alias("n_agencies"),
                  pl.col("n_mentions").sum().alias("n_mentions")))
    # Counts and amounts add up across agencies; a rate (%) is averaged over the mentions of it.
    panel = panel.with_columns(pl.format("{}（{}）", pl.col("indicator_name"), pl.col("unit")).alias("指标"),
                               (pl.col("unit") == "%").alias("is_rate"))
    region = alt.param(name="region", value="全部",
                       bind=alt.binding_select(options=["全部", *regions], name="地区："))
    base = alt.Chart(alt.Data(values=_values(panel))).transform_filter(
        "region == '全部' || datum.region == region"
    ).transform_aggregate(value_sum="sum(value_sum)", agencies="sum(n_agencies)", mentions="sum(n_mentions)",
                          groupby=["指标", "report_year", "is_rate"]
    ).transform_calculate(value="datum.is_rate ? datum.value_sum / datum.mentions : datum.value_sum"
    ).transform_window(previous="lag(value)", sort=[alt.SortField("report_year")], groupby=["指标"]
    ).transform_calculate(
        label=ZH_AXIS,
        yoy="datum.previous > 0 ? format((datum.value - datum.previous) / datum.previous, '+.0%') : '—'",
    )
    line = base.mark_line(point=True).encode(
        x=alt.X("report_year:O", title=None, axis=alt.Axis(labelAngle=-45, labelOverlap="parity")),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(labelExpr=ZH_AXIS, tickCount=4)),
        tooltip=[alt.Tooltip("指标:N"), alt.Tooltip("report_year:O", title="年度"),
                 alt.Tooltip("label:N", title="合计（比率为平均）"), alt.Tooltip("yoy:N", title="同比"),
                 alt.Tooltip("agencies:Q", title="报告机关数")],
    )
    return line.properties(width=215, height=120).facet(
        facet=alt.Facet("指标:N", title=None, header=alt.Header(labelFontSize=12, labelLimit=300)), columns=4,
    ).resolve_scale(y="independent").add_params(region).properties(
        title="主要指标的逐年合计（各机关所报之和，比率取平均；可按地区筛选）")


def _term_lines(alt, terms: pl.DataFrame):
    """Mentions per report of the most used policy terms, per year (all levels together)."""
    reports = terms.select("report_year", "admin_level", "n_reports").unique().group_by("report_year").agg(
        pl.col("n_reports").sum().alias("reports"))
    per_year = terms.group_by(["report_year", "term"]).agg(pl.col("n_mentions").sum().alias("mentions"),
                                                         pl.col("n_reports_using").sum().alias("using"))
    per_year = per_year.join(reports, on="report_year").with_columns(
        (pl.col("mentions") / pl.col("reports")).round(2).alias("每篇提及次数"),
        (100 * pl.col("using") / pl.col("reports")).round(1).alias("使用该词的报告%"))
    top = (per_year.group_by("term").agg(pl.col("mentions").sum()).sort(["mentions", "term"], descending=[True, False])
           .head(MAX_TERMS)["term"].to_list())
    per_year = per_year.filter(pl.col("term").is_in(top))
    pick = alt.selection_point(fields=["term"], bind="legend")
    return alt.Chart(alt.Data(values=_values(per_year))).mark_line(point=True).encode(
        x=alt.X("report_year:O", title="报告年度", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("每篇提及次数:Q", title="每篇报告提及次数"),
        color=alt.Color("term:N", title="政策用语", sort=top),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("term:N", title="用语"), alt.Tooltip("report_year:O", title="年度"),
                 alt.Tooltip("每篇提及次数:Q"), alt.Tooltip("使用该词的报告%:Q"),
                 alt.Tooltip("mentions:Q", title="提及次数")],
    ).add_params(pick).properties(width="container", height=260,
                                  title=f"政策用语的使用趋势（提及最多的 {len(top)} 个；点图例突出一个）")


# ---------------------------------------------------------------- HTML

_BUNDLE: dict[str, str] = {}

BOOT = """
(function () {
  const status = window.__fazhi;
  const specs = JSON.parse(document.getElementById('fazhi-specs').textContent);
  const locale = JSON.parse(document.getElementById('fazhi-locale').textContent);
  status.expected = Object.keys(specs).length;
  const jobs = Object.entries(specs).map(([id, spec]) =>
    vegaEmbed('#' + id, spec, {actions: false, renderer: 'svg', formatLocale: locale})
      .then(() => { status.drawn += 1; })
      .catch((e) => {
        status.errors.push(id + ': ' + e);
        console.error(e);
        document.getElementById(id).textContent = '图表无法显示：' + e;
      }));
  Promise.all(jobs).then(() => { document.body.dataset.charts = status.errors.length ? 'failed' : 'drawn'; });
})();
"""


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed with the page's start-up code, as one script (made once per process)."""
    if "js" not in _BUNDLE:
        import vl_convert

        _BUNDLE["js"] = vl_convert.javascript_bundle(BOOT)
        _BUNDLE["locale"] = json.dumps(vl_convert.get_format_locale("zh-CN"))
    return _BUNDLE["js"]


def _script_json(value) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _e(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return html.escape(zh_number(value))
    if isinstance(value, (list, tuple)):
        return html.escape("、".join(str(v) for v in value))
    return html.escape(str(value))


def _table(frame: pl.DataFrame, columns: dict[str, str], numeric: tuple[str, ...] = (), limit: int = 200,
           css: str = "") -> str:
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
    if key in specs:
        return f'<div class="chart" id="{key}" data-chart="{key}"></div>'
    return f'<p class="empty">{html.escape(empty)}</p>'


def _highlight(sentence: str | None, surface: str | None) -> str:
    sentence = sentence or ""
    if surface and surface in sentence:
        i = sentence.index(surface)
        return (html.escape(sentence[:i]) + "<mark>" + html.escape(surface) + "</mark>"
                + html.escape(sentence[i + len(surface):]))
    return html.escape(sentence)


def _report_pages(data: dict) -> str:
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


CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #1d4e89; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font-family: FONT; color: var(--ink); background: var(--bg); line-height: 1.6; }
header { background: var(--accent); color: white; padding: 18px 32px 12px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .85; font-size: 13px; }
nav { position: sticky; top: 0; z-index: 5; background: white; border-bottom: 1px solid var(--line);
      padding: 8px 32px; display: flex; gap: 20px; flex-wrap: wrap; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 32px 48px; }
section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px;
          margin: 18px 0; }
h2 { font-size: 18px; margin: 0 0 10px; color: var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 12px 0 4px; color: var(--muted); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.kpi b { display: block; font-size: 24px; color: var(--accent); }
.kpi span { font-size: 13px; color: var(--muted); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
.chart { width: 100%; min-height: 120px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.sentence { color: var(--muted); }
mark { background: #ffe08a; color: var(--ink); padding: 0 1px; }
.empty { color: var(--muted); font-style: italic; }
.note { color: var(--muted); font-size: 12px; }
.tag { display: inline-block; font-size: 12px; border: 1px solid var(--line); border-radius: 10px;
       padding: 0 8px; margin: 1px 2px; color: var(--muted); }
.tag.ok { border-color: #9fd3b1; color: #2f6f46; }
.tag.bad { border-color: #f0a8a8; color: #a22b2b; }
details.report { border-bottom: 1px solid var(--line); padding: 6px 0; }
details.report summary { cursor: pointer; }
details.report .year { color: var(--muted); }
details.report .title { color: var(--muted); font-size: 13px; }
details.report .count { float: right; color: var(--muted); font-size: 12px; }
.report-body { padding: 6px 12px 12px; }
dl { display: grid; grid-template-columns: 90px 1fr; gap: 2px 10px; font-size: 13px; margin: 6px 0; }
dt { color: var(--muted); }
dd { margin: 0; }
ul.headings { font-size: 13px; margin: 4px 0; }
ul.headings .lv2 { margin-left: 18px; } ul.headings .lv3 { margin-left: 36px; color: var(--muted); }
input#report-search { width: 100%; max-width: 420px; padding: 6px 10px; font-size: 14px; border: 1px solid var(--line);
       border-radius: 4px; margin-bottom: 8px; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 16px; }
""".replace("FONT", FONT)

SEARCH_JS = """
document.getElementById('report-search').addEventListener('input', function (e) {
  const q = e.target.value.trim();
  document.querySelectorAll('details.report').forEach(function (d) {
    d.style.display = !q || d.dataset.search.indexOf(q) >= 0 ? '' : 'none';
  });
});
"""


def render(data: dict, specs: dict, filters: dict, db: str, demo: bool = False) -> str:
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
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fazhi report">
<title>法治政府建设年度报告分析 · fazhi</title>
<style>{CSS}</style>
<script>
window.__fazhi = {{errors: [], drawn: 0, expected: 0}};
window.addEventListener('error', function (e) {{ window.__fazhi.errors.push(String(e.message || e)); }});
window.addEventListener('unhandledrejection', function (e) {{ window.__fazhi.errors.push(String(e.reason)); }});
</script>
</head>
<body data-charts="pending">
<header>
<h1>法治政府建设年度报告分析</h1>
<p>数据仓库 {html.escape(str(db))} · 筛选：{html.escape(applied)} · 生成于 {generated} · fazhi</p>
</header>
<nav><a href="#coverage">报告覆盖</a><a href="#timeliness">及时性与完整性</a><a href="#indicators">指标趋势</a>
<a href="#terms">政策用语</a><a href="#reports">逐篇报告</a></nav>
<main>
{demo_banner}
<section id="overview"><div class="kpis">{kpi_html}</div></section>

<section id="coverage">
<h2>报告覆盖</h2>
<div class="grid2"><div>{_chart(specs, "chart-reports-by-year", "没有报告。")}</div>
<div><h3>各地区报告数</h3>{_table(by_region, {"province": "省份", "city": "城市", "admin_level": "级别",
                                          "n": "报告数", "agencies": "机关数", "first": "最早年度",
                                          "last": "最近年度"}, numeric=("n", "agencies"), limit=15)}</div></div>
{_chart(specs, "chart-matrix", "没有可画的机关和年度。")}
<h3>首末年度之间缺报的年份</h3>
{_table(gaps, {"agency_name": "机关", "city": "城市", "years_reported": "已报年度",
               "missing_years": "缺报年度"})}
</section>

<section id="timeliness">
<h2>及时性与完整性</h2>
<p class="note">截止日期为报告年度次年的4月1日；“要件齐全”指有主要举措和成效、存在的不足、下一年度工作安排三部分。</p>
<div class="grid2"><div>{_chart(specs, "chart-on-time", "没有注明发布日期的报告。")}</div>
<div>{_chart(specs, "chart-complete", "没有报告。")}</div></div>
{_chart(specs, "chart-missing-parts", "所有报告都有各必备部分。")}
<div class="grid2"><div><h3>逾期发布的报告</h3>
{_table(late, {"agency_name": "机关", "report_year": "年度", "publish_date": "发布日期",
               "days_after_deadline": "逾期天数"}, numeric=("days_after_deadline",))}</div>
<div><h3>缺少必备部分的报告</h3>
{_table(incomplete, {"agency_name": "机关", "report_year": "年度", "missing_parts": "缺少部分"})}</div></div>
</section>

<section id="indicators">
<h2>指标趋势</h2>
{_chart(specs, "chart-indicators", "没有归入指标的量化数据。")}
<h3>各地区各指标最近一次的同比变化</h3>
{change_table}
{_chart(specs, "chart-density", "")}
</section>

<section id="terms">
<h2>政策用语</h2>
{_chart(specs, "chart-terms", "报告中没有出现词表中的政策用语。")}
</section>

<section id="reports">
<h2>逐篇报告</h2>
<p class="note">显示 {n_pages} / {n_reports} 份报告（最近年度在前）。点开一篇可看元数据、结构和每项数据的原句。</p>
<input id="report-search" type="search" placeholder="按机关、年度、标题筛选">
{pages or '<p class="empty">没有报告。</p>'}
</section>
</main>
<footer>由 fazhi 生成：法治政府建设年度报告的 ETL 与分析。图表使用 Vega-Lite，已内嵌于本文件，可离线打开。</footer>
<script type="application/json" id="fazhi-specs">{_script_json(specs)}</script>
<script type="application/json" id="fazhi-locale">{_BUNDLE.get("locale", "{}")}</script>
<script>{SEARCH_JS}</script>
<script>{javascript_bundle() if specs else ""}</script>
</body>
</html>
"""


def write_report(db: str | Path, out: str | Path, filters: dict | None = None, max_reports: int = 300,
                 demo: bool = False) -> ReportResult:
    """Build the HTML report of warehouse `db` (read-only) into `out`, written whole or not at all."""
    filters = {k: (filters or {}).get(k) for k in FILTERS}
    con = _filtered_connection(db, filters)
    try:
        data = collect(con, filters, max_reports)
    finally:
        con.close()
    if data["report_status"].height == 0:
        raise AnalysisError("no report matches the filters: nothing to report" if any(filters.values())
                            else "the warehouse holds no reports: run `fazhi run` first")
    specs = charts(data)
    javascript_bundle()  # before render: it also loads the number locale
    page = render(data, specs, filters, str(db), demo=demo)
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AnalysisError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    return ReportResult(path=out, reports=data["report_status"].height, facts=data["n_facts"],
                        charts=sorted(specs), report_pages=data["pages"].height, bytes=out.stat().st_size)
