"""`fazhi report`: collect the figures, make the charts, render the page and write it whole or not at all."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fazhi.analysis import AnalysisError
from fazhi.report.charts import charts
from fazhi.report.collect import FILTERS, collect, filtered_connection
from fazhi.report.render import render


@dataclass
class ReportResult:
    path: Path
    reports: int
    facts: int
    charts: list[str] = field(default_factory=list)
    report_pages: int = 0
    bytes: int = 0


def write_report(db: str | Path, out: str | Path, filters: dict | None = None, max_reports: int = 300,
                 demo: bool = False) -> ReportResult:
    """Build the HTML report of warehouse `db` (read-only) into `out`, written whole or not at all."""
    filters = {k: (filters or {}).get(k) for k in FILTERS}
    con = filtered_connection(db, filters)
    try:
        data = collect(con, filters, max_reports)
    finally:
        con.close()
    if data["report_status"].height == 0:
        raise AnalysisError("no report matches the filters: nothing to report" if any(filters.values())
                            else "the warehouse holds no reports: run `fazhi run` first")
    specs = charts(data)
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
