"""Collect a manifest, check and compile a region: the work behind `gongkai supervise`.

A manifest is a CSV with the columns `agency_code,path_or_url,published_on`: a path is
relative to the manifest's folder, a URL (http/https) is fetched with a timeout and a
size limit. Collecting is all-or-nothing: every bad row is named and nothing is stored
unless every row was read; what was stored is then checked (`checking.refresh_around`).
"""

from __future__ import annotations

import csv
import io
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.errors import GongkaiError
from gongkai.supervision import CollectedReport as CoreReport
from gongkai.supervision import (
    Compilation,
    JumpThreshold,
    SupervisionFinding,
    check_region,
    collect,
    compile_region,
)
from gongkai.supervision.anomalies import DEFAULT_JUMP
from gongkai.supervision.exports import NoticeFacts, findings_xlsx, notice_docx
from gongkai_web.agencies.hierarchy import below
from gongkai_web.agencies.models import Agency
from gongkai_web.jobs.models import Job
from gongkai_web.supervision.checking import corrected_findings, refresh_around
from gongkai_web.supervision.models import CollectedReport

MANIFEST_COLUMNS = ("agency_code", "path_or_url", "published_on")
FETCH_TIMEOUT = 20.0  # seconds
FETCH_LIMIT = 50 * 1024 * 1024  # bytes


