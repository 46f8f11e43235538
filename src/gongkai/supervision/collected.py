"""A report collected for supervision: what the reader made of one published file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gongkai.errors import ReportFileError
from gongkai.reader import Note
from gongkai.reader.pipeline import load_documents, parse_documents
from gongkai.report.codec import report_from_data
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Finding, validate
from gongkai.supervision.tamper import TamperHit, find_tampering


@dataclass(frozen=True)
class CollectedReport:
    """One agency's report for one year, read from its original file.

    `agency` is the agency's code in the region (not the name printed in the report).
    """

    agency: str
    source: str  # the original file's name (or URL)
    sha256: str
    report: AnnualReport
    notes: list[Note]
    findings: list[Finding]  # the validator's, as the reader returned them
    tampering: list[TamperHit] = field(default_factory=list)
    published_on: date | None = None

    @property
    def year(self) -> int:
        return self.report.year


def collect(
    agency: str,
    source: Path | bytes,
    name: str | None = None,
    *,
    published_on: date | None = None,
) -> CollectedReport:
    """Read one published report file for the agency `agency` (its code).

    Raises:
        ReportFileError: the file cannot be read, or is of a kind that holds no report.
        ReportFormatError: the file holds no 政府信息公开 annual report.
    """
    if isinstance(source, Path):
        label = name or source.name
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ReportFileError(
                label, "", f"cannot read the file ({exc.strerror})"
            ) from exc
    else:
        label = name or "<bytes>"
        data = source
    # What `read_report` does, keeping the documents: the tamper detector reads their
    # lines, and loading a DOCX twice doubled the time of a collection.
    documents = load_documents(data, label)
    report_data, trace = parse_documents(documents, label)
    report = report_from_data(report_data, label)
    lines = [line for doc in documents for line in doc.lines]
    return CollectedReport(
        agency=agency,
        source=label,
        sha256=hashlib.sha256(data).hexdigest(),
        report=report,
        notes=list(trace.notes),
        findings=validate(report),
        tampering=find_tampering(lines),
        published_on=published_on or report.published_on,
    )
