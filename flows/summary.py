"""What a run did, made once and shown three ways: the terminal, the Prefect UI's artifacts, meta_run.

Stdlib only: the no-change check builds one before Prefect is imported.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import asdict, dataclass, field

# What the runner column says of a run that found nothing to do and so never started Prefect.
NOT_STARTED = "none: nothing changed, Prefect not started"


@dataclass
class RunSummary:
    source: str
    db: str
    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    reports: int = 0
    sections: int = 0
    facts: int = 0
    quarantined: int = 0
    rebuild_reason: str | None = None
    runner: str = ""
    wrote: bool = False
    stage_seconds: dict = field(default_factory=dict)
    seconds: float = 0.0
    flow_seconds: float = 0.0
    quarantine: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The summary as the flow returns it (a dict users' scripts read)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> RunSummary:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})

    @property
    def started_prefect(self) -> bool:
        return self.runner != NOT_STARTED

    def meta_run_row(self, run_id: str, started_at: dt.datetime, quarantined: int, reports_loaded: int,
                     facts_loaded: int) -> dict:
        """The run's row of meta_run (the warehouse's names for these counts)."""
        return {"run_id": run_id, "started_at": started_at, "source": self.source, "files_seen": self.files,
                "files_new": self.new, "files_changed": self.changed, "files_unchanged": self.unchanged,
                "files_removed": self.removed, "files_quarantined": quarantined,
                "reports_loaded": reports_loaded, "facts_loaded": facts_loaded}

    def text(self, default_db: str) -> str:
        """The summary `fazhi run` prints, with the commands to try next (`--db` shown unless default)."""
        timing = (f"(nothing changed: checked in {self.flow_seconds:.1f} s, Prefect not started)"
                  if not self.started_prefect else f"(flow {self.flow_seconds:.1f} s, {self.runner})")
        lines = [
            f"fazhi: {self.files} files read from {self.source}",
            f"  new / changed    {self.new} / {self.changed}",
            f"  unchanged        {self.unchanged}",
            f"  removed          {self.removed}",
            f"  reports loaded   {self.reports}",
            f"  facts loaded     {self.facts}",
            f"  quarantined      {self.quarantined}",
            f"  time taken       {self.seconds:.1f} s {timing}",
        ]
        if self.rebuild_reason:
            lines.append(f"  rebuilt          {self.rebuild_reason}")
        lines.append(f"  warehouse        {self.db}{'' if self.wrote else ' (no changes, not written)'}")
        lines += [f"  quarantined: {q['source_file']} [{q['stage']}] {q['reason']}" for q in self.quarantine]
        db_flag = "" if str(self.db) == default_db else f" --db {self.db}"
        steps = [(f"fazhi query{db_flag}", "the questions it answers (coverage, timeliness ...)"),
                 (f"fazhi query coverage{db_flag}", "which agencies reported in which years"),
                 (f"fazhi report{db_flag} --out report.html", "charts and every fact in one HTML file")]
        width = max(len(cmd) for cmd, _ in steps)
        lines.append("next:")
        lines += [f"  {cmd.ljust(width)}   {what}" for cmd, what in steps]
        return "\n".join(lines) + "\n"

    def table_rows(self) -> list[dict]:
        """The counts as rows of the `fazhi-run-counts` table artifact."""
        return [
            {"measure": "files seen", "value": self.files},
            {"measure": "new", "value": self.new},
            {"measure": "changed", "value": self.changed},
            {"measure": "unchanged", "value": self.unchanged},
            {"measure": "removed", "value": self.removed},
            {"measure": "quarantined", "value": self.quarantined},
            {"measure": "reports loaded", "value": self.reports},
            {"measure": "facts loaded", "value": self.facts},
            *({"measure": f"seconds: {k}", "value": v} for k, v in self.stage_seconds.items()),
        ]

    def markdown(self) -> str:
        """The `fazhi-run-summary` markdown artifact."""
        problems = "\n".join(f"| {q['source_file']} | {q['stage']} | {q['reason']} |" for q in self.quarantine)
        return "\n".join([
            "# fazhi run",
            f"- source: `{self.source}`",
            f"- warehouse: `{self.db}` ({'written' if self.wrote else 'no changes, not written'})",
            f"- runner: {self.runner}" + (f"; rebuilt: {self.rebuild_reason}" if self.rebuild_reason else ""),
            f"- files: {self.files} seen, {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.removed} removed, {self.quarantined} quarantined",
            f"- loaded: {self.reports} reports, {self.facts} facts",
            "- time per stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.stage_seconds.items()),
            *(f"- warning: {w}" for w in self.warnings),
            "",
            "## Quarantined" if self.quarantine else "No file was quarantined.",
            *(["| file | stage | reason |", "|---|---|---|", problems] if self.quarantine else []),
        ])
