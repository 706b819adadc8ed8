"""A report's metadata from the decoded text of a report, its page and its address.

Reads the page lines as decoded (furniture included: publish dates, 来源 lines and breadcrumbs
live there), the normalised text, what the page says about itself (its <title>, meta tags) and,
when known, the page's URL and what its source states (a manifest row). A field that cannot be
told is None, never guessed.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from transforms.dates import parse_date
from transforms.metadata.agency import HEAD_LINES, TAIL_LINES, find_agency
from transforms.metadata.report_dates import find_publish_date, find_report_year, find_signed_date, title_line_date
from transforms.metadata.title import find_title
from transforms.normalise import WIDE, clean_lines, unify_width
from transforms.script import is_traditional, to_simplified

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
    # The agency's identity across years (region + kind of department; a township's code): see issuers.py.
    agency_key: str | None = None
    report_year: int | None = None
    publish_date: dt.date | None = None
    signed_date: dt.date | None = None
    # How each field was told: title, page (the page's own title and labels), text, url, manifest, or
    # gazetteer (a township's county, read from the gazetteer rather than the page).
    title_told_by: str | None = None
    agency_told_by: str | None = None
    region_told_by: str | None = None
    report_year_told_by: str | None = None
    publish_date_told_by: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


_AGENCY_FIELDS = ("agency", "department_type", "admin_level", "province", "city", "district", "region_code",
                  "agency_key")


def _set_agency(meta: Metadata, found) -> None:
    for key in _AGENCY_FIELDS:
        setattr(meta, key, found.fields.get(key))
    meta.agency_told_by, meta.region_told_by = found.agency_told_by, found.region_told_by


def apply_given(meta: Metadata, given: dict) -> Metadata:
    """`meta` with the values a source states (a folder's manifest.csv): given values win over read ones.

    A given agency is read like a title's, so its region fields follow it (from the gazetteer).
    """
    if given.get("agency"):
        found = find_agency([given["agency"]], given["agency"], given["agency"])
        _set_agency(meta, found)
        meta.agency = found.fields.get("agency") or given["agency"]
        meta.agency_told_by = "manifest"
        meta.region_told_by = "manifest" if meta.region_code else None
    if given.get("report_year"):
        meta.report_year, meta.report_year_told_by = int(given["report_year"]), "manifest"
    if given.get("publish_date"):
        meta.publish_date, meta.publish_date_told_by = parse_date(str(given["publish_date"])), "manifest"
    if given.get("title"):
        meta.title, meta.title_told_by = given["title"], "manifest"
    return meta


_PINYIN_GAP = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü]{1,7}\))?"
_SPACES = re.compile(r"\s+")
def _as_written(title: str | None, raw_text: str) -> str | None:
    """The title found in a page's cleaned (and, for a traditional page, simplified) lines, as the page
    writes it: in traditional characters, with the pinyin some sites put after characters."""
    if not title:
        return title
    head = raw_text[:5000]
    if title in head and unicodedata.is_normalized("NFC", head) and not WIDE.search(title) \
            and not _SPACES.search(title):
        return title  # as written, unify_width and dropping the spaces around it keep it so
    flat = _SPACES.sub("", unify_width(head))
    if title in flat:
        return title
    found = re.search(_PINYIN_GAP.join(map(re.escape, title)), to_simplified(flat))
    return flat[found.start():found.end()] if found else title


def extract_metadata(raw_text: str, normalised: str, page: Extracted | None = None, url: str | None = None,
                     given: dict | None = None, cleaned: list[str] | None = None) -> Metadata:
    """Metadata of a report from its decoded text, its normalised text, its page fields and its URL.

    `page` is what the reader found (`transforms.readers.Extracted`): its title, publish date and
    source, when the page states them, are read with the text. A page written in traditional
    characters is read through its simplified copy (transforms.script); its title is kept as written.

    `given` holds what the source states (a manifest row: agency, report_year, publish_date, title);
    it wins over what is read, and a given title is read for the agency and year like a found one.

    Examples
    --------
    >>> raw = "龙岗区科技创新局2020年度法治政府建设工作报告\\n发布时间: 2020年12月17日 来源:龙岗区科技创新局"
    >>> m = extract_metadata(raw, raw.split("\\n")[0])
    >>> (m.agency, m.region_code, m.report_year, str(m.publish_date), m.agency_told_by)
    ('深圳市龙岗区科技创新局', '440307', 2020, '2020-12-17', 'title')
    >>> m = extract_metadata("2023年,市公安局认真贯彻落实法治政府建设部署。", "2023年,市公安局认真贯彻落实法治政府建设部署。",
    ...                      url="http://gaj.hangzhou.gov.cn/art/1.html")
    >>> (m.agency, m.region_code, m.report_year, m.agency_told_by, m.region_told_by)
    ('杭州市公安局', '330100', 2023, 'text', 'url')
    """
    lines = [ln for ln in (clean_lines(raw_text) if cleaned is None else cleaned) if ln]
    traditional = is_traditional(normalised)
    if traditional:
        lines, normalised = [to_simplified(ln) for ln in lines], to_simplified(normalised)
    # What a web page says about itself (its <title>, meta tags, 来源 line) comes first
    # for dates and is one more place an agency name can be read from.
    page_title, page_source, page_published = ((page.title, page.source, page.publish_date) if page is not None
                                                else (None, None, None))
    if traditional:
        page_title, page_source = (to_simplified(v) if v else v for v in (page_title, page_source))
    page_lines = [ln for ln in (page_title, page_source and f"来源:{page_source}") if ln]
    given = given or {}
    found_title = find_title(lines)
    page_found = find_title(page_lines)
    title = given.get("title") or found_title or page_found
    meta = Metadata(title=title, title_told_by="manifest" if given.get("title") else "text" if found_title else
                    "page" if title else None)
    _set_agency(meta, find_agency(lines, title, normalised, page_lines, url, page_title=page_found))
    meta.report_year = find_report_year(title, normalised)
    if meta.report_year is not None:
        meta.report_year_told_by = "title" if title and str(meta.report_year) in title else "text"
    page_date = parse_date(page_published) if page_published else None
    text_date = find_publish_date(lines[:HEAD_LINES] + lines[-TAIL_LINES:]) or title_line_date(lines, title)
    meta.publish_date = page_date or text_date
    meta.publish_date_told_by = "page" if page_date else "text" if text_date else None
    meta.signed_date = find_signed_date(lines, meta.report_year)
    if meta.title_told_by == "text":
        meta.title = _as_written(meta.title, raw_text)
    return apply_given(meta, given)
