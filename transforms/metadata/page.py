"""A report's metadata from the decoded text of a report, its page and its address.

Reads the page lines as decoded (furniture included: publish dates, 来源 lines and breadcrumbs
live there), the normalised text, what the page says about itself (its <title>, meta tags) and,
when known, the page's URL and what its source states (a manifest row). A field that cannot be
told is None, never guessed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from transforms.dates import parse_date
from transforms.metadata.agency import HEAD_LINES, TAIL_LINES, find_agency
from transforms.metadata.report_dates import find_publish_date, find_report_year, find_signed_date, title_line_date
from transforms.metadata.title import find_title
from transforms.normalise import clean_lines

if TYPE_CHECKING:  # the readers are not needed to read metadata, only their result
    from transforms.readers import Extracted


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    department_type: str | None = None
    admin_level: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    region_code: str | None = None
    report_year: int | None = None
    publish_date: dt.date | None = None
    signed_date: dt.date | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def apply_given(meta: Metadata, given: dict) -> Metadata:
    """`meta` with the values a source states (a folder's manifest.csv): given values win over read ones.

    A given agency is read like a name on the page, so its region fields follow it.
    """
    if given.get("agency"):
        fields = find_agency([given["agency"]], given["agency"], given["agency"])
        for key in ("agency", "department_type", "admin_level", "province", "city", "district", "region_code"):
            setattr(meta, key, fields.get(key))
        meta.agency = fields.get("agency") or given["agency"]
    if given.get("report_year"):
        meta.report_year = int(given["report_year"])
    if given.get("publish_date"):
        meta.publish_date = parse_date(str(given["publish_date"]))
    if given.get("title"):
        meta.title = given["title"]
    return meta


def extract_metadata(raw_text: str, normalised: str, page: Extracted | None = None, url: str | None = None,
                     given: dict | None = None, cleaned: list[str] | None = None) -> Metadata:
    """Metadata of a report from its decoded text, its normalised text, its page fields and its URL.

    `page` is what the reader found (`transforms.readers.Extracted`): its title, publish date and
    source, when the page states them, are read with the text.

    `given` holds what the source states (a manifest row: agency, report_year, publish_date, title);
    it wins over what is read, and a given title is read for the agency and year like a found one.

    Examples
    --------
    >>> raw = "龙岗区科技创新局2020年度法治政府建设工作报告\\n发布时间: 2020年12月17日 来源:龙岗区科技创新局"
    >>> m = extract_metadata(raw, raw.split("\\n")[0])
    >>> (m.agency, m.region_code, m.report_year, str(m.publish_date))
    ('深圳市龙岗区科技创新局', '440307', 2020, '2020-12-17')
    >>> m = extract_metadata("2023年,市公安局认真贯彻落实法治政府建设部署。", "2023年,市公安局认真贯彻落实法治政府建设部署。",
    ...                      url="http://gaj.hangzhou.gov.cn/art/1.html")
    >>> (m.agency, m.region_code, m.report_year)
    ('杭州市公安局', '330100', 2023)
    """
    lines = [ln for ln in (clean_lines(raw_text) if cleaned is None else cleaned) if ln]
    # What a web page says about itself (its <title>, meta tags, 来源 line) comes first
    # for dates and is one more place an agency name can be read from.
    page_title, page_source, page_published = ((page.title, page.source, page.publish_date) if page is not None
                                                else (None, None, None))
    page_lines = [ln for ln in (page_title, page_source and f"来源:{page_source}") if ln]
    given = given or {}
    title = given.get("title") or find_title(lines) or find_title(page_lines)
    meta = Metadata(title=title)
    for key, value in find_agency(lines, title, normalised, page_lines, url).items():
        setattr(meta, key, value)
    meta.report_year = find_report_year(title, normalised)
    page_date = parse_date(page_published) if page_published else None
    meta.publish_date = (page_date or find_publish_date(lines[:HEAD_LINES] + lines[-TAIL_LINES:])
                         or title_line_date(lines, title))
    meta.signed_date = find_signed_date(lines, meta.report_year)
    return apply_given(meta, given)