class SupervisionError(GongkaiError):
    """Bad input to a supervision command: every problem, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Fetched:
    name: str
    data: bytes


def fetch(
    url: str, *, timeout: float = FETCH_TIMEOUT, limit: int = FETCH_LIMIT
) -> bytes:
    """The body at `url`, at most `limit` bytes, within `timeout` seconds in all (a
    server that trickles bytes is cut off too).

    Raises:
        SupervisionError: not reachable, an HTTP error, too slow or too large.
    """
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise SupervisionError([_too_large(url, limit)])
            while size <= limit:
                if time.monotonic() > deadline:
                    raise SupervisionError(
                        [
                            _("%(url)s：无法下载（超过%(seconds)s秒）")
                            % {"url": url, "seconds": f"{timeout:g}"}
                        ]
                    )
                chunk: bytes = response.read1(64 * 1024)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SupervisionError(
            [_("%(url)s：无法下载（%(problem)s）") % {"url": url, "problem": exc}]
        ) from exc
    if size > limit:
        raise SupervisionError([_too_large(url, limit)])
    return b"".join(chunks)


def _too_large(url: str, limit: int) -> str:
    return _("%(url)s：超过%(limit)s字节") % {"url": url, "limit": limit}


def _source(manifest: Path, where: str, path_or_url: str, limit: int) -> Fetched:
    if path_or_url.startswith(("http://", "https://")):
        try:
            return Fetched(path_or_url, fetch(path_or_url, limit=limit))
        except SupervisionError as exc:
            raise SupervisionError([f"{where}: {exc}"]) from None
    path = Path(path_or_url)
    if not path.is_absolute():
        path = manifest.parent / path
    try:
        return Fetched(path.name, path.read_bytes())
    except OSError as exc:
        raise SupervisionError(
            [f"{where}: cannot read {path} ({exc.strerror})"]
        ) from exc


def collect_manifest(
    manifest: Path, *, limit: int = FETCH_LIMIT
) -> list[CollectedReport]:
    """Read every file of the manifest and store them; return the stored rows.

    Raises:
        SupervisionError: every bad row (unknown agency, bad date, unreadable file, no
            report in it); nothing was stored.
    """
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SupervisionError([f"{manifest}: cannot read the file ({exc})"]) from exc
    rows = list(csv.reader(io.StringIO(text)))
    header = tuple(cell.strip() for cell in rows[0]) if rows else ()
    if header[: len(MANIFEST_COLUMNS)] != MANIFEST_COLUMNS:
        raise SupervisionError(
            [f"{manifest}: line 1: the header must be {','.join(MANIFEST_COLUMNS)}"]
        )
    problems: list[str] = []
    read: list[tuple[Agency, CoreReport, Fetched]] = []
    agencies = {a.code: a for a in Agency.objects.all()}
    for number, cells in enumerate(rows[1:], start=2):
        values = [c.strip() for c in cells] + ["", "", ""]
        code, path_or_url, published = values[:3]
        if not any(values):
            continue
        where = f"{manifest.name} line {number}"
        agency = agencies.get(code)
        if agency is None:
            problems.append(f"{where}: no agency with code {code!r}")
            continue
        try:
            published_on = date.fromisoformat(published) if published else None
        except ValueError:
            problems.append(f"{where}: published_on {published!r} is not YYYY-MM-DD")
            continue
        try:
            fetched = _source(manifest, where, path_or_url, limit)
            core = collect(code, fetched.data, fetched.name, published_on=published_on)
        except SupervisionError as exc:
            problems += exc.problems
            continue
        except GongkaiError as exc:
            problems.append(f"{where}: {exc}")
            continue
        read.append((agency, core, fetched))
    if problems:
        raise SupervisionError(problems)
    stored = [
        store(
            agency,
            core,
            fetched.data,
            provenance={"via": "manifest", "manifest": manifest.name},
        )
        for agency, core, fetched in read
    ]
    # check what came in now, so the first overview does not have to
    touched = sorted({row.agency_id for row in stored})
    for year in sorted({row.year for row in stored}):
        refresh_around(touched, year)
    return stored


def store(
    agency: Agency,
    core: CoreReport,
    data: bytes,
    *,
    provenance: dict[str, Any] | None = None,
    job: Job | None = None,
) -> CollectedReport:
    """Keep a collected report and its original file (the same file is kept once).

    `provenance` says how it came (`{"via": "upload", "name": …}`, see the model).
    """
    fields = CollectedReport.fields_from(core)
    fields["provenance"] = {"name": core.source, **(provenance or {})}
    fields["job"] = job
    with transaction.atomic():
        row = CollectedReport.objects.filter(
            agency=agency, year=fields["year"], sha256=fields["sha256"]
        ).first()
        if row is not None:
            return row
        row = CollectedReport(agency=agency, **fields)
        name = Path(core.source.split("?")[0].rstrip("/")).name or "report"
        row.file.save(name, ContentFile(data), save=False)
        row.save()
    return row


def region_reports(code: str) -> tuple[Agency, list[str], list[CoreReport]]:
    """The region's agency, the codes below it, and their latest report of each year
    (with the supervisors' corrections laid over it).

    Raises:
        SupervisionError: no agency with that code.
    """
    region, expected, rows = _region_rows(code)
    return region, expected, [row.to_core() for row in rows]


def _region_rows(code: str) -> tuple[Agency, list[str], list[CollectedReport]]:
    region = Agency.objects.filter(code=code).first()
    if region is None:
        raise SupervisionError([f"no agency with code {code!r}"])
    agencies = below(region)
    latest: dict[tuple[int, int], CollectedReport] = {}
    rows = (
        CollectedReport.objects.filter(agency__in=agencies)
        .select_related("agency")
        .prefetch_related("corrections")
    )
    for row in rows.order_by("collected_at", "pk"):
        latest[(row.agency_id, row.year)] = row
    # the region's own node reports only when it has a report (a government office)
    has_own = any(agency_id == region.pk for agency_id, _year in latest)
    expected = [a.code for a in agencies if a.pk != region.pk or has_own]
    return region, expected, list(latest.values())


def check(
    code: str, year: int, *, jump: JumpThreshold = DEFAULT_JUMP
) -> list[SupervisionFinding]:
    """The findings of the region's year; a corrected cell is an info finding saying
    the checks read the corrected value."""
    _, expected, rows = _region_rows(code)
    reports = [row.to_core() for row in rows]
    findings = check_region(reports, year, agencies=expected, jump=jump)
    return findings + corrected_findings(rows, year)


def agency_names(codes: Iterable[str]) -> dict[str, str]:
    """Code → name of the agencies `codes`."""
    return dict(Agency.objects.filter(code__in=list(codes)).values_list("code", "name"))


def findings_workbook(findings: list[SupervisionFinding]) -> bytes:
    """The findings as XLSX (one row each), with the agencies' names."""
    return findings_xlsx(findings, agency_names(f.agency for f in findings))


def notice(code: str, year: int, *, issued_on: date | None = None) -> bytes:
    """The DOCX draft of the 通报 on the check of the region's reports of `year`."""
    region, expected, reports = region_reports(code)
    current = [r for r in reports if r.year == year]
    deadline = date(year + 1, 1, 31)
    facts = NoticeFacts(
        region=region.name,
        year=year,
        expected=expected,
        collected=sorted({r.agency for r in current}),
        late=sorted(
            {r.agency for r in current if r.published_on and r.published_on > deadline}
        ),
        undated=sorted({r.agency for r in current if r.published_on is None}),
        issued_on=issued_on,
    )
    findings = check(code, year)
    return notice_docx(facts, findings, agency_names(expected))


def compile_year(code: str, year: int) -> Compilation:
    """The region's aggregate of `year`; its notes name every corrected cell summed."""
    region, expected, rows = _region_rows(code)
    compilation = compile_region(
        [row.to_core() for row in rows], year, region=region.name, agencies=expected
    )
    for finding in corrected_findings(rows, year):
        if finding.agency in compilation.included:
            compilation.notes.append(
                (
                    f"{finding.agency} {finding.path}：{finding.message_zh}",
                    f"{finding.agency} {finding.path}: {finding.message_en}",
                )
            )
    return compilation
