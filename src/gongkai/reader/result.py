"""What reading a report gives back: the model, where each number came from, and notes.

Provenance is keyed by the path of a value in the model (`applications.granted[0]`,
`proactive.fees.amount_wan_yuan`, `agency`); each entry says where it was printed:
character offsets and line number in the original text, or table/row/cell (and page)
in a structured document, plus flags for cells read as blank, not printed, split from
digits that ran together, or uncertain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.report.codec import report_to_data
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Finding

Entry = dict[str, Any]


@dataclass(frozen=True)
class Note:
    """Something the reader did that a person checking the numbers should know."""

    code: str  # blank, missing_cell, split, uncertain, extra_row, fuzzy_label, …
    path: str | None  # the model path concerned, e.g. applications.granted
    message_zh: str
    message_en: str

    def moved(self, old: str, new: str) -> Note:
        """The same note about the model path `new` where it was about `old`."""
        if self.path != old:
            return self
        return Note(self.code, new, self.message_zh, self.message_en)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "path": self.path,
            "message": self.message_zh,
            "message_en": self.message_en,
        }


@dataclass
class Trace:
    """Provenance and notes gathered while reading, by a table parser or the detector."""

    provenance: dict[str, Entry] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    uncertain: int = 0

    def note(self, code: str, path: str | None, zh: str, en: str) -> None:
        self.notes.append(Note(code, path, zh, en))

    def add(self, other: Trace) -> None:
        self.provenance.update(other.provenance)
        self.notes.extend(other.notes)
        self.uncertain += other.uncertain


@dataclass(frozen=True)
class ReadResult:
    """A report read from a published document."""

    source: str
    report: AnnualReport
    provenance: dict[str, Entry]
    notes: list[Note]
    findings: list[Finding]

    def to_data(self) -> dict[str, Any]:
        """Return the JSON-ready record printed by `gongkai read`."""
        return {
            "source": self.source,
            "report": report_to_data(self.report),
            "findings": [finding.to_dict() for finding in self.findings],
            "provenance": self.provenance,
            "notes": [note.to_dict() for note in self.notes],
        }
