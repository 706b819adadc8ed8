"""Turn a batch of raw documents into the frames the warehouse loads.

Pure: bytes and paths in, polars frames out. A document that fails a stage goes
to the `quarantine` frame with the stage and reason; the others carry on.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from transforms.dedup import signature
from transforms.facts import FACT_SCHEMA, fact_rows
from transforms.metadata import Metadata, extract_metadata
from transforms.normalise import clean_lines, normalise
from transforms.readers import Extracted, ReadError, read_document
from transforms.schema import stage_schema
from transforms.sections import SECTION_SCHEMA, section_at, section_rows
from transforms.terms import TERM_SCHEMA, term_rows

# The report frame of a batch, which star.py splits into stg_document and dim_report: the document's
# columns as stg_document declares them, the url and size as dim_report does, the metadata as
# transforms.metadata.Metadata reads it (agency, department type and region names included).
_METADATA_TYPES = {"str": pl.Utf8, "int": pl.Int32, "dt.date": pl.Date}
REPORT_SCHEMA = {
    **stage_schema("stg_document", drop=("text",)),
    **stage_schema("dim_report", keep=("url", "n_chars")),
    **{f.name: _METADATA_TYPES[f.type.split(" |")[0]] for f in dataclasses.fields(Metadata)},
    "minhash": pl.List(pl.UInt32),  # the text's signature (transforms.dedup), for stg_report_signature
    "text": pl.Utf8,
}
QUARANTINE_SCHEMA = stage_schema("stg_quarantine", drop=("first_seen", "last_seen"))  # publish adds the times
MIN_REPORT_CHARS = 200
# A report on law-based government names its topic again and again; a page that
# does not (a news item, a notice, an error page) is not such a report.
# An excerpt of a report may name 法治 only once or twice (a 行政执法工作报告, an audit office's report):
# the vocabulary of law-based administration counts as well.
_TOPIC = re.compile(r"法治|依法|法制|执法|普法|合法性审查|行政复议|行政应诉|规范性文件|法律顾问")
MIN_TOPIC_MENTIONS = 3


class NotAReportError(ValueError):
    """The text decodes but is not a report this pipeline understands."""


class Quarantined(Exception):
    """A document that failed elsewhere (in a worker process), with the stage and reason to record."""

    def __init__(self, stage: str, reason: str):
        super().__init__(reason)
        self.stage, self.reason = stage, reason


@dataclass
class RawDocument:
    """A document's bytes, with its page address and the metadata its source states (manifest.csv)."""

    source_file: str
    data: bytes
    url: str | None = None
    given: dict = field(default_factory=dict)


# A batch's frames: the stage frames with the columns the pipeline adds, typed as their tables declare.
BATCH_SECTION_SCHEMA = {**SECTION_SCHEMA, **stage_schema("dim_section", keep=("report_id",))}
BATCH_FACT_SCHEMA = {**FACT_SCHEMA, **stage_schema("fct_quantity", keep=("report_id", "section_ordinal", "l1_ordinal"))}
BATCH_TERM_SCHEMA = {**TERM_SCHEMA, **stage_schema("fct_term_mention", keep=("report_id",))}


@dataclass
class BatchResult:
    """The frames of a batch: one row per report, heading, fact and term count, and the quarantine."""

    reports: pl.DataFrame
    sections: pl.DataFrame
    facts: pl.DataFrame
    terms: pl.DataFrame
    quarantine: pl.DataFrame
    unchanged: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls) -> BatchResult:
        """A batch of no documents: every frame with its columns and no rows."""
        return cls(reports=pl.DataFrame(schema=REPORT_SCHEMA), sections=pl.DataFrame(schema=BATCH_SECTION_SCHEMA),
                   facts=pl.DataFrame(schema=BATCH_FACT_SCHEMA), terms=pl.DataFrame(schema=BATCH_TERM_SCHEMA),
                   quarantine=pl.DataFrame(schema=QUARANTINE_SCHEMA))


