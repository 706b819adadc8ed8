"""`fazhi report`: the warehouse as one self-contained HTML file with charts.

The figures come from the questions of ``sql/analysis`` (the same files `fazhi query` runs),
on a read-only connection where a temporary view named ``current_report`` holds only the reports
the filters select: every analysis, and the export views, then see the same reports.

Charts are Vega-Lite specifications made with Altair. Vega, Vega-Lite and vega-embed are
inlined from vl-convert's bundle, so the file opens offline, from disk or an e-mail, with no
request to any server. Numbers are written the Chinese way (万, 亿).

Modules: collect (the queries), charts (the chart specs), render (the page, from page.html and
boot.js), write (write_report), labels (words the charts and the page share).
"""
from fazhi.report.write import ReportResult, write_report

__all__ = ["ReportResult", "write_report"]
