"""The PDF of a published version as a job (LibreOffice takes seconds per report).

Publishing from the back office stores HTML and DOCX at once and queues this job; it
renders the PDF from the version's frozen JSON and stores it as the version's
`AddedFile` (`services.add_pdf`). A version that has its PDF already is left alone, so
a second delivery does nothing. A failure is retried with backoff (LibreOffice crashes
now and then); one that fails for good shows on the report page with a retry button.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai_web.annual import services
from gongkai_web.annual.files import has_pdf
from gongkai_web.annual.models import ReportVersion
from gongkai_web.jobs.models import Job
from gongkai_web.jobs.registry import JobFailed, job_kind
from gongkai_web.jobs.services import enqueue

KIND = "annual.render_pdf"


def pdf_job_key(version: ReportVersion) -> str:
    return f"{KIND}:{version.pk}"


def enqueue_pdf(
    version: ReportVersion, user: AbstractBaseUser | AnonymousUser | None
) -> Job:
    """Queue the rendering of the version's PDF (run at once without a broker)."""
    return enqueue(
        KIND,
        key=pdf_job_key(version),
        agency=version.agency,
        user=user,
        label=f"生成{version.year}年度报告第{version.number}版PDF",
        arguments={"version": version.pk, "year": version.year},
    )


# RendererUnavailable is a GongkaiError but may pass (a crash, a busy profile): retried.
@job_kind(KIND, max_attempts=4, final=(JobFailed,))
def render_pdf(job: Job) -> dict[str, Any]:
    """Render and store the PDF of the job's version, unless it has one."""
    version = (
        ReportVersion.objects.select_related("agency")
        .filter(pk=job.arguments["version"])
        .first()
    )
    if version is None:
        raise JobFailed(f"version {job.arguments['version']} does not exist")
    if has_pdf(version):
        return {"lines": [f"第{version.number}版已有PDF (has its PDF already)"]}
    added = services.add_pdf(version, job.created_by)
    return {
        "lines": [f"已生成第{version.number}版PDF ({len(bytes(added.data))} bytes)"],
        "added_file": added.pk,
    }
