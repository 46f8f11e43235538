"""The collection jobs: `supervision.collect` splits, `supervision.collect_part` reads.

A part reads every file first (the slow part, no database write), then stores the
reports in one short write: on SQLite two workers do not hold the write lock while
reading. A file it cannot read, or that holds another year's report, is listed in its
`problems`; anything else (a locked database, a worker killed) fails the part in
passing and the jobs framework runs it again (storing is idempotent: the same file of
the same agency and year is one row).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from gongkai.errors import GongkaiError
from gongkai.report.codec import parse_report
from gongkai.report.validate import validate
from gongkai.supervision import CollectedReport as CoreReport
from gongkai.supervision import collect, find_tampering
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.models import ReportVersion
from gongkai_web.jobs.models import Job
from gongkai_web.jobs.registry import JobFailed, job_kind
from gongkai_web.jobs.services import enqueue, is_queued_on_broker
from gongkai_web.supervision.collection import (
    KIND,
    PART,
    PART_SIZE,
    note_progress,
    refresh_checks,
    tally_parts,
)
from gongkai_web.supervision.services import SupervisionError, fetch, store


@job_kind(KIND, max_attempts=3, final=(JobFailed,))
def split_collection(job: Job) -> dict[str, Any]:
    """Queue the parts of a collection, each with its share of the files."""
    items: list[dict[str, Any]] = job.arguments["items"]
    blob = bytes(job.data)
    archive = zipfile.ZipFile(io.BytesIO(blob)) if blob else None
    count = 0
    for count, start in enumerate(range(0, len(items), PART_SIZE), start=1):
        share = items[start : start + PART_SIZE]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as part:
            for item in share:
                if "member" in item and archive is not None:
                    part.writestr(item["member"], archive.read(item["member"]))
        enqueue(
            PART,
            key=f"{job.key}:{count}",
            agency=job.agency,
            user=job.created_by,
            label=f"{job.label} 第{count}部分",
            arguments={
                "collection": job.pk,
                "year": job.arguments["year"],
                "items": share,
                "timeout": job.arguments["timeout"],
                "limit": job.arguments["limit"],
                "by": job.arguments.get("by", ""),
            },
            data=out.getvalue() if any("member" in i for i in share) else b"",
        )
    if not is_queued_on_broker():  # the parts ran already, in this transaction
        refresh_checks(job)
        tally = tally_parts(job)
        tally.pop("open_parts")
        return tally | {"state": "done", "problems": len(tally["problems"])}
    return {"parts": count, "total": len(items), "done": 0, "percent": 0}


@job_kind(PART, max_attempts=5, final=(JobFailed,))
def collect_part(job: Job) -> dict[str, Any]:
    """Read the part's files, store what holds a report of the year, list the rest."""
    year = int(job.arguments["year"])
    blob = bytes(job.data)
    archive = zipfile.ZipFile(io.BytesIO(blob)) if blob else None
    agencies = {
        a.code: a
        for a in Agency.objects.filter(
            code__in={i["agency"] for i in job.arguments["items"]}
        )
    }
    read: list[tuple[dict[str, Any], CoreReport, bytes]] = []
    problems: list[str] = []
    for item in job.arguments["items"]:
        where = f"{item.get('container') + ': ' if item.get('container') else ''}"
        where += item["name"]
        try:
            core, data = _read(item, archive, job.arguments)
        except GongkaiError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if core.year != year:
            problems.append(
                f"{where}: holds the {core.year} report, not {year}'s "
                f"(读出的是{core.year}年度报告)"
            )
            continue
        read.append((item, core, data))
    stored = []
    for item, core, data in read:
        provenance: dict[str, Any] = {
            k: item[k]
            for k in ("via", "name", "container", "url", "version")
            if k in item
        }
        if job.arguments.get("by"):
            provenance["by"] = job.arguments["by"]
        row = store(
            agencies[item["agency"]], core, data, provenance=provenance, job=job
        )
        stored.append(row.pk)
    parent = job.arguments["collection"]
    if is_queued_on_broker():  # in-process, the collection job notes it once
        transaction.on_commit(lambda: note_progress(parent))
    return {
        "items": len(job.arguments["items"]),
        "collected": len(stored),
        "reports": stored,
        "problems": problems,
    }


def _read(
    item: dict[str, Any], archive: zipfile.ZipFile | None, arguments: dict[str, Any]
) -> tuple[CoreReport, bytes]:
    published = (
        date.fromisoformat(item["published_on"]) if item["published_on"] else None
    )
    code, name = item["agency"], item["name"]
    if "version" in item:
        return _from_version(code, item["version"])
    if "member" in item:
        if archive is None:
            raise JobFailed(f"the uploaded file of {name} is missing from the job")
        data = archive.read(item["member"])
    elif "url" in item:
        try:
            data = fetch(
                item["url"], timeout=arguments["timeout"], limit=arguments["limit"]
            )
        except SupervisionError as exc:
            raise SupervisionError([str(exc).split(": ", 1)[-1]]) from None
        name = item["url"]
    else:
        try:
            data = Path(item["path"]).read_bytes()
        except OSError as exc:
            raise SupervisionError(
                [f"cannot read {item['path']} ({exc.strerror})"]
            ) from exc
    return collect(code, data, name, published_on=published), data


def _from_version(code: str, pk: int) -> tuple[CoreReport, bytes]:
    """A version published in Gongkai: its frozen canonical JSON is the original."""
    version = ReportVersion.objects.filter(pk=pk).first()
    if version is None:
        raise SupervisionError([f"published version {pk} does not exist"])
    data = version.canonical_json.encode("utf-8")
    report = parse_report(
        version.canonical_json, f"{code} {version.year} v{version.number}"
    )
    lines = [
        line for text in (report.sections or {}).values() for line in text.splitlines()
    ]
    core = CoreReport(
        agency=code,
        source=f"{code}_{version.year}_v{version.number}.json",
        sha256=hashlib.sha256(data).hexdigest(),
        report=report,
        notes=[],
        findings=validate(report),
        tampering=find_tampering(lines),
        published_on=report.published_on or version.published_at.date(),
    )
    return core, data
