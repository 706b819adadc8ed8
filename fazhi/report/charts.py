"""The report's charts: Vega-Lite specifications made with Altair, labelled in Chinese."""
from __future__ import annotations

import datetime as dt
import json

import polars as pl

from fazhi.report.labels import FONT, LEVEL_ZH, PART_ZH

MAX_TERMS = 8           # policy terms drawn as lines
MAX_MATRIX_AGENCIES = 40
STATUS_ZH = {"on time": "按时发布", "late": "逾期发布", "no date": "未注明发布日期", "missing": "缺报"}
STATUS_COLOURS = {"按时发布": "#4c9a6a", "逾期发布": "#d9822b", "未注明发布日期": "#9aa5b1", "缺报": "#c23b3b"}
# Axis labels in 万 and 亿, as a Chinese reader expects them.
ZH_AXIS = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, '.2~f') + '亿' : "
           "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, '.2~f') + '万' : format(datum.value, ',.6~g')")


def _values(frame: pl.DataFrame) -> list[dict]:
    """A frame's rows as a chart's inline data (dates as ISO strings, decimals as floats)."""
    return json.loads(json.dumps(frame.to_dicts(), ensure_ascii=False, default=_json_value))


def _json_value(value):
    """A value json cannot write, as one a chart can read."""
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