def content_hash(data: bytes, url: str | None = None, given: dict | None = None) -> str:
    """SHA-256 of a document's bytes, and of what its source states about it (a manifest row), if anything."""
    digest = hashlib.sha256(data)
    if url or given:
        digest.update(b"\0" + json.dumps({"url": url, "given": given or {}}, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def report_id(source_file: str) -> str:
    """Stable key of a report: its path relative to the source folder."""
    return hashlib.sha1(source_file.encode("utf-8")).hexdigest()[:16]


def check_is_report(body: str) -> None:
    """Raise NotAReportError when normalised text is too short or not about law-based government."""
    if len(body) < MIN_REPORT_CHARS:
        raise NotAReportError(f"only {len(body)} characters of text after normalisation (< {MIN_REPORT_CHARS})")
    mentions = len(_TOPIC.findall(body))
    if mentions < MIN_TOPIC_MENTIONS:
        raise NotAReportError(
            f"not a report on law-based government: 法治/依法/执法 and the like named {mentions} times "
            f"(< {MIN_TOPIC_MENTIONS})"
        )


Reader = Callable[[str, bytes], Extracted]


def process_document(doc: RawDocument, read: Reader = read_document):
    """(report row, section rows, fact rows, term rows) of one document, as dicts keyed by column;
    raises on a document to quarantine.

    `read` turns the bytes into text (`read_document`; the flow passes one that runs it in a
    child process with time and memory limits).
    """
    page = read(doc.source_file, doc.data)
    text = page.text
    cleaned = clean_lines(text)  # one cleaning pass, read by normalise and by metadata
    body = normalise(text, cleaned)
    check_is_report(body)
    url = doc.url or page.url
    meta = extract_metadata(text, body, page, url=url, given=doc.given, cleaned=cleaned)
    sections = section_rows(body)
    facts = fact_rows(body)
    rid = report_id(doc.source_file)
    terms = term_rows(body, [(r["char_start"], r["ordinal"]) for r in sections if r["level"] == 1])
    ordinals = section_at(sections, [f["char_start"] for f in facts])
    l1 = {r["ordinal"]: r["l1_ordinal"] for r in sections}
    for row in sections:
        row["report_id"] = rid
    for row in terms:
        row["report_id"] = rid
    for row, ordinal in zip(facts, ordinals, strict=True):
        row["report_id"] = rid
        row["section_ordinal"] = ordinal
        row["l1_ordinal"] = l1.get(ordinal) if ordinal else None
    report = {
        "report_id": rid,
        "source_file": doc.source_file,
        "url": url,
        "content_hash": content_hash(doc.data, doc.url, doc.given),
        "format": page.fmt,
        "encoding": page.encoding,
        "n_bytes": len(doc.data),
        "n_chars": len(body),
        **{k: v for k, v in meta.as_dict().items()},
        "minhash": signature(body).tolist(),
        "text": body,
    }
    return report, sections, facts, terms


def quarantine_reason(exc: Exception) -> tuple[str, str]:
    """(stage, reason) recorded for a document whose processing raised `exc`."""
    if isinstance(exc, Quarantined):
        return exc.stage, exc.reason
    return _stage_of(exc), f"{type(exc).__name__}: {exc}"


def _stage_of(exc: Exception) -> str:
    if isinstance(exc, ReadError):
        return "read"
    if isinstance(exc, NotAReportError):
        return "validate"
    return "transform"


def process_batch(docs: list[RawDocument], read: Reader = read_document,
                  process: Callable[[RawDocument], tuple] | None = None,
                  unreadable: list[tuple[str, str]] = (), unchanged: list[str] = ()) -> BatchResult:
    """Frames for a batch of documents; failures become quarantine rows, not exceptions.

    Each document goes through `process` (default: `process_document` with `read`); the flow
    passes one that runs it in a worker process with time and memory limits. `unreadable` are
    (name, reason) of documents the source could not fetch (quarantined at stage `fetch`), and
    `unchanged` the names skipped because their content is already loaded. The frames are made
    once per batch, from the documents' rows.
    """
    reports, sections, facts, terms = [], [], [], []
    quarantine = [{"source_file": name, "content_hash": None, "stage": "fetch", "reason": reason}
                  for name, reason in unreadable]
    for doc in docs:
        try:
            report, secs, fcts, trms = process(doc) if process else process_document(doc, read)
        except Exception as exc:  # noqa: BLE001 - every failure is quarantined with its reason
            stage, reason = quarantine_reason(exc)
            quarantine.append({
                "source_file": doc.source_file,
                "content_hash": content_hash(doc.data, doc.url, doc.given),
                "stage": stage,
                "reason": reason,
            })
            continue
        reports.append(report)
        sections.extend(secs)
        facts.extend(fcts)
        terms.extend(trms)
    return BatchResult(
        reports=pl.DataFrame(reports, schema=REPORT_SCHEMA),
        sections=pl.DataFrame(sections, schema=BATCH_SECTION_SCHEMA),
        facts=pl.DataFrame(facts, schema=BATCH_FACT_SCHEMA),
        terms=pl.DataFrame(terms, schema=BATCH_TERM_SCHEMA),
        quarantine=pl.DataFrame(quarantine, schema=QUARANTINE_SCHEMA),
        unchanged=list(unchanged),
    )
